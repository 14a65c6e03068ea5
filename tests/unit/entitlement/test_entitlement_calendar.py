"""Date arithmetic the contract rules count with."""
from __future__ import annotations

from datetime import date

import pytest

from services.entitlement.domain.calendar import add_months, working_days_before


@pytest.mark.parametrize("end,expected", [
    (date(2027, 1, 4), date(2026, 12, 28)),  # Monday end: back over the weekend to the Monday before
    (date(2026, 1, 16), date(2026, 1, 9)),  # Friday end: the Friday before
    (date(2026, 1, 18), date(2026, 1, 12)),  # Sunday end: five working days back from the Friday
])
def test_reminder_day_leaves_five_working_days_before_the_end_R_ENT_9(end, expected):
    assert working_days_before(end, 5) == expected


@pytest.mark.parametrize("day,months,expected", [
    (date(2027, 1, 5), 6, date(2027, 7, 5)),
    (date(2026, 8, 31), 6, date(2027, 2, 28)),
    (date(2027, 12, 15), 1, date(2028, 1, 15)),
])
def test_add_months_clamps_to_the_end_of_a_shorter_month(day, months, expected):
    assert add_months(day, months) == expected
