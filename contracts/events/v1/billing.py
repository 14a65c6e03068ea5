"""Events published by billing. Ids, dates, amounts and codes only: never personal data."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from platformkit.events import Event


@dataclass(frozen=True)
class OrderPlaced(Event):
    SOURCE = "billing"
    TYPE = "OrderPlaced"
    order_id: str
    kind: str  # new | renewal | reorder | add_on (R-BIL-1, derived from dates)
    channel: str  # distributor | self_service (R-BIL-2)
    product: str
    plan: str
    placed_on: date


@dataclass(frozen=True)
class OrderPaid(Event):
    """A paid order: entitlement activates or extends (R-ENT-1), identity mints a link (R-ID-1)."""

    SOURCE = "billing"
    TYPE = "OrderPaid"
    order_id: str
    kind: str
    product: str
    plan: str
    # What the period includes once this order is paid: for an add_on, the running period's new
    # totals (its seats plus the seats added; its modules plus those added), never just the increment.
    seats: int
    modules: tuple[str, ...]
    trial: bool
    paid_at: datetime
    # The service period this order buys (R-BIL-4, R-BIL-5); None for an add_on.
    period_start: date | None = None
    period_end: date | None = None


@dataclass(frozen=True)
class OrderVoided(Event):
    SOURCE = "billing"
    TYPE = "OrderVoided"
    order_id: str
    reason: str


@dataclass(frozen=True)
class DebtOverdue(Event):
    """R-BIL-7: the tenant owes money past its due date; service may be suspended."""

    SOURCE = "billing"
    TYPE = "DebtOverdue"
    amount: Decimal
    currency: str
    since: date


@dataclass(frozen=True)
class DebtSettled(Event):
    SOURCE = "billing"
    TYPE = "DebtSettled"


@dataclass(frozen=True)
class RefundIssued(Event):
    SOURCE = "billing"
    TYPE = "RefundIssued"
    refund_id: str
    order_id: str
    amount: Decimal
    currency: str
