"""Repositories of billing accounts, usage cycles and the balance ledger."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.engine import Connection

from services.billing.adapters.repository import utc
from services.billing.adapters.tables import accounts, ledger, usage_cycles
from services.billing.domain.account import Account, LedgerEntry
from services.billing.domain.money import Money
from services.billing.domain.usage import BillingCycle, UsageCycle


class AccountRepository:
    def __init__(self, connection: Connection, clock):
        self._c, self._clock = connection, clock

    def get(self, tenant_id: str, *, lock: bool = False) -> Account | None:
        query = sa.select(accounts).where(accounts.c.tenant_id == tenant_id)
        row = self._c.execute(query.with_for_update() if lock else query).first()
        return _account(row) if row else None

    def add(self, account: Account) -> None:
        """Insert, or do nothing if a concurrent call opened it first (the caller then locks it)."""
        self._c.execute(insert(accounts).values(**self._row(account)).on_conflict_do_nothing())

    def update(self, account: Account) -> None:
        self._c.execute(sa.update(accounts).where(accounts.c.tenant_id == account.tenant_id)
                        .values(**self._row(account)))

    def overdue_unnotified(self) -> list[str]:
        rows = self._c.execute(sa.select(accounts.c.tenant_id)
                               .where(accounts.c.balance < 0, sa.not_(accounts.c.overdue_notified)))
        return list(rows.scalars())

    def _row(self, account: Account) -> dict:
        return dict(
            tenant_id=account.tenant_id, jurisdiction=account.jurisdiction, currency=account.currency,
            balance=account.balance, damages=account.damages, accrued_through=account.accrued_through,
            overdue_since=account.overdue_since, overdue_notified=account.overdue_notified,
            updated_at=self._clock.now(),
        )


def _account(row) -> Account:
    return Account(row.tenant_id, row.jurisdiction, row.currency, row.balance, row.damages, row.accrued_through,
                   row.overdue_since, row.overdue_notified)


class UsageRepository:
    def __init__(self, connection: Connection):
        self._c = connection

    def get(self, tenant_id: str, meter: str, cycle: BillingCycle, starts_at: datetime, *,
            lock: bool = False) -> UsageCycle | None:
        query = sa.select(usage_cycles).where(
            usage_cycles.c.tenant_id == tenant_id, usage_cycles.c.meter == meter,
            usage_cycles.c.cycle == cycle.value, usage_cycles.c.starts_at == starts_at)
        row = self._c.execute(query.with_for_update() if lock else query).first()
        return _usage(row) if row else None

    def save(self, usage: UsageCycle) -> None:
        charge = usage.charge
        values = dict(tenant_id=usage.tenant_id, meter=usage.meter, cycle=usage.cycle.value,
                      starts_at=usage.starts_at, ends_at=usage.ends_at, quantity=usage.quantity,
                      charge=charge.amount if charge else None, currency=charge.currency if charge else None,
                      rated_at=usage.rated_at)
        statement = insert(usage_cycles).values(**values)
        keys = ("tenant_id", "meter", "cycle", "starts_at")
        self._c.execute(statement.on_conflict_do_update(
            index_elements=keys, set_={k: v for k, v in values.items() if k not in keys}))

    def closed_unrated(self, now: datetime) -> list[tuple[str, str, BillingCycle, datetime]]:
        rows = self._c.execute(
            sa.select(usage_cycles.c.tenant_id, usage_cycles.c.meter, usage_cycles.c.cycle, usage_cycles.c.starts_at)
            .where(usage_cycles.c.rated_at.is_(None), usage_cycles.c.ends_at <= now)
            .order_by(usage_cycles.c.ends_at))
        return [(r.tenant_id, r.meter, BillingCycle(r.cycle), utc(r.starts_at)) for r in rows]


def _usage(row) -> UsageCycle:
    charge = Money(row.currency, row.charge) if row.charge is not None else None
    return UsageCycle(row.tenant_id, row.meter, BillingCycle(row.cycle), utc(row.starts_at), utc(row.ends_at),
                      row.quantity, charge, utc(row.rated_at))


class LedgerRepository:
    def __init__(self, connection: Connection):
        self._c = connection

    def add(self, entry: LedgerEntry) -> None:
        self._c.execute(sa.insert(ledger).values(
            entry_id=entry.entry_id, tenant_id=entry.tenant_id, kind=entry.kind, amount=entry.amount.amount,
            currency=entry.amount.currency, ref=entry.ref, at=entry.at))
