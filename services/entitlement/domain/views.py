"""Read models of a tenancy as of now: the summaries GetTenantStatus and GetEntitlements return."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from services.entitlement.domain.entitlement import Entitlement
from services.entitlement.domain.states import LIVE, RUNNING, STOPPED
from services.entitlement.domain.tenancy import Tenancy


@dataclass(frozen=True)
class EntitlementView:
    entitlement: Entitlement
    plan: str
    seats: int
    modules: frozenset[str]
    trial: bool
    period_start: date | None
    period_end: date | None
    export_window_closes_on: date | None
    purge_on: date | None


@dataclass(frozen=True)
class TenantStatus:
    service_running: bool
    entitlements: list[EntitlementView]
    export_window_closes_on: date | None
    seats: int

    @property
    def export_window_open(self) -> bool:
        return self.export_window_closes_on is not None


def current(tenancy: Tenancy, now: datetime) -> Tenancy:
    """The tenancy advanced to now without writing: reads never wait for the sweep."""
    snapshot = tenancy.as_of(now)
    snapshot.advance(now)
    return snapshot


def view(tenancy: Tenancy, entitlement: Entitlement, today: date) -> EntitlementView:
    period = entitlement.period_for(today)
    return EntitlementView(
        entitlement=entitlement,
        plan=period.plan if period else "",
        seats=entitlement.seats_on(today),
        modules=entitlement.modules_on(today) or (period.modules if period else frozenset()),
        trial=bool(period and period.trial),
        period_start=period.start if period else None,
        period_end=entitlement.coverage_end() or (period.end if period else None),
        export_window_closes_on=entitlement.export_closes_on(),
        purge_on=tenancy.purge_on() if entitlement.state in STOPPED else None,
    )


def status(tenancy: Tenancy, now: datetime) -> TenantStatus:
    """R-ID-7 reads `service_running`; the export window (R-ENT-4) is open until its last day."""
    snapshot = current(tenancy, now)
    today = now.date()
    views = [view(snapshot, e, today) for e in snapshot.entitlements]
    windows = [v.export_window_closes_on for v in views
               if v.export_window_closes_on and today <= v.export_window_closes_on]
    return TenantStatus(
        service_running=any(e.state in LIVE for e in snapshot.entitlements),
        entitlements=views,
        export_window_closes_on=max(windows, default=None),
        seats=max((v.seats for v in views if v.entitlement.state in RUNNING), default=0),
    )
