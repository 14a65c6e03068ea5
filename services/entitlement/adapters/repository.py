"""Repositories over one Connection: the only place entitlement SQL lives."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.engine import Connection

from services.entitlement.adapters import tables as t
from services.entitlement.domain.entitlement import Entitlement
from services.entitlement.domain.records import Grant, ProviderNotice, Transition, ViolationNotice
from services.entitlement.domain.states import State
from services.entitlement.domain.tenancy import Tenancy
from services.entitlement.domain.usage import ModuleUsage


class TenancyRepository:
    """Loads and saves whole tenancies; `lock` serialises every change of one tenant."""

    def __init__(self, connection: Connection):
        self._c = connection
        # What each loaded entitlement already holds in the database, so `save` inserts only the new.
        self._stored: dict[str, tuple[int, set[str], set[date]]] = {}

    def lock(self, tenant_id: str, now: datetime) -> Tenancy:
        self._c.execute(insert(t.tenancies).values(tenant_id=tenant_id, updated_at=now).on_conflict_do_nothing())
        row = self._c.execute(
            sa.select(t.tenancies).where(t.tenancies.c.tenant_id == tenant_id).with_for_update()
        ).one()
        return self._load(tenant_id, row.in_debt)

    def get(self, tenant_id: str) -> Tenancy:
        row = self._c.execute(sa.select(t.tenancies).where(t.tenancies.c.tenant_id == tenant_id)).first()
        return self._load(tenant_id, row.in_debt) if row else Tenancy(tenant_id)

    def order_tenant(self, order_id: str) -> str | None:
        """The tenant an order was applied to, if it was (order ids are global)."""
        return self._c.execute(
            sa.select(t.entitlements.c.tenant_id)
            .join(t.grants, t.grants.c.entitlement_id == t.entitlements.c.entitlement_id)
            .where(t.grants.c.order_id == order_id)
        ).scalar()

    def due(self, today: date) -> list[str]:
        """Tenants with a date-driven change due by `today`, most overdue first."""
        return list(self._c.execute(
            sa.select(t.tenancies.c.tenant_id).where(t.tenancies.c.next_due_on <= today)
            .order_by(t.tenancies.c.next_due_on, t.tenancies.c.tenant_id)
        ).scalars())

    def save(self, tenancy: Tenancy, now: datetime) -> None:
        self._c.execute(
            sa.update(t.tenancies).where(t.tenancies.c.tenant_id == tenancy.tenant_id)
            .values(in_debt=tenancy.in_debt, next_due_on=tenancy.next_due_on(), updated_at=now)
        )
        for entitlement in tenancy.entitlements:
            self._save_entitlement(entitlement, now)
        for notice in tenancy.violations:
            self._upsert(t.violation_notices, "notice_id", _violation_row(tenancy.tenant_id, notice),
                         ("resolved_at", "enforced_at"))

    # -- loading -------------------------------------------------------------------------------

    def _load(self, tenant_id: str, in_debt: bool) -> Tenancy:
        rows = self._c.execute(
            sa.select(t.entitlements).where(t.entitlements.c.tenant_id == tenant_id)
            .order_by(t.entitlements.c.product)
        ).all()
        ids = [r.entitlement_id for r in rows]
        grants = self._children(t.grants, ids, t.grants.c.recorded_at, t.grants.c.order_id)
        history = self._children(t.transitions, ids, t.transitions.c.seq)
        reminded = self._children(t.reminders, ids, t.reminders.c.period_end)
        notices = self._children(t.provider_notices, ids, t.provider_notices.c.recorded_at)
        entitlements = [
            self._entitlement(r, grants.get(r.entitlement_id, []), history.get(r.entitlement_id, []),
                              reminded.get(r.entitlement_id, []), notices.get(r.entitlement_id, []))
            for r in rows
        ]
        violations = self._c.execute(
            sa.select(t.violation_notices).where(t.violation_notices.c.tenant_id == tenant_id)
            .order_by(t.violation_notices.c.issued_at)
        ).all()
        return Tenancy(tenant_id, entitlements, [_violation(v) for v in violations], in_debt=in_debt)

    def _children(self, table: sa.Table, ids: list[str], *order) -> dict[str, list]:
        found: dict[str, list] = {}
        if ids:
            for row in self._c.execute(sa.select(table).where(table.c.entitlement_id.in_(ids)).order_by(*order)):
                found.setdefault(row.entitlement_id, []).append(row)
        return found

    def _entitlement(self, row, grants, history, reminded, notices) -> Entitlement:
        entitlement = Entitlement(
            row.entitlement_id, row.tenant_id, row.product, state=State(row.state),
            grants=[_grant(g) for g in grants], history=[_transition(h) for h in history],
            notices=[_notice(n) for n in notices], reminded={r.period_end for r in reminded},
            provider_hold=row.provider_hold, current_order_id=row.current_order_id,
        )
        self._stored[row.entitlement_id] = (
            len(entitlement.history), {g.order_id for g in entitlement.grants}, set(entitlement.reminded))
        return entitlement

    # -- saving --------------------------------------------------------------------------------

    def _save_entitlement(self, e: Entitlement, now: datetime) -> None:
        history_len, order_ids, reminded = self._stored.get(e.entitlement_id, (0, set(), set()))
        self._upsert(t.entitlements, "entitlement_id", dict(
            entitlement_id=e.entitlement_id, tenant_id=e.tenant_id, product=e.product, state=e.state.value,
            provider_hold=e.provider_hold, current_order_id=e.current_order_id, updated_at=now,
        ), ("state", "provider_hold", "current_order_id", "updated_at"))
        new_grants = [_grant_row(e.entitlement_id, g) for g in e.grants if g.order_id not in order_ids]
        new_history = [_transition_row(e.entitlement_id, seq, h)
                       for seq, h in enumerate(e.history) if seq >= history_len]
        new_reminders = [dict(entitlement_id=e.entitlement_id, period_end=d) for d in e.reminded - reminded]
        for table, rows in ((t.grants, new_grants), (t.transitions, new_history), (t.reminders, new_reminders)):
            if rows:
                self._c.execute(sa.insert(table), rows)
        for notice in e.notices:
            self._upsert(t.provider_notices, "notice_id", _notice_row(e.entitlement_id, notice),
                         ("applied_at", "withdrawn_at"))
        self._stored[e.entitlement_id] = (len(e.history), {g.order_id for g in e.grants}, set(e.reminded))

    def _upsert(self, table: sa.Table, key: str, row: dict, mutable: tuple[str, ...]) -> None:
        statement = insert(table).values(**row)
        self._c.execute(statement.on_conflict_do_update(
            index_elements=[key], set_={name: statement.excluded[name] for name in mutable}))


class UsageRepository:
    """R-ENT-8: counters of use, per tenant and day; nothing from inside the product."""

    def __init__(self, connection: Connection):
        self._c = connection

    def record_login_day(self, tenant_id: str, day: date) -> None:
        self._c.execute(insert(t.login_days).values(tenant_id=tenant_id, day=day).on_conflict_do_nothing())

    def open_account(self, tenant_id: str, account_id: str, on: date) -> None:
        statement = insert(t.accounts).values(tenant_id=tenant_id, account_id=account_id, opened_on=on)
        self._c.execute(statement.on_conflict_do_update(
            index_elements=["tenant_id", "account_id"],
            set_={"opened_on": sa.func.coalesce(t.accounts.c.opened_on, statement.excluded.opened_on)}))

    def close_account(self, tenant_id: str, account_id: str, on: date) -> None:
        statement = insert(t.accounts).values(tenant_id=tenant_id, account_id=account_id, closed_on=on)
        self._c.execute(statement.on_conflict_do_update(
            index_elements=["tenant_id", "account_id"], set_={"closed_on": statement.excluded.closed_on}))

    def record_module_use(self, tenant_id: str, module: str, day: date) -> None:
        statement = insert(t.module_use).values(tenant_id=tenant_id, module=module, day=day, uses=1)
        self._c.execute(statement.on_conflict_do_update(
            index_elements=["tenant_id", "module", "day"], set_={"uses": t.module_use.c.uses + 1}))

    def login_days(self, tenant_id: str, first: date, last: date) -> int:
        table = t.login_days
        return self._c.execute(sa.select(sa.func.count()).where(
            table.c.tenant_id == tenant_id, table.c.day.between(first, last))).scalar_one()

    def open_accounts(self, tenant_id: str, on: date) -> int:
        table = t.accounts
        return self._c.execute(sa.select(sa.func.count()).where(
            table.c.tenant_id == tenant_id, table.c.opened_on <= on,
            sa.or_(table.c.closed_on.is_(None), table.c.closed_on > on))).scalar_one()

    def module_use(self, tenant_id: str, first: date, last: date) -> tuple[ModuleUsage, ...]:
        table = t.module_use
        rows = self._c.execute(
            sa.select(table.c.module, sa.func.sum(table.c.uses), sa.func.count())
            .where(table.c.tenant_id == tenant_id, table.c.day.between(first, last))
            .group_by(table.c.module).order_by(table.c.module)
        ).all()
        return tuple(ModuleUsage(module, int(uses), days) for module, uses, days in rows)


def _grant(row) -> Grant:
    return Grant(row.order_id, row.kind, row.plan, row.seats, frozenset(row.modules), row.trial,
                 row.period_start, row.period_end, row.recorded_at)


def _grant_row(entitlement_id: str, g: Grant) -> dict:
    return dict(order_id=g.order_id, entitlement_id=entitlement_id, kind=g.kind, plan=g.plan, seats=g.seats,
                modules=sorted(g.modules), trial=g.trial, period_start=g.start, period_end=g.end,
                recorded_at=g.recorded_at)


def _transition(row) -> Transition:
    return Transition(State(row.from_state), State(row.to_state), row.reason, row.at, row.order_id)


def _transition_row(entitlement_id: str, seq: int, h: Transition) -> dict:
    return dict(entitlement_id=entitlement_id, seq=seq, from_state=h.from_state.value, to_state=h.to_state.value,
                reason=h.reason, at=h.at, order_id=h.order_id)


def _notice(row) -> ProviderNotice:
    return ProviderNotice(row.notice_id, row.action, row.reason, row.noticed_on, row.effective_on,
                          row.recorded_at, row.applied_at, row.withdrawn_at)


def _notice_row(entitlement_id: str, n: ProviderNotice) -> dict:
    return dict(notice_id=n.notice_id, entitlement_id=entitlement_id, action=n.action, reason=n.reason,
                noticed_on=n.noticed_on, effective_on=n.effective_on, recorded_at=n.recorded_at,
                applied_at=n.applied_at, withdrawn_at=n.withdrawn_at)


def _violation(row) -> ViolationNotice:
    return ViolationNotice(row.notice_id, row.reason, row.issued_at, row.correct_by, row.resolved_at, row.enforced_at)


def _violation_row(tenant_id: str, v: ViolationNotice) -> dict:
    return dict(notice_id=v.notice_id, tenant_id=tenant_id, reason=v.reason, issued_at=v.issued_at,
                correct_by=v.correct_by, resolved_at=v.resolved_at, enforced_at=v.enforced_at)
