"""Refunds on early termination (R-BIL-9) and the liability cap (R-BIL-11)."""
import dataclasses
from datetime import date, datetime, timezone

import pytest

from platformkit.errors import FailedPrecondition
from services.billing.domain import refunds
from services.billing.domain.orders import Channel, Order, OrderKind, OrderStatus
from services.billing.domain.periods import Period
from services.billing.domain.refunds import RefundCause
from tests.unit.billing.fakes import money

YEAR = Period(date(2026, 1, 1), date(2026, 12, 31))
PAID = Order("o-1", "t-1", OrderKind.NEW, Channel.SELF_SERVICE, None, None, "crm", "pro", 10, (), 12, False, (), (),
             money("3650.00"), money("0.00"), money("3650.00"), datetime(2025, 12, 20, tzinfo=timezone.utc),
             status=OrderStatus.PAID, paid_at=datetime(2025, 12, 21, tzinfo=timezone.utc), period=YEAR)


def test_no_refund_when_terminated_for_the_clients_breach_R_BIL_9():
    with pytest.raises(FailedPrecondition) as err:
        refunds.refund_for(PAID, RefundCause.CLIENT_BREACH, date(2026, 6, 30), "r-1", date(2026, 6, 30))
    assert err.value.reason == "NO_REFUND_FOR_CLIENT_BREACH"


def test_provider_termination_refunds_the_unused_days_pro_rata_R_BIL_9():
    refund = refunds.refund_for(PAID, RefundCause.PROVIDER_TERMINATION, date(2026, 10, 19), "r-1",
                                date(2026, 9, 19))
    assert (refund.unused_days, refund.period_days) == (73, 365)
    assert refund.amount == money("730.00")


def test_a_refund_is_exact_and_rounded_half_up_once_R_BIL_9():
    odd = dataclasses.replace(PAID, amount_due=money("100.00"))
    refund = refunds.refund_for(odd, RefundCause.PROVIDER_TERMINATION, date(2026, 12, 30), "r-1", date(2026, 12, 1))
    assert refund.amount == money("0.27")  # 100 x 1/365 = 0.2739...


def test_a_period_not_yet_started_is_refunded_in_full_R_BIL_9():
    refund = refunds.refund_for(PAID, RefundCause.PROVIDER_TERMINATION, date(2025, 12, 25), "r-1",
                                date(2025, 12, 25))
    assert refund.amount == money("3650.00")


def test_an_unpaid_or_already_refunded_order_is_not_refunded_R_BIL_9():
    for status in (OrderStatus.PLACED, OrderStatus.VOIDED, OrderStatus.REFUNDED):
        with pytest.raises(FailedPrecondition):
            refunds.refund_for(dataclasses.replace(PAID, status=status), RefundCause.PROVIDER_TERMINATION,
                               date(2026, 6, 30), "r-1", date(2026, 6, 30))


def test_the_liability_cap_is_the_fees_paid_in_the_past_12_months_net_of_refunds_R_BIL_11():
    payments = [("o-1", date(2025, 3, 15), money("1000.00")), ("o-2", date(2025, 3, 16), money("200.00")),
                ("o-3", date(2026, 3, 15), money("50.00")), ("o-4", date(2026, 3, 16), money("9999.00"))]
    refunded = {"o-2": money("30.00"), "o-1": money("77.00")}
    cap = refunds.liability_cap(payments, refunded, date(2026, 3, 15), "USD")
    assert cap == money("220.00")  # 200 - 30 + 50: the 2025-03-15 payment is 12 months old, out
    assert refunds.liability_window(date(2026, 3, 15)) == Period(date(2025, 3, 16), date(2026, 3, 15))
