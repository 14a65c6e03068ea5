"""R-ENT-3: may this tenant use this feature at this moment? Answered from periods and history."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from services.entitlement.domain.entitlement import Entitlement
from services.entitlement.domain.states import State
from services.entitlement.domain.tenancy import Tenancy

CORE, EXPORT = "core", "export"
# When no product allows a feature, the answer explains the most alive one.
_DENIAL_ORDER = [State.ACTIVE, State.SUSPENDED, State.PENDING, State.EXPIRED, State.TERMINATED, State.PURGED,
                 State.NONE]


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str
    state: str


def check(tenancy: Tenancy, feature: str, at: datetime) -> Decision:
    """The answer as it stood (past `at`) or will stand (future `at`) given what is recorded.

    The tenancy is rebuilt from what was recorded by `at`, then advanced to `at` by the same
    date-driven rules as the sweep, so a late sweep or a future date gives the same answer.
    """
    snapshot = tenancy.as_of(at)
    snapshot.advance(at)
    decisions = [decide(e, feature, at.date()) for e in snapshot.entitlements]
    allowed = [d for d in decisions if d.allowed]
    if allowed:
        return allowed[0]
    if not decisions:
        return Decision(False, "no_entitlement", State.NONE.value)
    return min(decisions, key=lambda d: _DENIAL_ORDER.index(State(d.state)))


def decide(entitlement: Entitlement, feature: str, day: date) -> Decision:
    state = entitlement.state
    if state == State.ACTIVE:
        # Features are the plan's modules (with add-ons) plus "core"; export while active (R-ENT-4).
        if feature in {CORE, EXPORT} | entitlement.modules_on(day):
            return Decision(True, "entitled", state.value)
        return Decision(False, "feature_not_in_plan", state.value)
    if state == State.EXPIRED and feature == EXPORT:
        closes_on = entitlement.export_closes_on()
        if closes_on and day <= closes_on:
            return Decision(True, "export_window_open", state.value)  # R-ENT-4
        return Decision(False, "export_window_closed", state.value)
    return Decision(False, "no_entitlement" if state == State.NONE else state.value, state.value)
