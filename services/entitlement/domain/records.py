"""Value records of the entitlement domain: grants, transitions, notices and scheduled steps."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from typing import Callable

from platformkit.events import Event
from services.entitlement.domain.calendar import ONE_DAY
from services.entitlement.domain.errors import OrderRefused
from services.entitlement.domain.states import State

NEW, RENEWAL, REORDER, ADD_ON = "new", "renewal", "reorder", "add_on"
ORDER_KINDS = frozenset({NEW, RENEWAL, REORDER, ADD_ON})
SUSPEND, TERMINATE = "suspend", "terminate"


@dataclass(frozen=True)
class Grant:
    """What one paid order bought (R-ENT-1): a period, or (add-on) more seats and modules inside one."""

    order_id: str
    kind: str
    plan: str
    seats: int
    modules: frozenset[str]
    trial: bool
    start: date | None
    end: date | None
    recorded_at: datetime

    @property
    def is_period(self) -> bool:
        return self.start is not None

    @property
    def effective_on(self) -> date:
        """A period counts from its start; an add-on from the day it was applied."""
        return self.start or self.recorded_at.date()

    def covers(self, day: date) -> bool:
        return self.is_period and self.start <= day <= self.end

    def check(self) -> None:
        """Refuse an order whose content contradicts its kind (billing computed it; we verify)."""
        if self.kind not in ORDER_KINDS:
            raise OrderRefused(self.order_id, f"unknown order kind {self.kind!r}", "UNKNOWN_ORDER_KIND")
        if self.kind == ADD_ON:
            if self.start or self.end:
                raise OrderRefused(self.order_id, "an add-on buys no period", "ADD_ON_WITH_PERIOD")
            if self.seats < 0 or (self.seats == 0 and not self.modules):
                raise OrderRefused(self.order_id, "an add-on must add seats or modules", "EMPTY_ADD_ON")
            return
        if self.start is None or self.end is None or self.start > self.end:
            raise OrderRefused(self.order_id, "a period needs a start on or before its end", "BAD_PERIOD")
        if self.seats < 1:
            raise OrderRefused(self.order_id, "a period needs at least one seat", "NO_SEATS")


@dataclass(frozen=True)
class Transition:
    """One move of the state machine, at the moment it took effect (R-ENT-2, R-ENT-3)."""

    from_state: State
    to_state: State
    reason: str
    at: datetime
    order_id: str | None = None


@dataclass
class ProviderNotice:
    """R-ENT-7: a provider-initiated suspension or end, effective no sooner than 30 days after notice."""

    notice_id: str
    action: str  # suspend | terminate
    reason: str
    noticed_on: date
    effective_on: date
    recorded_at: datetime
    applied_at: datetime | None = None
    withdrawn_at: datetime | None = None

    @property
    def pending(self) -> bool:
        return self.applied_at is None and self.withdrawn_at is None

    @property
    def status(self) -> str:
        if self.withdrawn_at:
            return "withdrawn"
        return "applied" if self.applied_at else "pending"

    def as_of(self, at: datetime) -> ProviderNotice:
        return dataclasses.replace(
            self,
            applied_at=self.applied_at if self.applied_at and self.applied_at <= at else None,
            withdrawn_at=self.withdrawn_at if self.withdrawn_at and self.withdrawn_at <= at else None,
        )


@dataclass
class ViolationNotice:
    """R-ENT-10: a violation to correct by `correct_by`; uncorrected, the service is terminated."""

    notice_id: str
    reason: str
    issued_at: datetime
    correct_by: date
    resolved_at: datetime | None = None
    enforced_at: datetime | None = None

    @property
    def lapses_on(self) -> date:
        return self.correct_by + ONE_DAY

    @property
    def open(self) -> bool:
        return self.resolved_at is None and self.enforced_at is None

    @property
    def status(self) -> str:
        if self.resolved_at:
            return "resolved"
        return "enforced" if self.enforced_at else "open"

    def as_of(self, at: datetime) -> ViolationNotice:
        return dataclasses.replace(
            self,
            resolved_at=self.resolved_at if self.resolved_at and self.resolved_at <= at else None,
            enforced_at=self.enforced_at if self.enforced_at and self.enforced_at <= at else None,
        )


@dataclass(frozen=True)
class Step:
    """A date-driven change: due on `due`, ordered by `rank` on the same day; `apply(at)` -> events."""

    due: date
    rank: int
    apply: Callable[[datetime], list[Event]]
