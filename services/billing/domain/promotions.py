"""Promotions and how they combine (R-BIL-8).

The rule, precisely: an order may use one promotion that is not stackable, alone; it may combine
any number of promotions only if every one of them is stackable. Percentages apply first, one
after the other, to the list amount; fixed amounts are then deducted; the total never goes below
zero. Every promotion must be valid on the day the order is placed.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from platformkit.errors import InvalidArgument
from services.billing.domain.money import Money

FIELD = "promotion_codes"


@dataclass(frozen=True)
class Promotion:
    code: str
    percent_off: Decimal | None
    amount_off: Money | None
    stackable: bool
    valid_from: date
    valid_to: date


def check_combination(promotions: list[Promotion], on: date, currency: str) -> None:
    """R-BIL-8 and validity: raise INVALID_ARGUMENT on promotion_codes if they cannot be used."""
    for promo in promotions:
        if not promo.valid_from <= on <= promo.valid_to:
            raise InvalidArgument.field(FIELD, f"promotion {promo.code} is not valid on {on.isoformat()}")
        if promo.amount_off is not None and promo.amount_off.currency != currency:
            raise InvalidArgument.field(FIELD, f"promotion {promo.code} is in {promo.amount_off.currency}, "
                                               f"the order in {currency}")
    if len(promotions) > 1:
        # R-BIL-8: promotions do not stack unless every one combined is marked stackable.
        lone = [p.code for p in promotions if not p.stackable]
        if lone:
            raise InvalidArgument.field(FIELD, f"{', '.join(lone)} cannot be combined with other promotions "
                                               "(R-BIL-8: only stackable promotions stack)")


def discount(list_amount: Money, promotions: list[Promotion]) -> Money:
    """The total discount on `list_amount`, rounded half-up to the minor unit, at most list_amount."""
    remaining = Fraction(list_amount.amount)
    for promo in promotions:
        if promo.percent_off is not None:
            remaining *= 1 - Fraction(promo.percent_off) / 100
    for promo in promotions:
        if promo.amount_off is not None:
            remaining -= Fraction(promo.amount_off.amount)
    return Money.of(list_amount.currency, Fraction(list_amount.amount) - max(remaining, Fraction(0)))
