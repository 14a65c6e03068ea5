"""One product's entitlement: its paid periods, its state history and its date-driven steps."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial

from contracts.events.v1.entitlement import (
    EntitlementStateChanged, ExportWindowOpened, RenewalReminderDue, TrialEnded,
)
from platformkit.events import Event
from services.entitlement.domain import calendar
from services.entitlement.domain.errors import OrderRefused
from services.entitlement.domain.records import (
    ADD_ON, NEW, RENEWAL, REORDER, SUSPEND, Grant, ProviderNotice, Step, Transition,
)
from services.entitlement.domain.states import LIVE, RUNNING, STOPPED, State, ensure_allowed

# Order of date-driven steps falling on the same day.
RANK_VIOLATION, RANK_PROVIDER, RANK_ROLLOVER, RANK_ACTIVATION, RANK_EXPIRY, RANK_REMINDER, RANK_PURGE = range(7)

PERIOD_STARTED, PERIOD_ENDED, TRIAL_ENDED = "period_started", "period_ended", "trial_ended"
PROVIDER_SUSPENDED, PROVIDER_TERMINATED = "provider_suspended", "provider_terminated"


@dataclass(eq=False)
class Entitlement:
    entitlement_id: str
    tenant_id: str
    product: str
    state: State = State.NONE
    grants: list[Grant] = field(default_factory=list)
    history: list[Transition] = field(default_factory=list)
    notices: list[ProviderNotice] = field(default_factory=list)
    reminded: set[date] = field(default_factory=set)
    provider_hold: bool = False
    current_order_id: str | None = None

    # -- reading ---------------------------------------------------------------------------

    def periods(self) -> list[Grant]:
        """The periods in force: those bought since the service last stopped (a stop voids the rest)."""
        stop = self._last_stop()
        return sorted((g for g in self.grants if g.is_period and (stop is None or g.recorded_at >= stop.at)),
                      key=lambda g: (g.start, g.recorded_at))

    def period_on(self, day: date) -> Grant | None:
        """The period in force on `day`; the later one where a trial and its paid successor overlap."""
        covering = [p for p in self.periods() if p.covers(day)]
        return covering[-1] if covering else None

    def period_for(self, day: date) -> Grant | None:
        """The period an event or a summary of `day` refers to: in force, else upcoming, else the last."""
        upcoming = [p for p in self.periods() if p.start > day]
        return self.period_on(day) or (upcoming[0] if upcoming else None) or self._last_period()

    def coverage_end(self) -> date | None:
        """The last day the periods in force pay for."""
        return max((p.end for p in self.periods()), default=None)

    def seats_on(self, day: date) -> int:
        """The seats of the period `day` concerns, with the add-ons bought in it by then.

        Billing's OrderPaid for an add-on carries the period's new totals, not the increment, so
        a redelivered or reordered add-on can never count twice."""
        period = self.period_for(day)
        if period is None:
            return 0
        return max([period.seats, *(a.seats for a in self._add_ons(period, day))])

    def modules_on(self, day: date) -> frozenset[str]:
        """The modules usable on `day`: none outside a period in force (R-ENT-3)."""
        period = self.period_on(day)
        if period is None:
            return frozenset()
        return period.modules.union(*(a.modules for a in self._add_ons(period, day)))

    def is_trial(self) -> bool:
        period = self._last_period()
        return bool(period and period.trial)

    def stopped_on(self) -> date | None:
        stop = self._last_stop()
        return stop.at.date() if stop else None

    def export_closes_on(self) -> date | None:
        """R-ENT-4: the last day of the 30-day export window, while expired (trials have none)."""
        if self.state != State.EXPIRED or self.history[-1].reason == TRIAL_ENDED:
            return None
        return self.stopped_on() + timedelta(days=calendar.EXPORT_WINDOW_DAYS - 1)

    def has_order(self, order_id: str) -> bool:
        return any(g.order_id == order_id for g in self.grants)

    def notice(self, notice_id: str) -> ProviderNotice | None:
        return next((n for n in self.notices if n.notice_id == notice_id), None)

    def as_of(self, at: datetime) -> Entitlement:
        """A copy holding only what was recorded by `at` (R-ENT-3 answers from it)."""
        history = [t for t in self.history if t.at <= at]
        grants = [g for g in self.grants if g.recorded_at <= at]
        current = self.current_order_id if any(g.order_id == self.current_order_id for g in grants) else None
        return Entitlement(
            self.entitlement_id, self.tenant_id, self.product,
            state=history[-1].to_state if history else State.NONE, grants=grants, history=history,
            notices=[n.as_of(at) for n in self.notices if n.recorded_at <= at],
            reminded=set(self.reminded), provider_hold=self.provider_hold, current_order_id=current,
        )

    # -- orders (R-ENT-1) --------------------------------------------------------------------

    def apply(self, grant: Grant, now: datetime, held: bool) -> list[Event]:
        """Activate, extend or add to this entitlement with a paid order; refuse what does not fit."""
        grant.check()
        if self.state in (State.TERMINATED, State.PURGED):
            raise OrderRefused(grant.order_id, f"the entitlement is {self.state} for good", "ENTITLEMENT_CLOSED")
        if grant.kind == ADD_ON:
            return self._add_on(grant, now)
        if self.state == State.NONE:
            return self._open(grant, now)
        if self.state == State.EXPIRED:
            return self._reactivate(grant, now, held)
        return self._extend(grant, now)

    def _open(self, grant: Grant, now: datetime) -> list[Event]:
        if grant.kind != NEW:
            raise OrderRefused(grant.order_id, f"a {grant.kind} needs an existing entitlement", "NO_ENTITLEMENT")
        self.grants.append(grant)
        return [self._move(State.PENDING, "order_paid", now, grant.order_id)]

    def _extend(self, grant: Grant, now: datetime) -> list[Event]:
        expected = self.coverage_end() + calendar.ONE_DAY
        if grant.kind == RENEWAL and grant.start != expected:
            # R-BIL-5: a renewal starts the day after the paid-up coverage ends: no overlap, no gap.
            raise OrderRefused(grant.order_id, f"a renewal must start on {expected}", "RENEWAL_NOT_CONTIGUOUS")
        if grant.kind == NEW and not self.is_trial():
            raise OrderRefused(grant.order_id, "the product is already entitled", "ALREADY_ENTITLED")
        if grant.kind == REORDER:
            raise OrderRefused(grant.order_id, "a reorder needs an expired entitlement", "NOT_EXPIRED")
        self.grants.append(grant)
        return [self._announce(grant.kind, now.date(), grant.order_id)]

    def _reactivate(self, grant: Grant, now: datetime, held: bool) -> list[Event]:
        stopped = self.stopped_on()
        if grant.kind == NEW and not self.is_trial():
            raise OrderRefused(grant.order_id, "a new order for an expired product is a reorder", "NOT_NEW")
        if grant.kind == RENEWAL and grant.start != stopped:
            raise OrderRefused(grant.order_id, f"a renewal must start on {stopped}", "RENEWAL_NOT_CONTIGUOUS")
        if grant.start < stopped:
            raise OrderRefused(grant.order_id, f"a reorder cannot start before {stopped}", "PERIOD_OVERLAPS")
        self.grants.append(grant)
        if grant.start > now.date():
            target = State.PENDING
        else:
            target = State.SUSPENDED if held else State.ACTIVE
        return [self._move(target, grant.kind, now, grant.order_id)]

    def _add_on(self, grant: Grant, now: datetime) -> list[Event]:
        if self.state not in RUNNING or self.period_on(now.date()) is None:
            raise OrderRefused(grant.order_id, "an add-on applies inside a running period", "NO_RUNNING_PERIOD")
        self.grants.append(grant)
        return [self._announce(ADD_ON, now.date(), grant.order_id)]

    # -- holds, notices ----------------------------------------------------------------------

    def suspend(self, reason: str, at: datetime) -> list[Event]:
        return [self._move(State.SUSPENDED, reason, at)] if self.state == State.ACTIVE else []

    def resume(self, reason: str, at: datetime, held: bool) -> list[Event]:
        if self.state != State.SUSPENDED or held:
            return []
        return [self._move(State.ACTIVE, reason, at)]

    def terminate(self, reason: str, at: datetime) -> list[Event]:
        return [self._move(State.TERMINATED, reason, at)] if self.state in LIVE else []

    def purge(self, reason: str, at: datetime) -> list[Event]:
        return [self._move(State.PURGED, reason, at)] if self.state in STOPPED else []

    # -- date-driven steps -------------------------------------------------------------------

    def steps(self, held: bool) -> list[Step]:
        """Every change this entitlement has scheduled, due or not."""
        found = [Step(n.effective_on, RANK_PROVIDER, partial(self._apply_notice, n))
                 for n in self.notices if n.pending and self.state in LIVE]
        if self.state == State.PENDING:
            found += self._activation(held)
        if self.state in RUNNING:
            found += self._rollover() + self._expiry() + self._reminder()
        return found

    def _activation(self, held: bool) -> list[Step]:
        since = self.history[-1].at.date()
        start = min((p.start for p in self.periods() if p.end >= since), default=None)
        if start is None:
            return []
        target = State.SUSPENDED if held else State.ACTIVE
        return [Step(start, RANK_ACTIVATION, lambda at: [self._move(target, PERIOD_STARTED, at)])]

    def _rollover(self) -> list[Step]:
        """A renewed period starting: announce it, its seats may differ (R-ENT-1)."""
        current = next((g for g in self.grants if g.order_id == self.current_order_id), None)
        if current is None:
            return []
        later = [p for p in self.periods() if p.start > current.start]
        if not later:
            return []
        successor = later[0]

        def roll(at: datetime) -> list[Event]:
            self.current_order_id = successor.order_id
            return [self._announce(PERIOD_STARTED, at.date(), successor.order_id)]

        return [Step(successor.start, RANK_ROLLOVER, roll)]

    def _expiry(self) -> list[Step]:
        end = self.coverage_end()
        return [Step(end + calendar.ONE_DAY, RANK_EXPIRY, partial(self._expire, end))] if end else []

    def _expire(self, end: date, at: datetime) -> list[Event]:
        if self.is_trial():
            # R-ENT-6: a trial is reclaimed at its end; no export window for a trial.
            changed = self._move(State.EXPIRED, TRIAL_ENDED, at)
            return [changed, TrialEnded(self.tenant_id, self.entitlement_id, ended_on=end)]
        # R-ENT-4: the service stops and a 30-day export window opens.
        return [self._move(State.EXPIRED, PERIOD_ENDED, at), self._window_opened()]

    def _reminder(self) -> list[Step]:
        """R-ENT-9: once per period, at least 5 working days before it ends (not for trials)."""
        end = self.coverage_end()
        if end is None or end in self.reminded or self.is_trial():
            return []

        def remind(_at: datetime) -> list[Event]:
            self.reminded.add(end)
            return [RenewalReminderDue(self.tenant_id, self.entitlement_id, period_end=end)]

        return [Step(calendar.working_days_before(end, calendar.REMINDER_WORKING_DAYS), RANK_REMINDER, remind)]

    def _apply_notice(self, notice: ProviderNotice, at: datetime) -> list[Event]:
        """R-ENT-7: a provider notice takes effect on its date, never earlier."""
        notice.applied_at = at
        if notice.action == SUSPEND:
            self.provider_hold = True
            return self.suspend(PROVIDER_SUSPENDED, at)
        return [self._move(State.EXPIRED, PROVIDER_TERMINATED, at), self._window_opened()]

    def _window_opened(self) -> ExportWindowOpened:
        return ExportWindowOpened(self.tenant_id, self.entitlement_id, opens_on=self.stopped_on(),
                                  closes_on=self.export_closes_on())

    # -- transitions (R-ENT-2) ----------------------------------------------------------------

    def _move(self, target: State, reason: str, at: datetime, order_id: str | None = None) -> EntitlementStateChanged:
        """The only way the state changes: checked against the table, recorded, and published."""
        ensure_allowed(self.state, target)
        if self.history:
            at = max(at, self.history[-1].at)  # history stays in order even when a sweep runs late
        source, self.state = self.state, target
        self.history.append(Transition(source, target, reason, at, order_id))
        if target in RUNNING and source not in RUNNING:
            period = self.period_on(at.date())
            self.current_order_id = period.order_id if period else self.current_order_id
        return self._changed(source, target, reason, at.date(), order_id)

    def _announce(self, reason: str, on: date, order_id: str | None) -> EntitlementStateChanged:
        """A change inside the current state (add-on, renewal, new period): from_state == to_state."""
        return self._changed(self.state, self.state, reason, on, order_id)

    def _changed(self, source: State, target: State, reason: str, on: date,
                 order_id: str | None) -> EntitlementStateChanged:
        period = self.period_for(on)
        return EntitlementStateChanged(
            self.tenant_id, entitlement_id=self.entitlement_id, product=self.product,
            from_state=source.value, to_state=target.value, reason=reason, seats=self.seats_on(on),
            trial=bool(period and period.trial), on=on, period_start=period.start if period else None,
            period_end=self.coverage_end() or (period.end if period else None), order_id=order_id,
        )

    # -- helpers -------------------------------------------------------------------------------

    def _last_stop(self) -> Transition | None:
        return next((t for t in reversed(self.history) if t.to_state in STOPPED), None)

    def _last_period(self) -> Grant | None:
        every = [g for g in self.grants if g.is_period]
        return max(every, key=lambda g: (g.end, g.recorded_at)) if every else None

    def _add_ons(self, period: Grant, day: date) -> list[Grant]:
        """Add-ons bought inside `period`, in effect by `day`."""
        last = min(day, period.end)
        return [g for g in self.grants if not g.is_period and period.start <= g.effective_on <= last]
