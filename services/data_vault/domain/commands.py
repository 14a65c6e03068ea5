"""Commands the vault accepts: imperative, one handler each."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RequestExport:
    tenant_id: str
    account_id: str
    idempotency_key: str


@dataclass(frozen=True)
class WaiveExport:
    tenant_id: str
    account_id: str
    idempotency_key: str


@dataclass(frozen=True)
class DeleteTenantData:
    tenant_id: str
    reason: str
    event_id: str  # the bus event that asked for it; the inbox makes a redelivery a no-op
