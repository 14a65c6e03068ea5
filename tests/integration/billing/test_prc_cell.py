"""Billing in the mainland cell: PRC tenants only (R-RES-2), PRC reorder periods (R-BIL-5)."""
from __future__ import annotations

import grpc
import pytest

from okki_api.billing.v1 import billing_pb2 as pb
from platformkit.testing import refusal
from tests.integration.billing.conftest import INTL, PRC

pytestmark = pytest.mark.integration


def test_a_prc_reorder_counts_from_the_day_after_expiry_in_the_cn_cell_R_BIL_5(billing_cn):
    billing_cn.set_price("8000.00", currency="CNY")
    billing_cn.pay(billing_cn.place(PRC, currency="CNY"))
    billing_cn.clock.advance(days=400)
    reorder = billing_cn.pay(billing_cn.place(PRC, key="o2", currency="CNY"), "p2")
    assert (reorder.kind, reorder.period_start, reorder.period_end) == (pb.ORDER_KIND_REORDER, "2027-01-05",
                                                                        "2028-01-04")


def test_the_cn_cell_refuses_an_intl_tenant_R_RES_2(billing_cn):
    found = refusal(lambda: billing_cn.place(INTL))
    assert (found["code"], found["reason"]) == (grpc.StatusCode.FAILED_PRECONDITION, "WRONG_CELL")
