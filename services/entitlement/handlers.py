"""The service layer: one small function per command or query, over a unit of work.

Every function that names a tenant asks the cell guard first (R-RES-2). Bus handlers record the
event in the inbox in the same transaction as their change; mutating RPCs claim their
idempotency key the same way, so a redelivery or a retry changes nothing.
"""
from __future__ import annotations

import dataclasses
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from platformkit.db import fingerprint
from platformkit.directory import CellGuard
from services.entitlement.domain import access, usage, views
from services.entitlement.domain.calendar import month_bounds
from services.entitlement.domain.commands import (
    ApplyPaidOrder, CheckAccess, GetUsageSignals, IssueViolationNotice, MarkDebtOverdue, MarkDebtSettled,
    NoticeProviderAction, RecordAccountChange, RecordLogin, RecordModuleUse, ResolveViolation, ResumeProduct,
)
from services.entitlement.domain.errors import OrderRefused
from services.entitlement.domain.records import SUSPEND, Grant, ProviderNotice, ViolationNotice
from services.entitlement.domain.tenancy import Tenancy

log = logging.getLogger(__name__)
NewId = Callable[[], str]


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True)
class NoticeOutcome:
    entitlement_id: str
    notice: ProviderNotice


@dataclass(frozen=True)
class ResumeOutcome:
    entitlement_id: str
    state: str


# -- bus: billing ----------------------------------------------------------------------------

def apply_paid_order(cmd: ApplyPaidOrder, uow, guard: CellGuard, make_id: NewId = new_id) -> None:
    """R-ENT-1: activate or extend; once per event (inbox) and once per order (grants)."""
    guard.ensure_local(cmd.tenant_id)
    with uow:
        if not uow.first_delivery("entitlement.order_paid", cmd.event_id):
            return
        owner = uow.tenancies.order_tenant(cmd.order_id)
        if owner not in (None, cmd.tenant_id):
            raise OrderRefused(cmd.order_id, "the order was applied to another tenant", "ORDER_OF_ANOTHER_TENANT")
        now = uow.clock.now()
        tenancy = uow.tenancies.lock(cmd.tenant_id, now)
        grant = Grant(cmd.order_id, cmd.kind, cmd.plan, cmd.seats, frozenset(cmd.modules), cmd.trial,
                      cmd.period_start, cmd.period_end, now)
        tenancy.apply_order(cmd.product, grant, now, make_id())
        _commit(uow, tenancy, now)


def mark_debt_overdue(cmd: MarkDebtOverdue, uow, guard: CellGuard) -> None:
    """R-BIL-7: service may be suspended until paid."""
    _on_tenancy(cmd.tenant_id, cmd.event_id, "entitlement.debt_overdue", uow, guard, Tenancy.debt_overdue)


def mark_debt_settled(cmd: MarkDebtSettled, uow, guard: CellGuard) -> None:
    _on_tenancy(cmd.tenant_id, cmd.event_id, "entitlement.debt_settled", uow, guard, Tenancy.debt_settled)


def _on_tenancy(tenant_id: str, event_id: str, consumer: str, uow, guard: CellGuard,
                change: Callable[[Tenancy, datetime], None]) -> None:
    guard.ensure_local(tenant_id)
    with uow:
        if not uow.first_delivery(consumer, event_id):
            return
        now = uow.clock.now()
        tenancy = uow.tenancies.lock(tenant_id, now)
        change(tenancy, now)
        _commit(uow, tenancy, now)


# -- bus: identity (R-ENT-8 usage signals) ---------------------------------------------------------

def record_login(cmd: RecordLogin, uow, guard: CellGuard) -> None:
    guard.ensure_local(cmd.tenant_id)
    with uow:
        if uow.first_delivery("entitlement.login_recorded", cmd.event_id):
            uow.usage.record_login_day(cmd.tenant_id, cmd.day)
            uow.commit()


def record_account_change(cmd: RecordAccountChange, uow, guard: CellGuard, consumer: str) -> None:
    guard.ensure_local(cmd.tenant_id)
    with uow:
        if not uow.first_delivery(consumer, cmd.event_id):
            return
        if cmd.change in usage.OPENING_CHANGES:
            uow.usage.open_account(cmd.tenant_id, cmd.account_id, cmd.on)
        elif cmd.change in usage.CLOSING_CHANGES:
            uow.usage.close_account(cmd.tenant_id, cmd.account_id, cmd.on)
        uow.commit()


# -- RPC: commands ---------------------------------------------------------------------------

def record_module_use(cmd: RecordModuleUse, uow, guard: CellGuard) -> None:
    guard.ensure_local(cmd.tenant_id)
    with uow:
        scope = f"RecordModuleUse:{cmd.tenant_id}"
        if uow.idempotency.claim(scope, cmd.idempotency_key, _fingerprint(cmd)) is not None:
            return
        uow.usage.record_module_use(cmd.tenant_id, cmd.module, uow.clock.today())
        uow.idempotency.settle(scope, cmd.idempotency_key, "recorded")
        uow.commit()


def notice_provider_action(cmd: NoticeProviderAction, uow, guard: CellGuard,
                           make_id: NewId = new_id) -> NoticeOutcome:
    """R-ENT-7: a suspension or end on the provider's initiative, 30 days' notice at least."""
    guard.ensure_local(cmd.tenant_id)
    with uow:
        scope = f"{'ProviderSuspend' if cmd.action == SUSPEND else 'ProviderTerminate'}:{cmd.tenant_id}"
        now = uow.clock.now()
        prior = uow.idempotency.claim(scope, cmd.idempotency_key, _fingerprint(cmd))
        if prior is not None:
            return _notice_outcome(uow.tenancies.get(cmd.tenant_id), prior)
        tenancy = uow.tenancies.lock(cmd.tenant_id, now)
        notice = ProviderNotice(make_id(), cmd.action, cmd.reason, now.date(), cmd.effective_on, now)
        tenancy.notice_provider(cmd.product, notice, now)
        uow.idempotency.settle(scope, cmd.idempotency_key, notice.notice_id)
        _commit(uow, tenancy, now)
        return _notice_outcome(tenancy, notice.notice_id)


def resume_product(cmd: ResumeProduct, uow, guard: CellGuard) -> ResumeOutcome:
    guard.ensure_local(cmd.tenant_id)
    with uow:
        scope = f"ProviderResume:{cmd.tenant_id}"
        now = uow.clock.now()
        if uow.idempotency.claim(scope, cmd.idempotency_key, _fingerprint(cmd)) is not None:
            entitlement = uow.tenancies.get(cmd.tenant_id).require(cmd.product)
            return ResumeOutcome(entitlement.entitlement_id, entitlement.state.value)
        tenancy = uow.tenancies.lock(cmd.tenant_id, now)
        tenancy.resume_product(cmd.product, now)
        uow.idempotency.settle(scope, cmd.idempotency_key, cmd.product)
        _commit(uow, tenancy, now)
        entitlement = tenancy.require(cmd.product)
        return ResumeOutcome(entitlement.entitlement_id, entitlement.state.value)


def issue_violation_notice(cmd: IssueViolationNotice, uow, guard: CellGuard,
                           make_id: NewId = new_id) -> ViolationNotice:
    """R-ENT-10: a deadline to correct a violation; uncorrected, the sweep terminates the service."""
    guard.ensure_local(cmd.tenant_id)
    with uow:
        scope = f"IssueViolationNotice:{cmd.tenant_id}"
        now = uow.clock.now()
        prior = uow.idempotency.claim(scope, cmd.idempotency_key, _fingerprint(cmd))
        if prior is not None:
            return uow.tenancies.get(cmd.tenant_id).violation(prior)
        tenancy = uow.tenancies.lock(cmd.tenant_id, now)
        notice = tenancy.issue_violation(ViolationNotice(make_id(), cmd.reason, now, cmd.correct_by), now)
        uow.idempotency.settle(scope, cmd.idempotency_key, notice.notice_id)
        _commit(uow, tenancy, now)
        return notice


def resolve_violation(cmd: ResolveViolation, uow, guard: CellGuard) -> ViolationNotice:
    """R-ENT-10: corrected before the deadline, the notice is cancelled (resolving twice is a no-op)."""
    guard.ensure_local(cmd.tenant_id)
    with uow:
        scope = f"ResolveViolation:{cmd.tenant_id}"
        now = uow.clock.now()
        if uow.idempotency.claim(scope, cmd.idempotency_key, _fingerprint(cmd)) is not None:
            return uow.tenancies.get(cmd.tenant_id).violation(cmd.notice_id)
        tenancy = uow.tenancies.lock(cmd.tenant_id, now)
        notice = tenancy.resolve_violation(cmd.notice_id, now)
        uow.idempotency.settle(scope, cmd.idempotency_key, notice.notice_id)
        _commit(uow, tenancy, now)
        return notice


# -- RPC: queries ----------------------------------------------------------------------------

def check(query: CheckAccess, uow, guard: CellGuard) -> access.Decision:
    """R-ENT-3: allowed or denied with the reason, as the state stood (or will stand) at `at`."""
    guard.ensure_local(query.tenant_id)
    with uow:
        tenancy = uow.tenancies.get(query.tenant_id)
        return access.check(tenancy, query.feature, query.at or uow.clock.now())


def tenant_status(tenant_id: str, uow, guard: CellGuard) -> views.TenantStatus:
    guard.ensure_local(tenant_id)
    with uow:
        return views.status(uow.tenancies.get(tenant_id), uow.clock.now())


def usage_signals(query: GetUsageSignals, uow, guard: CellGuard) -> usage.UsageSignals:
    """R-ENT-8: counters only; the distributor never sees a business record."""
    guard.ensure_local(query.tenant_id)
    first, last = month_bounds(query.year, query.month)
    with uow:
        return usage.UsageSignals(
            tenant_id=query.tenant_id,
            month=f"{query.year:04d}-{query.month:02d}",
            login_days=uow.usage.login_days(query.tenant_id, first, last),
            open_accounts=uow.usage.open_accounts(query.tenant_id, last),
            modules=uow.usage.module_use(query.tenant_id, first, last),
        )


# -- sweep -----------------------------------------------------------------------------------

def sweep(uow) -> str:
    """Apply every date-driven change due by now (expiry, export window, purge, trial end,
    reminders, provider notices, violation deadlines), one tenant per transaction. Running it
    twice changes nothing: each change moves the tenant's next due date past today."""
    with uow:
        due = uow.tenancies.due(uow.clock.today())
    published, failed = 0, 0
    for tenant_id in due:
        try:
            published += _advance(tenant_id, uow)
        except Exception:  # noqa: BLE001 - one tenant's failure must not stall every other tenant
            failed += 1
            log.exception("sweep failed for tenant %s; it stays due", tenant_id)
    return f"{len(due)} tenants due, {published} events, {failed} failed"


def _advance(tenant_id: str, uow) -> int:
    with uow:
        now = uow.clock.now()
        tenancy = uow.tenancies.lock(tenant_id, now)
        tenancy.advance(now)
        _commit(uow, tenancy, now)
        return len(tenancy.events)


def _notice_outcome(tenancy: Tenancy, notice_id: str) -> NoticeOutcome:
    for entitlement in tenancy.entitlements:
        notice = entitlement.notice(notice_id)
        if notice:
            return NoticeOutcome(entitlement.entitlement_id, notice)
    raise LookupError(f"notice {notice_id} settled an idempotency key but is not stored")


def _commit(uow, tenancy: Tenancy, now: datetime) -> None:
    for event in tenancy.events:
        uow.publish(event)
    uow.tenancies.save(tenancy, now)
    uow.commit()


def _fingerprint(cmd) -> str:
    return fingerprint(dataclasses.asdict(cmd))
