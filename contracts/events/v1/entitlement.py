"""Events published by entitlement: one per state transition (R-ENT-2), plus notices and purge."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from platformkit.events import Event


@dataclass(frozen=True)
class EntitlementStateChanged(Event):
    """Every transition of the state machine (R-ENT-2): pending, active, suspended, expired,
    terminated, purged. `period_start` and `seats` are those of the period the change concerns
    (in force `on` that day, else the next, else the last); `period_end` is the last day paid for.

    `from_state == to_state` announces a change inside a state (an add-on, or a renewed period
    starting with other seats), so read models of seats stay current."""

    SOURCE = "entitlement"
    TYPE = "EntitlementStateChanged"
    entitlement_id: str
    product: str
    from_state: str
    to_state: str
    reason: str
    seats: int
    trial: bool
    on: date
    period_start: date | None = None
    period_end: date | None = None
    order_id: str | None = None


@dataclass(frozen=True)
class ExportWindowOpened(Event):
    """R-ENT-4: service stopped; the main account may export until `closes_on`."""

    SOURCE = "entitlement"
    TYPE = "ExportWindowOpened"
    entitlement_id: str
    opens_on: date
    closes_on: date


@dataclass(frozen=True)
class TenantPurgeDue(Event):
    """R-ENT-5 / R-ID-8: 6 months after expiry without reorder. Identity cancels every account,
    the vault deletes every copy of the tenant's data (backups included)."""

    SOURCE = "entitlement"
    TYPE = "TenantPurgeDue"
    expired_on: date
    purge_on: date


@dataclass(frozen=True)
class TrialEnded(Event):
    """R-ENT-6 / R-ID-8: a trial reached its end; its accounts are reclaimed."""

    SOURCE = "entitlement"
    TYPE = "TrialEnded"
    entitlement_id: str
    ended_on: date


@dataclass(frozen=True)
class RenewalReminderDue(Event):
    """R-ENT-9: remind the main account at least 5 working days before the period ends."""

    SOURCE = "entitlement"
    TYPE = "RenewalReminderDue"
    entitlement_id: str
    period_end: date


@dataclass(frozen=True)
class ProviderTerminationNoticed(Event):
    """R-ENT-7: a provider-initiated suspension or end, effective no sooner than 30 days later.
    `action` is "terminate" (the product ends; billing refunds what was not consumed, R-BIL-9)
    or "suspend"."""

    SOURCE = "entitlement"
    TYPE = "ProviderTerminationNoticed"
    entitlement_id: str
    noticed_on: date
    effective_on: date
    notice_id: str = ""
    action: str = "terminate"


@dataclass(frozen=True)
class ProviderNoticeWithdrawn(Event):
    """R-ENT-7: the provider withdrew a notice that had not taken effect yet."""

    SOURCE = "entitlement"
    TYPE = "ProviderNoticeWithdrawn"
    entitlement_id: str
    notice_id: str
    withdrawn_on: date


@dataclass(frozen=True)
class ViolationNoticed(Event):
    """R-ENT-10: the tenant must correct a violation by `correct_by`, else its service is terminated."""

    SOURCE = "entitlement"
    TYPE = "ViolationNoticed"
    notice_id: str
    correct_by: date


@dataclass(frozen=True)
class ViolationResolved(Event):
    """R-ENT-10: the violation was corrected before its deadline; the notice no longer applies."""

    SOURCE = "entitlement"
    TYPE = "ViolationResolved"
    notice_id: str
    resolved_on: date
