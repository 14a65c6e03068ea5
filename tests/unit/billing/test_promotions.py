"""Promotions: combination (R-BIL-8), validity and the discount arithmetic."""
from datetime import date
from decimal import Decimal

import pytest

from platformkit.errors import InvalidArgument
from services.billing.domain import pricing
from services.billing.domain.promotions import Promotion, check_combination, discount
from tests.unit.billing.fakes import money

ON = date(2026, 1, 5)


def promo(code: str, *, percent: str | None = None, amount: str | None = None, stackable: bool = False,
          valid_to: date = date(2026, 12, 31)) -> Promotion:
    return Promotion(code, Decimal(percent) if percent else None, money(amount) if amount else None, stackable,
                     date(2026, 1, 1), valid_to)


def test_a_single_non_stackable_promotion_is_allowed_R_BIL_8():
    check_combination([promo("SPRING", percent="10")], ON, "USD")


def test_non_stackable_promotions_do_not_stack_R_BIL_8():
    with pytest.raises(InvalidArgument) as err:
        check_combination([promo("SPRING", percent="10"), promo("VIP", percent="5", stackable=True)], ON, "USD")
    assert err.value.violations[0].field == "promotion_codes"
    assert "SPRING" in err.value.violations[0].description


def test_stackable_promotions_stack_R_BIL_8():
    both = [promo("A", percent="10", stackable=True), promo("B", amount="100.00", stackable=True)]
    check_combination(both, ON, "USD")
    assert discount(money("1000.00"), both) == money("200.00")


def test_percentages_compound_then_amounts_apply_and_nothing_goes_below_zero():
    assert discount(money("1000.00"), [promo("A", percent="10", stackable=True),
                                        promo("B", percent="10", stackable=True)]) == money("190.00")
    assert discount(money("50.00"), [promo("C", amount="80.00")]) == money("50.00")
    assert discount(money("0.10"), [promo("D", percent="15")]) == money("0.02")  # 0.015 rounds half-up


def test_an_expired_or_foreign_currency_promotion_is_refused():
    with pytest.raises(InvalidArgument):
        check_combination([promo("OLD", percent="10", valid_to=date(2026, 1, 4))], ON, "USD")
    with pytest.raises(InvalidArgument):
        check_combination([promo("USD100", amount="100.00")], ON, "CNY")


def test_a_quote_sums_rounded_lines_and_subtracts_the_discount():
    lines = pricing.period_lines(pricing.Basket("crm", "pro", 1, (), 12, "USD"),
                                 [pricing.Price("crm", "pro", "", pricing.PriceUnit.PER_SEAT_YEAR,
                                                money("99.99"), ON)], ON)
    quote = pricing.quote(lines, [promo("TEN", percent="10")], "USD")
    assert (quote.list_amount, quote.discount, quote.amount_due) == (money("99.99"), money("10.00"),
                                                                     money("89.99"))
