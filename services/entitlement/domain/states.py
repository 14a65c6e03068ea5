"""The entitlement state machine (R-ENT-2): states and the only moves allowed between them."""
from __future__ import annotations

from enum import StrEnum

from services.entitlement.domain.errors import IllegalTransition


class State(StrEnum):
    NONE = "none"  # before the first order: only ever a `from_state`
    PENDING = "pending"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    EXPIRED = "expired"
    TERMINATED = "terminated"
    PURGED = "purged"


# R-ENT-2: pending -> active -> expired -> purged, with suspended (reversible) and terminated
# (for breach, final: nothing leads back to service) beside them. Pending may become suspended
# when its period starts while a hold (debt, provider) is on; expired returns to pending or
# active only through a paid renewal or reorder.
TRANSITIONS: dict[State, frozenset[State]] = {
    State.NONE: frozenset({State.PENDING}),
    State.PENDING: frozenset({State.ACTIVE, State.SUSPENDED, State.EXPIRED, State.TERMINATED}),
    State.ACTIVE: frozenset({State.SUSPENDED, State.EXPIRED, State.TERMINATED}),
    State.SUSPENDED: frozenset({State.ACTIVE, State.EXPIRED, State.TERMINATED}),
    State.EXPIRED: frozenset({State.PENDING, State.ACTIVE, State.SUSPENDED, State.PURGED}),
    State.TERMINATED: frozenset({State.PURGED}),
    State.PURGED: frozenset(),
}

# The contract is in force: paid service not over yet (R-ID-7 "service still running").
LIVE = frozenset({State.PENDING, State.ACTIVE, State.SUSPENDED})
# Inside a period: the service runs (or is paused by a hold).
RUNNING = frozenset({State.ACTIVE, State.SUSPENDED})
# The service stopped for good or for now; the purge clock runs (R-ENT-5).
STOPPED = frozenset({State.EXPIRED, State.TERMINATED})


def ensure_allowed(source: State, target: State) -> None:
    """R-ENT-2: refuse any move the table does not list."""
    if target not in TRANSITIONS[source]:
        raise IllegalTransition(source, target)
