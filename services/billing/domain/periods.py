"""Service periods: calendar arithmetic and the period an order buys (R-BIL-4, R-BIL-5)."""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

ANNUAL_MONTHS = 12  # R-BIL-4: subscriptions are annual unless the order says otherwise
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Period:
    """Both ends inclusive."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


def add_months(day: date, months: int) -> date:
    """`day` moved by `months` calendar months, clamped to the month's last day (Jan 31 + 1 = Feb 28)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_from(start: date, term_months: int) -> Period:
    """R-BIL-4: a term of `term_months` starting on `start`; it ends the day before the same date."""
    return Period(start, add_months(start, term_months) - ONE_DAY)
