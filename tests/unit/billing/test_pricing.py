"""Pricing from the catalog in effect when placed (R-BIL-12), add-ons pro rata, promotions (R-BIL-8)."""
from datetime import date
from decimal import Decimal

import pytest

from platformkit.errors import InvalidArgument
from services.billing.domain import pricing
from services.billing.domain.catalog import Price, PriceUnit, check_schedulable, current, in_effect
from services.billing.domain.orders import Subscription
from services.billing.domain.periods import Period
from tests.unit.billing.fakes import money

JAN, MAR = date(2026, 1, 1), date(2026, 3, 1)


def price(amount: str, since: date = JAN, module: str = "", unit=PriceUnit.PER_SEAT_YEAR) -> Price:
    return Price("crm", "pro", module, unit, money(amount), since)


CATALOG = [price("1200.00"), price("1500.00", MAR), price("120.00", module="ai"),
           price("500.00", module="onboarding", unit=PriceUnit.PER_ORDER)]


def basket(seats=10, modules=(), term=12) -> pricing.Basket:
    return pricing.Basket("crm", "pro", seats, modules, term, "USD")


def test_the_price_in_effect_is_the_latest_one_started_on_or_before_the_day_R_BIL_12():
    assert in_effect(CATALOG[:2], date(2026, 2, 28)).amount == money("1200.00")
    assert in_effect(CATALOG[:2], MAR).amount == money("1500.00")
    assert in_effect(CATALOG[:2], date(2025, 12, 31)) is None
    assert {p.amount.amount for p in current(CATALOG, date(2026, 3, 2))} == {Decimal("1500"), Decimal("120"),
                                                                              Decimal("500")}


def test_a_price_is_never_set_retroactively_R_BIL_12():
    with pytest.raises(InvalidArgument):
        check_schedulable(date(2026, 1, 4), today=date(2026, 1, 5))
    check_schedulable(date(2026, 1, 5), today=date(2026, 1, 5))


def test_an_order_placed_before_a_price_change_is_priced_at_the_old_price_R_BIL_12():
    before = pricing.period_lines(basket(), CATALOG, date(2026, 2, 28))
    after = pricing.period_lines(basket(), CATALOG, MAR)
    assert before[0].amount == money("12000.00") and before[0].unit_price == money("1200.00")
    assert after[0].amount == money("15000.00")


def test_per_seat_lines_scale_with_seats_and_term_and_flat_fees_do_not():
    lines = pricing.period_lines(basket(seats=3, modules=("ai", "onboarding"), term=6), CATALOG, JAN)
    assert [line.amount for line in lines] == [money("1800.00"), money("180.00"), money("500.00")]


def test_a_missing_price_is_an_invalid_argument_on_the_field_that_asked_for_it():
    with pytest.raises(InvalidArgument) as err:
        pricing.period_lines(basket(modules=("crm-ai-max",)), CATALOG, JAN)
    assert err.value.violations[0].field == "modules"


def test_an_add_on_pays_for_what_it_adds_over_the_rest_of_the_period_R_BIL_1():
    running = Subscription("o-1", "pro", Period(date(2026, 1, 1), date(2026, 12, 31)), 12, 10, ("ai",))
    lines = pricing.add_on_lines(basket(seats=2, modules=("onboarding",)), running, CATALOG, date(2026, 10, 20))
    # 73 of 365 days remain: 2 seats of plan (at the price of the day, 1500) and ai, pro rata;
    # the flat module in full.
    assert [(line.module, line.amount) for line in lines] == [
        ("", money("600.00")), ("ai", money("48.00")), ("onboarding", money("500.00"))]


def test_an_add_on_cannot_re_add_a_module_or_change_plan():
    running = Subscription("o-1", "pro", Period(JAN, date(2026, 12, 31)), 12, 10, ("ai",))
    with pytest.raises(InvalidArgument):
        pricing.add_on_lines(basket(seats=0, modules=("ai",)), running, CATALOG, JAN)
    with pytest.raises(InvalidArgument):
        pricing.add_on_lines(pricing.Basket("crm", "basic", 1, (), 12, "USD"), running, CATALOG, JAN)
