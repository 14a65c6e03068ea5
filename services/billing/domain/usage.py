"""Pay-as-you-go usage, accumulated per billing cycle and rated when the cycle ends (R-BIL-6)."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from enum import Enum

from platformkit.errors import FailedPrecondition, InvalidArgument
from services.billing.domain.money import Money
from services.billing.domain.periods import add_months


class BillingCycle(str, Enum):
    HOUR = "hour"
    DAY = "day"
    MONTH = "month"


@dataclass(frozen=True)
class UsageCycle:
    tenant_id: str
    meter: str
    cycle: BillingCycle
    starts_at: datetime
    ends_at: datetime
    quantity: Decimal
    charge: Money | None = None
    rated_at: datetime | None = None

    @property
    def key(self) -> str:
        return f"{self.meter}|{self.cycle.value}|{self.starts_at.isoformat()}"


def bounds(cycle: BillingCycle, at: datetime) -> tuple[datetime, datetime]:
    """The UTC cycle containing `at`: [start, end)."""
    if cycle is BillingCycle.HOUR:
        start = at.replace(minute=0, second=0, microsecond=0)
        return start, start + timedelta(hours=1)
    day = at.replace(hour=0, minute=0, second=0, microsecond=0)
    if cycle is BillingCycle.DAY:
        return day, day + timedelta(days=1)
    first = day.replace(day=1)
    return first, datetime.combine(add_months(first.date(), 1), first.timetz())


def check_recordable(at: datetime, now: datetime, existing: UsageCycle | None) -> None:
    if at > now:
        raise InvalidArgument.field("at", "must not be in the future")
    if existing is not None and existing.rated_at is not None:
        raise FailedPrecondition("this billing cycle was already rated and deducted", reason="CYCLE_RATED")


def recorded(existing: UsageCycle | None, fresh: UsageCycle) -> UsageCycle:
    """The cycle with `fresh`'s quantity added."""
    if existing is None:
        return fresh
    return dataclasses.replace(existing, quantity=existing.quantity + fresh.quantity)


def is_closed(usage: UsageCycle, now: datetime) -> bool:
    return usage.rated_at is None and usage.ends_at <= now


def rated(usage: UsageCycle, unit_price: Money, now: datetime) -> UsageCycle:
    """R-BIL-6: the cycle's quantity at the unit price in effect when it began, rounded half-up once."""
    return dataclasses.replace(usage, charge=unit_price.times(usage.quantity), rated_at=now)
