"""A tenant's billing account: one currency, the pay-as-you-go balance, debt and damages.

R-BIL-6: usage is deducted from the balance when its billing cycle is rated (at the cycle's end);
the balance may go negative. A negative balance is a debt, due at once: it is overdue from the
day it arises. R-BIL-7: while overdue, the amount owed accrues liquidated damages of 0.1% per day,
simple (damages never accrue damages), kept exact and rounded half-up to the minor unit only when
shown or paid. A top-up pays the accrued damages first, then the balance.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from services.billing.domain.money import Money

DAMAGES_PER_DAY = Decimal("0.001")  # R-BIL-7: one thousandth of the amount owed, per day


@dataclass(frozen=True)
class Account:
    tenant_id: str
    jurisdiction: str
    currency: str
    balance: Decimal = Decimal(0)
    damages: Decimal = Decimal(0)  # exact, accrued up to `accrued_through`
    accrued_through: date | None = None
    overdue_since: date | None = None
    overdue_notified: bool = False  # DebtOverdue was published for the current debt

    @property
    def owed(self) -> Decimal:
        return max(Decimal(0), -self.balance)

    @property
    def in_debt(self) -> bool:
        return self.owed > 0 or self.damages > 0


@dataclass(frozen=True)
class Standing:
    """None amounts: the tenant has no billing account yet."""

    has_debt: bool
    debt: Money | None
    balance: Money | None
    damages: Money | None
    overdue_since: date | None


def accrue(account: Account, today: date) -> Account:
    """R-BIL-7: damages on the amount owed for each whole day since the last accrual (simple)."""
    days = (today - account.accrued_through).days if account.accrued_through else 0
    extra = account.owed * DAMAGES_PER_DAY * max(days, 0)
    return dataclasses.replace(account, damages=account.damages + extra, accrued_through=today)


def charge(account: Account, amount: Money, today: date) -> Account:
    """R-BIL-6: deduct a rated charge; a balance that turns negative is a debt due (overdue) at once."""
    account = accrue(account, today)
    after = dataclasses.replace(account, balance=account.balance - amount.amount)
    if after.owed > 0 and after.overdue_since is None:
        after = dataclasses.replace(after, overdue_since=today)
    return after


def credit(account: Account, amount: Money, today: date) -> Account:
    """A top-up: pays the damages (rounded to the minor unit), then the balance."""
    account = accrue(account, today)
    damages_due = Money(account.currency, account.damages).rounded().amount
    to_damages = min(amount.amount, damages_due)
    after = dataclasses.replace(account, damages=damages_due - to_damages,
                                balance=account.balance + amount.amount - to_damages)
    if not after.in_debt:
        after = dataclasses.replace(after, overdue_since=None, overdue_notified=False)
    return after


def debt_settled(before: Account, after: Account) -> bool:
    """R-BIL-7: an overdue debt that was announced is now paid in full (DebtSettled)."""
    return before.overdue_notified and not after.in_debt


def needs_overdue_notice(account: Account) -> bool:
    """R-BIL-7: DebtOverdue is published once per debt."""
    return account.owed > 0 and not account.overdue_notified


def standing(account: Account | None, today: date) -> Standing:
    """The account as of `today`, damages accrued (not stored: a read changes nothing)."""
    if account is None:
        return Standing(False, None, None, None, None)
    now = accrue(account, today)
    damages = Money(now.currency, now.damages).rounded()
    debt = Money(now.currency, now.owed) + damages
    return Standing(now.in_debt, debt, Money(now.currency, now.balance), damages, now.overdue_since)



@dataclass(frozen=True)
class LedgerEntry:
    """One movement of the balance: a top-up (> 0) or rated usage (< 0)."""

    entry_id: str
    tenant_id: str
    kind: str
    amount: Money
    ref: str
    at: datetime


def notified(account: Account) -> Account:
    return dataclasses.replace(account, overdue_notified=True)
