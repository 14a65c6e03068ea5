"""Pricing an order from the catalog in effect on the day it is placed (R-BIL-12) and its promotions.

A per-seat price is a yearly price: a line costs price x seats x term_months / 12. An add-on pays
for what it adds over the rest of the running period, pro rata by days: the added seats (with the
per-seat modules the period already has) and the modules it adds (for every seat of the period).
A per-order price is a flat fee, charged in full. Each line is rounded half-up to the minor unit.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from platformkit.errors import InvalidArgument
from services.billing.domain import promotions as promos
from services.billing.domain.catalog import Price, PriceUnit, in_effect
from services.billing.domain.money import Money
from services.billing.domain.orders import OrderLine, Subscription
from services.billing.domain.periods import ANNUAL_MONTHS


@dataclass(frozen=True)
class Basket:
    product: str
    plan: str
    seats: int
    modules: tuple[str, ...]
    term_months: int
    currency: str


@dataclass(frozen=True)
class Quote:
    lines: tuple[OrderLine, ...]
    list_amount: Money
    discount: Money
    amount_due: Money


def _price(prices: list[Price], module: str, on: date, field: str, currency: str) -> Price:
    found = in_effect([p for p in prices if p.module == module], on)
    if found is None:
        what = f"module {module}" if module else "this plan"
        raise InvalidArgument.field(field, f"no {currency} price in effect on {on.isoformat()} for {what}")
    return found


def _line(price: Price, seats: int, year_share: Fraction) -> OrderLine:
    if price.unit is PriceUnit.PER_ORDER:
        return OrderLine(price.product, price.plan, price.module, price.unit, price.amount, 0, Fraction(1),
                         price.amount)
    amount = price.amount.times(seats * year_share)
    return OrderLine(price.product, price.plan, price.module, price.unit, price.amount, seats, year_share, amount)


def period_lines(basket: Basket, prices: list[Price], on: date) -> tuple[OrderLine, ...]:
    """Lines of an order buying a whole period: the plan and each module, for every seat."""
    share = Fraction(basket.term_months, ANNUAL_MONTHS)
    lines = [_line(_price(prices, "", on, "plan", basket.currency), basket.seats, share)]
    for module in basket.modules:
        lines.append(_line(_price(prices, module, on, "modules", basket.currency), basket.seats, share))
    return tuple(lines)


def add_on_lines(basket: Basket, running: Subscription, prices: list[Price], on: date) -> tuple[OrderLine, ...]:
    """Lines of an add-on: what it adds, for the rest of the running period (pro rata by days)."""
    if basket.plan != running.plan:
        raise InvalidArgument.field("plan", f"an add-on extends the running plan {running.plan}")
    already = [m for m in basket.modules if m in running.modules]
    if already:
        raise InvalidArgument.field("modules", f"already in the running period: {', '.join(already)}")
    remaining = Fraction((running.period.end - on).days + 1, running.period.days)
    share = Fraction(running.term_months, ANNUAL_MONTHS) * remaining
    lines = []
    if basket.seats:
        for module in ("", *running.modules):
            price = _price(prices, module, on, "seats", basket.currency)
            if price.unit is PriceUnit.PER_SEAT_YEAR:
                lines.append(_line(price, basket.seats, share))
    for module in basket.modules:
        price = _price(prices, module, on, "modules", basket.currency)
        lines.append(_line(price, running.seats + basket.seats, share))
    return tuple(lines)


def quote(lines: tuple[OrderLine, ...], promotions: list[promos.Promotion], currency: str) -> Quote:
    """The list amount (sum of the rounded lines), the discount (R-BIL-8) and what is due."""
    list_amount = sum((line.amount for line in lines), Money.zero(currency))
    off = promos.discount(list_amount, promotions)
    return Quote(lines, list_amount, off, list_amount - off)


def free_quote(currency: str) -> Quote:
    """A trial costs nothing and has no lines."""
    zero = Money.zero(currency)
    return Quote((), zero, zero, zero)
