"""Calendar periods (R-BIL-4)."""
from datetime import date

from services.billing.domain.periods import Period, add_months, period_from


def test_a_term_ends_the_day_before_the_same_date_R_BIL_4():
    assert period_from(date(2026, 1, 5), 12) == Period(date(2026, 1, 5), date(2027, 1, 4))
    assert period_from(date(2026, 1, 5), 3) == Period(date(2026, 1, 5), date(2026, 4, 4))


def test_month_arithmetic_clamps_to_the_last_day_of_the_month():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2026, 3, 15), -12) == date(2025, 3, 15)


def test_period_days_count_both_ends():
    assert Period(date(2026, 1, 1), date(2026, 12, 31)).days == 365
