"""Events published by entitlement: one per state transition (R-ENT-2), plus notices and purge."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from platformkit.events import Event


@dataclass(frozen=True)
class EntitlementStateChanged(Event):
    """Every transition of the state machine (R-ENT-2): pending, active, suspended, expired,
    terminated, purged. `period_end` is the end of the current period, if any."""

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
    """R-ENT-7: a provider-initiated suspension or end, effective no sooner than 30 days later."""

    SOURCE = "entitlement"
    TYPE = "ProviderTerminationNoticed"
    entitlement_id: str
    noticed_on: date
    effective_on: date
