"""Commands (imperative, one handler each) and queries the entitlement service accepts."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class ApplyPaidOrder:
    """billing.OrderPaid (R-ENT-1)."""

    tenant_id: str
    event_id: str
    order_id: str
    kind: str
    product: str
    plan: str
    seats: int
    modules: tuple[str, ...]
    trial: bool
    period_start: date | None
    period_end: date | None


@dataclass(frozen=True)
class MarkDebtOverdue:
    """billing.DebtOverdue (R-BIL-7)."""

    tenant_id: str
    event_id: str


@dataclass(frozen=True)
class MarkDebtSettled:
    """billing.DebtSettled."""

    tenant_id: str
    event_id: str


@dataclass(frozen=True)
class RecordLogin:
    """identity.LoginRecorded: one login day (R-ENT-8)."""

    tenant_id: str
    event_id: str
    day: date


@dataclass(frozen=True)
class RecordAccountChange:
    """identity.AccountChanged / MainAccountRegistered: an account opened or closed (R-ENT-8)."""

    tenant_id: str
    event_id: str
    account_id: str
    change: str
    on: date


@dataclass(frozen=True)
class RecordModuleUse:
    tenant_id: str
    module: str
    idempotency_key: str


@dataclass(frozen=True)
class NoticeProviderAction:
    """R-ENT-7: suspend or terminate a product on the provider's initiative."""

    tenant_id: str
    product: str
    action: str  # suspend | terminate
    effective_on: date
    reason: str
    idempotency_key: str


@dataclass(frozen=True)
class ResumeProduct:
    tenant_id: str
    product: str
    idempotency_key: str


@dataclass(frozen=True)
class IssueViolationNotice:
    tenant_id: str
    reason: str
    correct_by: date
    idempotency_key: str


@dataclass(frozen=True)
class ResolveViolation:
    tenant_id: str
    notice_id: str
    idempotency_key: str


@dataclass(frozen=True)
class CheckAccess:
    tenant_id: str
    feature: str
    at: datetime | None  # None: now


@dataclass(frozen=True)
class GetUsageSignals:
    tenant_id: str
    year: int
    month: int
