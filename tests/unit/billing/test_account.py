"""The pay-as-you-go balance (R-BIL-6) and liquidated damages on overdue debt (R-BIL-7)."""
from datetime import date, timedelta
from decimal import Decimal

from services.billing.domain import account as acct
from services.billing.domain.account import Account
from tests.unit.billing.fakes import money

DAY0 = date(2026, 1, 5)


def in_debt(owed: str, on: date = DAY0) -> Account:
    return acct.charge(Account("t-1", "intl", "USD"), money(owed), on)


def test_a_charge_beyond_the_balance_makes_a_debt_overdue_at_once_R_BIL_6():
    account = acct.charge(Account("t-1", "intl", "USD", balance=Decimal("30")), money("100.00"), DAY0)
    assert account.balance == Decimal("-70.00")
    assert account.owed == Decimal("70.00") and account.overdue_since == DAY0
    assert acct.needs_overdue_notice(account)


def test_damages_are_0_1_percent_of_the_amount_owed_per_day_R_BIL_7():
    standing = acct.standing(in_debt("1000.00"), DAY0 + timedelta(days=3))
    assert standing.damages == money("3.00")
    assert standing.debt == money("1003.00")
    assert standing.overdue_since == DAY0


def test_damages_are_simple_not_compounding_R_BIL_7():
    standing = acct.standing(in_debt("1000.00"), DAY0 + timedelta(days=365))
    assert standing.damages == money("365.00")  # compounding would give 440.30


def test_damages_stay_exact_and_round_half_up_only_when_shown_R_BIL_7():
    account = acct.accrue(in_debt("12.35"), DAY0 + timedelta(days=1))
    assert account.damages == Decimal("0.01235")  # exact, not 0.01
    later = acct.accrue(account, DAY0 + timedelta(days=2))
    assert later.damages == Decimal("0.02470")
    assert acct.standing(later, DAY0 + timedelta(days=2)).damages == money("0.02")
    assert acct.standing(account, DAY0 + timedelta(days=3)).damages == money("0.04")  # 0.03705 -> 0.04


def test_damages_follow_the_amount_owed_each_day_R_BIL_7():
    account = acct.charge(in_debt("1000.00"), money("1000.00"), DAY0 + timedelta(days=2))  # owes 2000 from day 2
    assert acct.standing(account, DAY0 + timedelta(days=3)).damages == money("4.00")  # 1 + 1 + 2


def test_a_top_up_pays_damages_first_then_the_balance_R_BIL_7():
    account = acct.credit(in_debt("1000.00"), money("500.00"), DAY0 + timedelta(days=10))
    assert account.damages == 0 and account.balance == Decimal("-510.00")
    assert account.in_debt and account.overdue_since == DAY0


def test_a_full_top_up_settles_the_announced_debt_R_BIL_7():
    before = acct.notified(in_debt("100.00"))
    after = acct.credit(before, money("100.10"), DAY0 + timedelta(days=1))
    assert not after.in_debt and after.balance == Decimal("0.00") and after.overdue_since is None
    assert acct.debt_settled(before, after)
    assert not acct.needs_overdue_notice(after)


def test_the_overdue_notice_is_due_once_per_debt_R_BIL_7():
    announced = acct.notified(in_debt("10.00"))
    assert not acct.needs_overdue_notice(acct.charge(announced, money("5.00"), DAY0))


def test_a_tenant_without_an_account_has_no_debt():
    standing = acct.standing(None, DAY0)
    assert not standing.has_debt and standing.debt is None
