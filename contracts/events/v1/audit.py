"""Audit records any service asks the audit log to append (R-AUD-1). Ids and codes only."""
from __future__ import annotations

from dataclasses import dataclass

from platformkit.events import Event


@dataclass(frozen=True)
class AuditRequested(Event):
    SOURCE = "audit"
    TYPE = "AuditRequested"
    actor: str
    action: str
    subject: str
    purpose: str
    outcome: str
    region: str
    trace_id: str
    categories: tuple[str, ...] = ()
