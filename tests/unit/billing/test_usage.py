"""Billing cycles of pay-as-you-go usage (R-BIL-6)."""
from datetime import datetime, timezone
from decimal import Decimal

import pytest

from platformkit.errors import FailedPrecondition, InvalidArgument
from services.billing.domain import usage
from services.billing.domain.usage import BillingCycle, UsageCycle
from tests.unit.billing.fakes import money

AT = datetime(2026, 1, 31, 17, 42, 5, tzinfo=timezone.utc)


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


@pytest.mark.parametrize("cycle, start, end", [
    (BillingCycle.HOUR, utc(2026, 1, 31, 17), utc(2026, 1, 31, 18)),
    (BillingCycle.DAY, utc(2026, 1, 31), utc(2026, 2, 1)),
    (BillingCycle.MONTH, utc(2026, 1, 1), utc(2026, 2, 1)),
])
def test_usage_falls_in_the_hour_day_or_month_that_contains_it_R_BIL_6(cycle, start, end):
    assert usage.bounds(cycle, AT) == (start, end)


def test_a_cycle_is_rated_once_at_its_end_at_the_exact_price_R_BIL_6():
    cycle = UsageCycle("t-1", "api_calls", BillingCycle.HOUR, utc(2026, 1, 5, 8), utc(2026, 1, 5, 9),
                       Decimal("1234.5"))
    assert not usage.is_closed(cycle, utc(2026, 1, 5, 8, 59))
    assert usage.is_closed(cycle, utc(2026, 1, 5, 9))
    rated = usage.rated(cycle, money("0.01"), utc(2026, 1, 5, 9))
    assert rated.charge == money("12.35")  # 12.345 rounds half-up
    assert not usage.is_closed(rated, utc(2026, 1, 6))


def test_usage_is_refused_in_the_future_or_in_a_rated_cycle():
    with pytest.raises(InvalidArgument):
        usage.check_recordable(utc(2026, 1, 5, 10), utc(2026, 1, 5, 9), None)
    rated = UsageCycle("t-1", "m", BillingCycle.DAY, utc(2026, 1, 4), utc(2026, 1, 5), Decimal(1),
                       money("1.00"), utc(2026, 1, 5))
    with pytest.raises(FailedPrecondition):
        usage.check_recordable(utc(2026, 1, 4, 12), utc(2026, 1, 5, 9), rated)
