"""The vault's bus consumer: a purge or a cancellation deletes the tenant's data (R-VLT-7, R-ENT-5)."""
from __future__ import annotations

from platformkit.bus import Consumer, on
from services.data_vault import handlers
from services.data_vault.domain import commands, model


class DataVaultConsumer(Consumer):
    name = "data_vault"

    @on("entitlement", "TenantPurgeDue")
    def tenant_purge_due(self, envelope, event) -> None:
        self._delete(envelope, model.PURGE_DUE)

    @on("identity", "TenantCancelled")
    def tenant_cancelled(self, envelope, event) -> None:
        self._delete(envelope, model.TENANT_CANCELLED)

    def _delete(self, envelope, reason: str) -> None:
        handlers.delete_tenant_data(
            commands.DeleteTenantData(envelope.tenant_id, reason, envelope.event_id), self.app.uow())
