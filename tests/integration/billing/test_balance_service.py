"""The pay-as-you-go balance over real gRPC and PostgreSQL: rating (R-BIL-6), debt and damages (R-BIL-7)."""
from __future__ import annotations

import grpc
import pytest

from okki_api.billing.v1 import billing_pb2 as pb
from platformkit.testing import table_counts
from platformkit.testing import refusal
from tests.integration.billing.conftest import INTL, usd

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def meter(billing):
    billing.stub.SetUsagePrice(pb.SetUsagePriceRequest(meter="api_calls", unit_price=usd("0.01"),
                                                       effective_from="2026-01-05", idempotency_key="m-1"))


def top_up(billing, amount: str, key: str) -> pb.AccountStanding:
    return billing.stub.TopUp(pb.TopUpRequest(tenant_id=INTL, amount=usd(amount), idempotency_key=key))


def use(billing, quantity: str, key: str, cycle=pb.BILLING_CYCLE_DAY) -> pb.UsageCycle:
    return billing.stub.RecordUsage(pb.RecordUsageRequest(tenant_id=INTL, meter="api_calls", quantity=quantity,
                                                          cycle=cycle, idempotency_key=key))


def standing(billing) -> pb.AccountStanding:
    return billing.stub.GetAccountStanding(pb.GetAccountStandingRequest(tenant_id=INTL))


def test_a_tenant_without_a_balance_has_no_debt(billing):
    assert standing(billing) == pb.AccountStanding(has_debt=False)


def test_usage_is_rated_per_cycle_and_deducted_R_BIL_6(billing):
    assert top_up(billing, "50.00", "t-1").balance.amount == "50.00"
    use(billing, "1000", "u-1", pb.BILLING_CYCLE_HOUR)
    cycle = use(billing, "234.5", "u-2", pb.BILLING_CYCLE_HOUR)
    assert use(billing, "234.5", "u-2", pb.BILLING_CYCLE_HOUR) == cycle  # a retry adds nothing
    assert (cycle.quantity, cycle.starts_at, cycle.rated) == ("1234.5", "2026-01-05T09:00:00+00:00", False)
    billing.clock.advance(hours=1)
    assert "rated 1" in billing.sweep()
    assert standing(billing).balance.amount == "37.65"  # 12.345 rounds half-up to 12.35
    assert "rated 0" in billing.sweep()


def test_overdue_debt_accrues_damages_until_a_top_up_settles_it_R_BIL_7(billing):
    top_up(billing, "10.00", "t-1")
    use(billing, "101000", "u-1")  # 1010.00 for the day
    billing.clock.advance(days=1)
    assert "1 debts became overdue" in billing.sweep()
    assert "0 debts became overdue" in billing.sweep()
    billing.clock.advance(days=5)
    now = standing(billing)
    assert (now.has_debt, now.balance.amount, now.damages.amount, now.debt.amount, now.overdue_since) == (
        True, "-1000.00", "5.00", "1005.00", "2026-01-06")
    top_up(billing, "1005.00", "t-2")
    assert not standing(billing).has_debt
    assert [t for t in billing.published() if t.startswith("Debt")] == ["DebtOverdue", "DebtSettled"]
    overdue = next(e for e in billing.outbox() if e["type"] == "DebtOverdue")["data"]
    assert (overdue["amount"], overdue["currency"], overdue["since"]) == ("1000.00", "USD", "2026-01-06")


def test_usage_before_any_top_up_is_refused_and_writes_nothing_R_BIL_6(billing):
    before = table_counts(billing.engine)
    found = refusal(lambda: use(billing, "1", "u-1"))
    assert (found["code"], found["reason"]) == (grpc.StatusCode.FAILED_PRECONDITION, "NO_BALANCE")
    found = refusal(lambda: billing.stub.RecordUsage(pb.RecordUsageRequest(tenant_id=INTL, meter="api_calls",
                                                                           quantity="-1", idempotency_key="u")))
    assert found["code"] == grpc.StatusCode.INVALID_ARGUMENT and {"quantity", "cycle"} <= set(found["violations"])
    assert table_counts(billing.engine) == before


def test_a_top_up_in_another_currency_is_refused_R_BIL_10(billing):
    top_up(billing, "10.00", "t-1")
    found = refusal(lambda: billing.stub.TopUp(pb.TopUpRequest(tenant_id=INTL, amount=usd("1.00", "SGD"),
                                                               idempotency_key="t-2")))
    assert found["code"] == grpc.StatusCode.INVALID_ARGUMENT and "amount.currency" in found["violations"]
