"""Exact money (R-BIL-10)."""
from decimal import Decimal
from fractions import Fraction

import pytest

from services.billing.domain.money import CurrencyMismatch, Money, round_half_up


def test_a_float_amount_is_refused_R_BIL_10():
    with pytest.raises(TypeError):
        Money("USD", 12.5)


def test_amounts_of_different_currencies_never_combine_R_BIL_10():
    with pytest.raises(CurrencyMismatch):
        Money("USD", Decimal("1")) + Money("CNY", Decimal("1"))


def test_rounding_is_half_up_to_the_minor_unit_R_BIL_10():
    assert round_half_up(Fraction("0.125"), 2) == Decimal("0.13")
    assert round_half_up(Fraction("-0.125"), 2) == Decimal("-0.13")
    assert round_half_up(Fraction(1, 3), 2) == Decimal("0.33")
    assert Money.of("JPY", Fraction(1001, 2)).amount == Decimal("501")


def test_scaling_by_a_fraction_is_exact_until_the_one_rounding_R_BIL_10():
    assert Money("USD", Decimal("1200.00")).times(Fraction(73, 365)).amount == Decimal("240.00")
    assert Money("USD", Decimal("100.00")).times(Fraction(1, 3)).text() == "33.33"
