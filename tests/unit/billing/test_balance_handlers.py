"""Pay-as-you-go handlers (R-BIL-6), overdue debt and damages (R-BIL-7), over the fake unit of work."""
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from contracts.events.v1 import billing as events
from platformkit.errors import FailedPrecondition, InvalidArgument, WrongCell
from services.billing import handlers
from services.billing.domain import commands as cmds
from services.billing.domain.catalog import PriceUnit
from services.billing.domain.usage import BillingCycle
from tests.unit.billing.conftest import INTL, PRC, set_price
from tests.unit.billing.fakes import money


@pytest.fixture(autouse=True)
def meter_price(uow):
    handlers.set_usage_price(cmds.SetUsagePrice("api_calls", money("0.01"), uow.clock.today(), "up-1"), uow)


def top_up(uow, guard, amount: str, key: str = "top-1", currency: str = "USD"):
    return handlers.top_up(cmds.TopUp(INTL, money(amount, currency), key), uow, guard)


def use(uow, guard, quantity: str, key: str = "use-1", at: datetime | None = None, cycle=BillingCycle.HOUR):
    return handlers.record_usage(cmds.RecordUsage(INTL, "api_calls", Decimal(quantity), cycle, at, key), uow, guard)


def test_a_top_up_opens_the_balance_and_a_retry_changes_nothing_R_BIL_6(uow, guard):
    assert top_up(uow, guard, "50.00").balance == money("50.00")
    assert top_up(uow, guard, "50.00").balance == money("50.00")
    assert len(uow.store.ledger) == 1


def test_usage_needs_an_open_balance_R_BIL_6(uow, guard):
    with pytest.raises(FailedPrecondition):
        use(uow, guard, "10")


def test_usage_of_a_meter_without_a_price_is_refused_R_BIL_6(uow, guard):
    top_up(uow, guard, "50.00")
    with pytest.raises(InvalidArgument) as err:
        handlers.record_usage(cmds.RecordUsage(INTL, "gpu_hours", Decimal(1), BillingCycle.DAY, None, "u"), uow, guard)
    assert err.value.violations[0].field == "meter"


def test_usage_is_deducted_when_its_billing_cycle_ends_R_BIL_6(uow, guard, clock):
    top_up(uow, guard, "50.00")
    use(uow, guard, "1000")
    use(uow, guard, "234.5", key="use-2")
    assert use(uow, guard, "234.5", key="use-2").quantity == Decimal("1234.5")  # a retry adds nothing
    assert "rated 0" in handlers.sweep(uow)
    clock.advance(hours=1)
    assert "rated 1" in handlers.sweep(uow)
    assert handlers.get_account_standing(INTL, uow, guard).balance == money("37.65")  # 50 - 12.345 -> 12.35
    assert "rated 0" in handlers.sweep(uow)


def test_late_usage_for_a_rated_cycle_is_refused_R_BIL_6(uow, guard, clock):
    top_up(uow, guard, "50.00")
    use(uow, guard, "10")
    clock.advance(hours=1)
    handlers.sweep(uow)
    with pytest.raises(FailedPrecondition):
        use(uow, guard, "5", key="late", at=clock.now() - timedelta(hours=1))


def test_a_negative_balance_is_overdue_debt_announced_once_R_BIL_7(uow, guard, clock):
    top_up(uow, guard, "10.00")
    use(uow, guard, "2000", cycle=BillingCycle.DAY)
    clock.advance(days=1)
    assert "1 debts became overdue" in handlers.sweep(uow)
    assert "0 debts became overdue" in handlers.sweep(uow)
    [overdue] = uow.of_type(events.DebtOverdue)
    assert (overdue.amount, overdue.currency, overdue.since) == (Decimal("10.00"), "USD", date(2026, 1, 6))


def test_overdue_debt_accrues_damages_and_settles_with_a_top_up_R_BIL_7(uow, guard, clock):
    top_up(uow, guard, "10.00")
    use(uow, guard, "101000", cycle=BillingCycle.DAY)  # 1010.00 charged: 1000.00 owed
    clock.advance(days=1)
    handlers.sweep(uow)
    clock.advance(days=5)
    standing = handlers.get_account_standing(INTL, uow, guard)
    assert (standing.has_debt, standing.damages, standing.debt) == (True, money("5.00"), money("1005.00"))
    assert standing.overdue_since == date(2026, 1, 6)
    top_up(uow, guard, "1000.00", key="top-2")
    assert uow.of_type(events.DebtSettled) == []
    top_up(uow, guard, "5.00", key="top-3")
    assert len(uow.of_type(events.DebtSettled)) == 1
    assert not handlers.get_account_standing(INTL, uow, guard).has_debt


def test_a_standing_read_changes_nothing(uow, guard, clock):
    top_up(uow, guard, "1.00")
    before = (dict(uow.store.accounts), len(uow.events))
    handlers.get_account_standing(INTL, uow, guard)
    assert (dict(uow.store.accounts), len(uow.events)) == before


def test_the_balance_keeps_the_tenants_one_currency_R_BIL_10(uow, guard):
    top_up(uow, guard, "1.00")
    with pytest.raises(InvalidArgument) as err:
        top_up(uow, guard, "1.00", key="top-2", currency="SGD")
    assert err.value.violations[0].field == "amount.currency"


def test_another_cells_balance_is_refused_R_RES_2(uow, guard):
    with pytest.raises(WrongCell):
        handlers.top_up(cmds.TopUp(PRC, money("1.00", "CNY"), "k"), uow, guard)
    with pytest.raises(WrongCell):
        handlers.get_account_standing(PRC, uow, guard)


def test_a_price_cannot_be_changed_retroactively_R_BIL_12(uow, clock):
    with pytest.raises(InvalidArgument) as err:
        set_price(uow, "1.00", effective_from=clock.today() - timedelta(days=1))
    assert err.value.violations[0].field == "effective_from"
    assert uow.store.prices == {}


def test_catalog_calls_are_idempotent(uow):
    first = set_price(uow, "1.00", unit=PriceUnit.PER_ORDER, key="k")
    assert set_price(uow, "1.00", unit=PriceUnit.PER_ORDER, key="k") == first
    assert len(uow.store.prices) == 1


def test_usage_in_the_future_is_refused(uow, guard, clock):
    top_up(uow, guard, "1.00")
    with pytest.raises(InvalidArgument):
        use(uow, guard, "1", at=datetime(2026, 1, 6, tzinfo=timezone.utc))
