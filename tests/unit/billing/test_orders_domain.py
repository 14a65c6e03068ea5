"""Order kinds (R-BIL-1), periods (R-BIL-5), voiding (R-BIL-3) and exact payment (R-BIL-10)."""
import dataclasses
from datetime import date, datetime, timedelta, timezone

import pytest

from platformkit.errors import FailedPrecondition, InvalidArgument
from services.billing.domain import orders
from services.billing.domain.orders import Channel, Order, OrderKind, OrderStatus, Subscription
from services.billing.domain.periods import Period
from tests.unit.billing.fakes import money

PLACED = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)


def sub(start: date, end: date, order_id: str = "o-1") -> Subscription:
    return Subscription(order_id, "pro", Period(start, end), 12, 10, ())


def order(kind: OrderKind = OrderKind.NEW, **changes) -> Order:
    base = Order("o-9", "t-1", kind, Channel.SELF_SERVICE, None, None, "crm", "pro", 10, (), 12, False, (), (),
                 money("100.00"), money("0.00"), money("100.00"), PLACED)
    return dataclasses.replace(base, **changes)


CURRENT = sub(date(2025, 3, 1), date(2026, 2, 28))


@pytest.mark.parametrize("placed_on, expected", [
    (date(2026, 2, 1), OrderKind.RENEWAL),
    (date(2026, 2, 28), OrderKind.RENEWAL),
    (date(2026, 3, 1), OrderKind.REORDER),
])
def test_kind_follows_from_the_placing_date_and_the_current_period_R_BIL_1(placed_on, expected):
    assert orders.derive_kind([CURRENT], placed_on, add_on=False) is expected


def test_without_a_paid_period_an_order_is_new_R_BIL_1():
    assert orders.derive_kind([], date(2026, 1, 5), add_on=False) is OrderKind.NEW


def test_an_add_on_needs_a_period_running_on_the_day_it_is_placed_R_BIL_1():
    assert orders.derive_kind([CURRENT], date(2026, 1, 5), add_on=True) is OrderKind.ADD_ON
    with pytest.raises(FailedPrecondition):
        orders.derive_kind([CURRENT], date(2026, 3, 1), add_on=True)
    with pytest.raises(FailedPrecondition):
        orders.derive_kind([], date(2026, 1, 5), add_on=True)


def test_trials_and_unpaid_orders_are_not_paid_history_R_BIL_1():
    trial = order(status=OrderStatus.PAID, trial=True, period=Period(date(2026, 1, 1), date(2026, 1, 31)))
    unpaid = order(order_id="o-2")
    assert orders.subscriptions([trial, unpaid]) == []


def test_a_renewal_starts_the_day_after_the_current_period_ends_R_BIL_5():
    paid_on = date(2026, 3, 20)  # paid late: still no gap
    period = orders.period_bought(order(OrderKind.RENEWAL), [CURRENT], paid_on, "intl")
    assert period == Period(date(2026, 3, 1), date(2027, 2, 28))


def test_a_prc_reorder_counts_from_the_day_after_the_previous_period_ended_R_BIL_5():
    period = orders.period_bought(order(OrderKind.REORDER), [CURRENT], date(2026, 4, 10), "prc")
    assert period.start == date(2026, 3, 1)


def test_an_intl_reorder_starts_when_activated_by_payment_R_BIL_5():
    period = orders.period_bought(order(OrderKind.REORDER), [CURRENT], date(2026, 4, 10), "intl")
    assert period == Period(date(2026, 4, 10), date(2027, 4, 9))


def test_a_new_order_starts_on_payment_and_lasts_its_term_R_BIL_4():
    period = orders.period_bought(order(OrderKind.NEW, term_months=6), [], date(2026, 1, 6), "intl")
    assert period == Period(date(2026, 1, 6), date(2026, 7, 5))


def test_a_period_never_overlaps_one_already_bought_R_BIL_5():
    period = orders.period_bought(order(OrderKind.NEW), [CURRENT], date(2026, 1, 6), "intl")
    assert period.start == date(2026, 3, 1)


def test_an_order_unpaid_for_more_than_7_days_is_stale_R_BIL_3():
    assert not orders.is_stale(order(), PLACED + timedelta(days=7))
    assert orders.is_stale(order(), PLACED + timedelta(days=7, seconds=1))
    assert not orders.is_stale(order(status=OrderStatus.PAID), PLACED + timedelta(days=30))


def test_payment_must_equal_the_amount_due_with_its_currency_R_BIL_10():
    with pytest.raises(InvalidArgument) as short:
        orders.check_payment(order(), money("99.99"), PLACED)
    assert short.value.violations[0].field == "amount.amount"
    with pytest.raises(InvalidArgument) as currency:
        orders.check_payment(order(), money("100.00", "SGD"), PLACED)
    assert currency.value.violations[0].field == "amount.currency"
    orders.check_payment(order(), money("100"), PLACED)


def test_a_void_or_stale_order_cannot_be_paid_R_BIL_3():
    with pytest.raises(FailedPrecondition):
        orders.check_payment(order(status=OrderStatus.VOIDED), money("100.00"), PLACED)
    with pytest.raises(FailedPrecondition):
        orders.check_payment(order(), money("100.00"), PLACED + timedelta(days=8))
