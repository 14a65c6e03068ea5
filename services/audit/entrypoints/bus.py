"""The audit consumer: every domain event of every service, and AuditRequested, become chain records."""
from __future__ import annotations

from platformkit.bus import Consumer, on
from services.audit import handlers
from services.audit.domain.chain import Entry
from services.audit.domain.commands import AppendRecord


class AuditConsumer(Consumer):
    name = "audit"

    @on("audit", "AuditRequested")
    def audit_requested(self, envelope, event) -> None:
        self._append(envelope)

    @on("identity", "#")
    def identity_event(self, envelope, event) -> None:
        self._append(envelope)

    @on("billing", "#")
    def billing_event(self, envelope, event) -> None:
        self._append(envelope)

    @on("entitlement", "#")
    def entitlement_event(self, envelope, event) -> None:
        self._append(envelope)

    @on("data_vault", "#")
    def data_vault_event(self, envelope, event) -> None:
        self._append(envelope)

    def _append(self, envelope) -> None:
        handlers.append_record(AppendRecord(entry_of(envelope)), self.app.uow())


def entry_of(envelope) -> Entry:
    """The envelope as the bus delivered it; its data holds ids and codes only (contracts/events)."""
    return Entry(envelope.event_id, envelope.cell, envelope.tenant_id, envelope.source, envelope.type,
                 envelope.version, envelope.occurred_at, envelope.data)
