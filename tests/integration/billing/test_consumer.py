"""Billing's bus consumer: identity.TenantCancelled, applied once however often it is delivered."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from contracts.events.v1.identity import TenantCancelled
from okki_api.billing.v1 import billing_pb2 as pb
from services.billing.adapters import tables
from tests.integration.billing.conftest import INTL, PRC

pytestmark = pytest.mark.integration


def test_a_redelivered_tenant_cancelled_voids_unpaid_orders_once(billing):
    billing.set_price("1200.00")
    order = billing.place()
    event = TenantCancelled(tenant_id=INTL, reason="main_account_cancelled")
    billing.deliver(event, "evt-1", "void_orders_of_cancelled_tenant")
    billing.deliver(event, "evt-1", "void_orders_of_cancelled_tenant")
    voided = billing.stub.GetOrder(pb.GetOrderRequest(order_id=order.order_id))
    assert (voided.status, voided.void_reason) == (pb.ORDER_STATUS_VOIDED, "tenant_cancelled")
    assert billing.published() == ["OrderPlaced", "OrderVoided"]


def test_another_cells_tenant_is_dead_lettered_not_applied_R_RES_2(billing):
    billing.deliver(TenantCancelled(tenant_id=PRC, reason="x"), "evt-2", "void_orders_of_cancelled_tenant")
    with billing.engine.connect() as conn:
        dead = conn.execute(sa.select(tables.platform["dead_letters"].c.reason)).scalars().all()
    assert len(dead) == 1 and "WrongCell" in dead[0]
    assert billing.published() == []
