"""Order handlers over the fake unit of work: kinds, periods, prices, promotions, voiding, retries."""
from datetime import date

import pytest

from contracts.events.v1 import billing as events
from platformkit.errors import AlreadyExists, FailedPrecondition, InvalidArgument, NotFound, WrongCell
from services.billing import handlers
from services.billing.domain import commands as cmds
from services.billing.domain.orders import Channel, ClientInfo, OrderKind, OrderStatus
from services.billing.domain.periods import Period
from tests.unit.billing.conftest import INTL, PRC, buy, pay, place, seed_catalog, set_price
from tests.unit.billing.fakes import money


@pytest.fixture(autouse=True)
def catalog(uow):
    seed_catalog(uow)
    seed_catalog(uow, "CNY")


def test_placing_an_order_prices_it_and_publishes_order_placed(uow, guard):
    order = place(uow, guard, modules=("ai", "onboarding"))
    assert order.status is OrderStatus.PLACED and order.kind is OrderKind.NEW
    assert order.amount_due == money("13700.00")  # 10 x 1200 + 10 x 120 + 500
    [placed] = uow.of_type(events.OrderPlaced)
    assert (placed.order_id, placed.kind, placed.channel, placed.placed_on) == (
        order.order_id, "new", "self_service", date(2026, 1, 5))


def test_order_kinds_are_derived_from_paid_history_and_dates_R_BIL_1(uow, guard, clock):
    first = buy(uow, guard, "o1")
    assert first.kind is OrderKind.NEW and first.period == Period(date(2026, 1, 5), date(2027, 1, 4))
    clock.advance(days=300)
    renewal = place(uow, guard, idempotency_key="o2")
    assert renewal.kind is OrderKind.RENEWAL
    add_on = place(uow, guard, idempotency_key="o3", seats=2, term_months=0, add_on=True)
    assert add_on.kind is OrderKind.ADD_ON
    clock.advance(days=100)  # 2027-02-09: the first period ended, the renewal was never paid
    assert place(uow, guard, idempotency_key="o4").kind is OrderKind.REORDER


def test_a_renewal_period_follows_the_current_one_without_gap_R_BIL_5(uow, guard, clock):
    buy(uow, guard, "o1")
    clock.advance(days=360)
    renewal = place(uow, guard, idempotency_key="o2")
    clock.advance(days=6)  # paid after the current period ended: still no gap
    paid = pay(uow, renewal, "p2")
    assert paid.period == Period(date(2027, 1, 5), date(2028, 1, 4))
    assert uow.of_type(events.OrderPaid)[-1].period_start == date(2027, 1, 5)


def test_a_prc_reorder_is_counted_from_the_day_after_expiry_R_BIL_5(uow, cn_guard, clock):
    buy(uow, cn_guard, "o1", tenant_id=PRC, currency="CNY")
    clock.advance(days=400)  # expired 2027-01-04
    reorder = buy(uow, cn_guard, "o2", tenant_id=PRC, currency="CNY")
    assert reorder.kind is OrderKind.REORDER
    assert reorder.period.start == date(2027, 1, 5)


def test_an_intl_reorder_starts_on_activation_R_BIL_5(uow, guard, clock):
    buy(uow, guard, "o1")
    clock.advance(days=400)
    reorder = buy(uow, guard, "o2")
    assert reorder.kind is OrderKind.REORDER
    assert reorder.period.start == clock.today()


def test_an_order_keeps_the_price_of_the_day_it_was_placed_R_BIL_12(uow, guard, clock):
    set_price(uow, "2400.00", effective_from=date(2026, 1, 6))
    before = place(uow, guard, idempotency_key="o1")
    clock.advance(days=1)
    after = place(uow, guard, idempotency_key="o2", tenant_id="t-intl-2")
    assert before.amount_due == money("12000.00") and after.amount_due == money("24000.00")
    assert pay(uow, before).amount_due == money("12000.00")
    assert handlers.get_order(before.order_id, uow).lines[0].unit_price == money("1200.00")


def test_combining_a_non_stackable_promotion_is_refused_R_BIL_8(uow, guard):
    for code, stackable in (("SPRING", False), ("VIP", True)):
        handlers.create_promotion(cmds.CreatePromotion(code, money("10").amount, None, stackable,
                                                       date(2026, 1, 1), date(2026, 12, 31), f"p-{code}"), uow)
    with pytest.raises(InvalidArgument) as err:
        place(uow, guard, promotion_codes=("SPRING", "VIP"))
    assert err.value.violations[0].field == "promotion_codes"
    assert uow.store.orders == {} and uow.events == []
    assert place(uow, guard, promotion_codes=("SPRING",)).amount_due == money("10800.00")


def test_an_unknown_promotion_is_an_invalid_argument(uow, guard):
    with pytest.raises(InvalidArgument):
        place(uow, guard, promotion_codes=("NOPE",))


def test_a_retried_order_with_the_same_key_changes_nothing(uow, guard):
    first = place(uow, guard)
    again = place(uow, guard)
    assert again == first
    assert len(uow.store.orders) == 1 and len(uow.of_type(events.OrderPlaced)) == 1


def test_a_key_reused_for_another_order_is_refused(uow, guard):
    place(uow, guard)
    with pytest.raises(AlreadyExists):
        place(uow, guard, seats=11)


def test_a_retried_payment_changes_nothing(uow, guard):
    order = place(uow, guard)
    paid = pay(uow, order)
    assert pay(uow, order) == paid
    assert len(uow.of_type(events.OrderPaid)) == 1


def test_paying_a_paid_order_with_a_new_key_is_refused(uow, guard):
    order = place(uow, guard)
    pay(uow, order)
    with pytest.raises(FailedPrecondition):
        pay(uow, order, "pay-2")


def test_a_payment_must_match_the_amount_due_exactly_R_BIL_10(uow, guard):
    order = place(uow, guard)
    with pytest.raises(InvalidArgument):
        handlers.record_payment(cmds.RecordPayment(order.order_id, money("11999.99"), "p"), uow)
    assert handlers.get_order(order.order_id, uow).status is OrderStatus.PLACED


def test_the_sweep_voids_orders_unpaid_7_days_after_placing_R_BIL_3(uow, guard, clock):
    order = place(uow, guard)
    clock.advance(days=7)
    assert "voided 0" in handlers.sweep(uow)
    clock.advance(seconds=1)
    assert "voided 1" in handlers.sweep(uow)
    voided = handlers.get_order(order.order_id, uow)
    assert voided.status is OrderStatus.VOIDED and voided.void_reason == "unpaid_7_days"
    assert [e.order_id for e in uow.of_type(events.OrderVoided)] == [order.order_id]
    with pytest.raises(FailedPrecondition):
        pay(uow, order)
    assert "voided 0" in handlers.sweep(uow)


def test_an_order_cannot_be_paid_after_7_days_even_before_the_sweep_R_BIL_3(uow, guard, clock):
    order = place(uow, guard)
    clock.advance(days=8)
    with pytest.raises(FailedPrecondition):
        pay(uow, order)


def test_a_trial_is_free_paid_when_placed_and_not_paid_history(uow, guard):
    trial = place(uow, guard, trial=True, term_months=1)
    assert trial.status is OrderStatus.PAID and trial.amount_due == money("0.00")
    assert trial.period == Period(date(2026, 1, 5), date(2026, 2, 4))
    assert uow.of_type(events.OrderPaid)[0].trial
    assert place(uow, guard, idempotency_key="o2").kind is OrderKind.NEW
    with pytest.raises(FailedPrecondition):
        place(uow, guard, idempotency_key="o3", trial=True, term_months=1)


def test_an_add_on_pays_pro_rata_and_announces_the_new_totals(uow, guard, clock):
    base = buy(uow, guard, "o1", modules=("ai",))
    clock.set(clock.now().replace(month=10, day=20))  # 77 of the 365 days remain
    add_on = buy(uow, guard, "o2", seats=5, modules=("onboarding",), term_months=0, add_on=True)
    assert add_on.base_order_id == base.order_id
    # plan 5 x 1200 x 77/365 = 1265.75; ai 5 x 120 x 77/365 = 126.58; onboarding 500 flat
    assert add_on.amount_due == money("1892.33")
    paid = uow.of_type(events.OrderPaid)[-1]
    assert (paid.kind, paid.seats, paid.modules, paid.period_start) == ("add_on", 15, ("ai", "onboarding"), None)


def test_the_tenant_keeps_one_currency_R_BIL_10(uow, guard):
    place(uow, guard)
    with pytest.raises(InvalidArgument) as err:
        place(uow, guard, idempotency_key="o2", currency="CNY")
    assert err.value.violations[0].field == "currency"


def test_another_cells_tenant_is_refused_before_anything_is_written_R_RES_2(uow, guard):
    with pytest.raises(WrongCell):
        place(uow, guard, tenant_id=PRC, currency="CNY")
    with pytest.raises(NotFound):
        place(uow, guard, tenant_id="t-unknown")
    assert uow.store.orders == {} and uow.store.accounts == {}


def test_orders_list_in_pages(uow, guard, clock):
    ids = []
    for n in range(3):
        ids.append(place(uow, guard, idempotency_key=f"o{n}").order_id)
        clock.advance(minutes=1)
    first, after = handlers.list_orders(cmds.ListOrders(INTL, 2, None), uow, guard)
    rest, end = handlers.list_orders(cmds.ListOrders(INTL, 2, after), uow, guard)
    assert [o.order_id for o in first + rest] == ids and end is None


def test_a_cancelled_tenants_unpaid_orders_are_voided_once_even_if_redelivered(uow, guard):
    order = place(uow, guard)
    command = cmds.VoidOrdersOfCancelledTenant(INTL, "evt-1")
    assert handlers.void_orders_of_cancelled_tenant(command, uow) == 1
    assert handlers.void_orders_of_cancelled_tenant(command, uow) == 0
    assert handlers.get_order(order.order_id, uow).void_reason == "tenant_cancelled"
    assert len(uow.of_type(events.OrderVoided)) == 1


def test_a_distributor_order_keeps_the_clients_business_information_out_of_events_R_BIL_2(uow, guard):
    """R-BIL-2: the client's business information stays on the order; events carry ids only."""
    order = place(uow, guard, channel=Channel.DISTRIBUTOR, distributor_id="d-1",
                  client=ClientInfo("ACME Trading Ltd", "REG-1"))
    assert order.client.company_name == "ACME Trading Ltd" and order.distributor_id == "d-1"
    assert uow.of_type(events.OrderPlaced)[0].channel == "distributor"
    assert all("ACME" not in repr(e) and "REG-1" not in repr(e) for e in uow.events)
