"""Identity's consumer as the bus drives it: envelopes in, handlers applied once, refusals dead-lettered."""
from datetime import date

import pytest
from nameko.testing.services import worker_factory

from contracts.events.v1.billing import OrderPaid
from contracts.events.v1.entitlement import TenantPurgeDue, TrialEnded
from platformkit.events import encode
from platformkit.testing import table_counts
from services.identity.domain import commands
from services.identity.entrypoints.bus import IdentityConsumer
from services.identity.handlers import tenants

pytestmark = pytest.mark.integration


@pytest.fixture
def consumer(app):
    return worker_factory(IdentityConsumer, app=app, headers={})


@pytest.fixture
def tenant_id(app):
    cmd = commands.CreateTenant(jurisdiction="intl", company_name="Acme Trading Ltd", channel="self_service",
                                distributor_id=None, idempotency_key="k-1")
    return tenants.create_tenant(cmd, app.uow(), app.directory, app.cell).tenant_id


def envelope(event, clock, event_id: str, cell: str = "sg") -> dict:
    return encode(event, cell=cell, occurred_at=clock.now(), event_id=event_id).as_dict()


def order_paid(tenant_id: str, clock) -> OrderPaid:
    return OrderPaid(tenant_id=tenant_id, order_id="o-1", kind="new", product="crm", plan="pro", seats=3, modules=(),
                     trial=False, paid_at=clock.now())


def test_a_redelivered_order_paid_changes_nothing_R_ID_1(consumer, tenant_id, clock, engine):
    consumer.order_paid(envelope(order_paid(tenant_id, clock), clock, "evt-1"))
    before = table_counts(engine)

    consumer.order_paid(envelope(order_paid(tenant_id, clock), clock, "evt-1"))

    assert table_counts(engine) == before
    assert before["activation_links"] == before["notifications"] == 1


def test_a_redelivered_purge_due_changes_nothing_R_ID_8(consumer, tenant_id, clock, engine):
    consumer.order_paid(envelope(order_paid(tenant_id, clock), clock, "evt-1"))
    purge = TenantPurgeDue(tenant_id=tenant_id, expired_on=date(2025, 7, 1), purge_on=date(2026, 1, 1))

    consumer.tenant_purge_due(envelope(purge, clock, "evt-2"))
    after_first = table_counts(engine)
    consumer.tenant_purge_due(envelope(purge, clock, "evt-2"))

    assert after_first["activation_links"] == 0
    assert table_counts(engine) == after_first


def test_a_trial_end_for_a_tenant_that_never_paid_reclaims_what_it_holds_R_ID_8(consumer, tenant_id, clock, engine):
    consumer.order_paid(envelope(order_paid(tenant_id, clock), clock, "evt-1"))

    consumer.trial_ended(envelope(TrialEnded(tenant_id=tenant_id, entitlement_id="e-1", ended_on=date(2026, 1, 5)),
                                  clock, "evt-3"))

    assert table_counts(engine)["activation_links"] == 0


def test_another_cells_tenant_is_dead_lettered_never_applied_R_RES_2(consumer, directory, clock, engine):
    """R-RES-2: an event about another cell's tenant never changes this cell's data."""
    directory.register("t_cn_1", "prc", clock.now())

    consumer.order_paid(envelope(order_paid("t_cn_1", clock), clock, "evt-1"))

    counts = table_counts(engine)
    assert (counts["dead_letters"], counts["activation_links"], counts["inbox"]) == (1, 0, 0)
