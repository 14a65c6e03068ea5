"""The aggregate root: every entitlement of one tenant, its debt hold, its violation notices.

Changes that concern the tenant as a whole live here: a debt suspends every product (R-BIL-7),
an uncorrected violation terminates them all (R-ENT-10), and the tenant's data is purged only
when no product has run for 6 months (R-ENT-5). Every command first `advance`s the aggregate to
now, so date-driven changes are applied in date order even when the sweep runs late.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial

from contracts.events.v1.entitlement import (
    ProviderNoticeWithdrawn, ProviderTerminationNoticed, TenantPurgeDue, ViolationNoticed, ViolationResolved,
)
from platformkit.errors import InvalidArgument
from platformkit.events import Event
from services.entitlement.domain import calendar
from services.entitlement.domain.entitlement import RANK_PURGE, RANK_VIOLATION, Entitlement
from services.entitlement.domain.errors import (
    DeadlinePassed, EntitlementNotFound, NoticeNotFound, NothingRunning,
)
from services.entitlement.domain.records import Grant, ProviderNotice, Step, ViolationNotice
from services.entitlement.domain.states import LIVE, STOPPED

# A guard against a step that fails to retire itself: far more than years of missed sweeps need.
MAX_STEPS = 10_000


@dataclass(eq=False)
class Tenancy:
    tenant_id: str
    entitlements: list[Entitlement] = field(default_factory=list)
    violations: list[ViolationNotice] = field(default_factory=list)
    in_debt: bool = False
    events: list[Event] = field(default_factory=list)

    def entitlement(self, product: str) -> Entitlement | None:
        return next((e for e in self.entitlements if e.product == product), None)

    def require(self, product: str) -> Entitlement:
        found = self.entitlement(product)
        if found is None:
            raise EntitlementNotFound(self.tenant_id, product)
        return found

    def has_order(self, order_id: str) -> bool:
        return any(e.has_order(order_id) for e in self.entitlements)

    def is_live(self) -> bool:
        return any(e.state in LIVE for e in self.entitlements)

    def violation(self, notice_id: str) -> ViolationNotice:
        found = next((v for v in self.violations if v.notice_id == notice_id), None)
        if found is None:
            raise NoticeNotFound(notice_id)
        return found

    def held(self, entitlement: Entitlement) -> bool:
        return self.in_debt or entitlement.provider_hold

    def purge_on(self) -> date | None:
        """R-ENT-5: 6 months after the last product stopped, if none is in force."""
        stops = [e.stopped_on() for e in self.entitlements if e.state in STOPPED]
        if not stops or self.is_live():
            return None
        return calendar.add_months(max(stops), calendar.PURGE_AFTER_MONTHS)

    def as_of(self, at: datetime) -> Tenancy:
        """What was known at `at`, to be advanced to `at` (R-ENT-3)."""
        return Tenancy(
            self.tenant_id,
            entitlements=[e.as_of(at) for e in self.entitlements],
            violations=[v.as_of(at) for v in self.violations if v.issued_at <= at],
            in_debt=self.in_debt,
        )

    # -- commands ------------------------------------------------------------------------------

    def apply_order(self, product: str, grant: Grant, now: datetime, new_id: str) -> None:
        """R-ENT-1: activate or extend the product's entitlement; a known order changes nothing."""
        if self.has_order(grant.order_id):
            return
        self.advance(now)
        entitlement = self.entitlement(product)
        if entitlement is None:
            entitlement = Entitlement(new_id, self.tenant_id, product)
            self.entitlements.append(entitlement)
        self.events += entitlement.apply(grant, now, self.held(entitlement))
        self.advance(now)

    def debt_overdue(self, now: datetime) -> None:
        """R-BIL-7: service may be suspended until paid: every running product is."""
        self.advance(now)
        self.in_debt = True
        for entitlement in self.entitlements:
            self.events += entitlement.suspend("debt_overdue", now)

    def debt_settled(self, now: datetime) -> None:
        self.advance(now)
        self.in_debt = False
        for entitlement in self.entitlements:
            self.events += entitlement.resume("debt_settled", now, self.held(entitlement))

    def notice_provider(self, product: str, notice: ProviderNotice, now: datetime) -> ProviderNotice:
        """R-ENT-7: the provider suspends or ends a product only with 30 days' notice."""
        earliest = notice.noticed_on + timedelta(days=calendar.PROVIDER_NOTICE_DAYS)
        if notice.effective_on < earliest:
            raise InvalidArgument.field("effective_on", f"must be on or after {earliest}: 30 days' notice (R-ENT-7)")
        self.advance(now)
        entitlement = self.require(product)
        if entitlement.state not in LIVE:
            raise NothingRunning(f"the {product} entitlement is {entitlement.state}; there is nothing to stop")
        entitlement.notices.append(notice)
        self.events.append(ProviderTerminationNoticed(
            self.tenant_id, entitlement.entitlement_id, noticed_on=notice.noticed_on,
            effective_on=notice.effective_on, notice_id=notice.notice_id, action=notice.action,
        ))
        return notice

    def resume_product(self, product: str, now: datetime) -> list[ProviderNotice]:
        """The provider lifts its suspension and withdraws its notices not yet in effect."""
        self.advance(now)
        entitlement = self.require(product)
        withdrawn = [n for n in entitlement.notices if n.pending]
        for notice in withdrawn:
            notice.withdrawn_at = now
            self.events.append(ProviderNoticeWithdrawn(
                self.tenant_id, entitlement.entitlement_id, notice_id=notice.notice_id, withdrawn_on=now.date()))
        entitlement.provider_hold = False
        self.events += entitlement.resume("provider_resumed", now, self.held(entitlement))
        return withdrawn

    def issue_violation(self, notice: ViolationNotice, now: datetime) -> ViolationNotice:
        """R-ENT-10: a violation notice sets a deadline to correct it."""
        if notice.correct_by <= now.date():
            raise InvalidArgument.field("correct_by", "must be a date after today")
        self.advance(now)
        if not self.is_live():
            raise NothingRunning(f"tenant {self.tenant_id} has no service in force to terminate")
        self.violations.append(notice)
        self.events.append(ViolationNoticed(self.tenant_id, notice_id=notice.notice_id, correct_by=notice.correct_by))
        return notice

    def resolve_violation(self, notice_id: str, now: datetime) -> ViolationNotice:
        """R-ENT-10: corrected before the deadline, the notice is cancelled."""
        self.advance(now)
        notice = self.violation(notice_id)
        if notice.resolved_at:
            return notice
        if notice.enforced_at:
            raise DeadlinePassed(f"the deadline {notice.correct_by} passed; the service was terminated")
        notice.resolved_at = now
        self.events.append(ViolationResolved(self.tenant_id, notice_id=notice_id, resolved_on=now.date()))
        return notice

    # -- time ----------------------------------------------------------------------------------

    def advance(self, now: datetime) -> None:
        """Apply, in date order, every date-driven change due by `now` (the sweep and every command)."""
        for _ in range(MAX_STEPS):
            step = min(self._steps(), key=lambda s: (s.due, s.rank), default=None)
            if step is None or step.due > now.date():
                return
            self.events += step.apply(calendar.start_of(step.due))
        raise RuntimeError(f"tenant {self.tenant_id}: date-driven steps did not settle")

    def next_due_on(self) -> date | None:
        """When the sweep next has something to do for this tenant."""
        return min((s.due for s in self._steps()), default=None)

    def _steps(self) -> list[Step]:
        found = [s for e in self.entitlements for s in e.steps(self.held(e))]
        found += [Step(v.lapses_on, RANK_VIOLATION, partial(self._enforce, v)) for v in self.violations if v.open]
        purge_on = self.purge_on()
        if purge_on and any(e.state in STOPPED for e in self.entitlements):
            found.append(Step(purge_on, RANK_PURGE, self._purge))
        return found

    def _enforce(self, notice: ViolationNotice, at: datetime) -> list[Event]:
        """R-ENT-10: uncorrected by the deadline: terminated, final (billing refunds nothing, R-BIL-9)."""
        notice.enforced_at = at
        return [ev for e in self.entitlements for ev in e.terminate("violation_uncorrected", at)]

    def _purge(self, at: datetime) -> list[Event]:
        """R-ENT-5: 6 months after expiry without reorder, the tenant's data is deleted everywhere."""
        stopped_on = max(e.stopped_on() for e in self.entitlements if e.state in STOPPED)
        purge_on = self.purge_on()
        changes = [ev for e in self.entitlements for ev in e.purge("six_months_since_stop", at)]
        return changes + [TenantPurgeDue(self.tenant_id, expired_on=stopped_on, purge_on=purge_on)]
