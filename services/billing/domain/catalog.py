"""The price catalog: dated prices for plans, modules and usage meters (R-BIL-12)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Iterable, TypeVar

from platformkit.errors import InvalidArgument
from services.billing.domain.money import Money


class PriceUnit(str, Enum):
    PER_SEAT_YEAR = "per_seat_year"
    PER_ORDER = "per_order"


@dataclass(frozen=True)
class Price:
    """The price of a plan (module == "") or of a module on a plan, from `effective_from` on."""

    product: str
    plan: str
    module: str
    unit: PriceUnit
    amount: Money
    effective_from: date


@dataclass(frozen=True)
class UsagePrice:
    """The price of one unit of a pay-as-you-go meter (R-BIL-6), from `effective_from` on."""

    meter: str
    unit_price: Money
    effective_from: date


Dated = TypeVar("Dated", Price, UsagePrice)


def in_effect(entries: Iterable[Dated], on: date) -> Dated | None:
    """The entry with the latest effective_from on or before `on` (R-BIL-12)."""
    candidates = [e for e in entries if e.effective_from <= on]
    return max(candidates, key=lambda e: e.effective_from, default=None)


def check_schedulable(effective_from: date, today: date) -> None:
    """R-BIL-12: a price is never changed retroactively, so placed orders keep what they were quoted."""
    if effective_from < today:
        raise InvalidArgument.field("effective_from", f"must be today ({today.isoformat()}) or later")


def current(entries: Iterable[Price], on: date) -> list[Price]:
    """For each plan/module/currency, the price in effect on `on` (R-BIL-12)."""
    by_key: dict[tuple, list[Price]] = {}
    for entry in entries:
        by_key.setdefault((entry.product, entry.plan, entry.module, entry.amount.currency), []).append(entry)
    found = (in_effect(group, on) for group in by_key.values())
    return [p for p in found if p is not None]
