"""Date arithmetic of the contracts: months, working days and the periods the rules count."""
from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta, timezone

EXPORT_WINDOW_DAYS = 30  # R-ENT-4 (CN 6.9)
PURGE_AFTER_MONTHS = 6  # R-ENT-5 (ToS 4.9, CN 6.9)
PROVIDER_NOTICE_DAYS = 30  # R-ENT-7 (ALI 7.4.4)
REMINDER_WORKING_DAYS = 5  # R-ENT-9 (CN 5.3)
ONE_DAY = timedelta(days=1)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the end of a shorter month (Aug 31 + 6 -> Feb 28)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5  # Monday to Friday


def working_days_before(day: date, count: int) -> date:
    """The working day `count` working days before `day` (R-ENT-9: remind then, or earlier)."""
    found = day
    while count:
        found -= ONE_DAY
        if is_working_day(found):
            count -= 1
    return found


def start_of(day: date) -> datetime:
    """Midnight UTC of `day`: when a date-driven change takes effect."""
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
