"""Exports, waivers, the data settlement and deletion confirmations."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

EXPORT_FORMAT = "okki.vault.export/v1"
EXPORT_TAKEN, WAIVED = "export_taken", "waived"
# Why a tenant's data is deleted (R-VLT-7): purge 6 months after expiry (R-ENT-5) or cancellation (R-ID-7, R-ID-8).
PURGE_DUE, TENANT_CANCELLED = "purge_due", "tenant_cancelled"


@dataclass(frozen=True)
class Export:
    export_id: str
    tenant_id: str
    account_id: str
    taken_at: datetime
    manifest: dict[str, Any]


@dataclass(frozen=True)
class Waiver:
    waiver_id: str
    tenant_id: str
    account_id: str
    waived_at: datetime


@dataclass(frozen=True)
class Settlement:
    settled: bool
    how: str  # EXPORT_TAKEN | WAIVED | ""


@dataclass(frozen=True)
class DeletionConfirmation:
    """R-VLT-7: the written confirmation that every copy of the tenant's data was deleted."""

    confirmation_id: str
    tenant_id: str
    reason: str
    deleted_at: datetime
    source_event_id: str
    deleted: dict[str, int] = field(default_factory=dict)  # collection -> rows deleted


def settlement(export_taken: bool, waived: bool) -> Settlement:
    """R-ID-7: the tenant's data matters are settled once an export was taken or waived."""
    if export_taken:
        return Settlement(True, EXPORT_TAKEN)
    if waived:
        return Settlement(True, WAIVED)
    return Settlement(False, "")


def manifest(export_id: str, tenant_id: str, cell: str, taken_at: datetime, holdings: dict[str, int]) -> dict[str, Any]:
    """R-VLT-9: a machine-readable description of everything the export holds, collection by collection."""
    return {
        "format": EXPORT_FORMAT,
        "export_id": export_id,
        "tenant_id": tenant_id,
        "cell": cell,
        "generated_at": taken_at.isoformat(),
        "collections": [{"name": name, "records": count} for name, count in sorted(holdings.items())],
    }
