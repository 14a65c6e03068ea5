"""The vault's service layer: exports and waivers (R-VLT-9), the settlement (R-ID-7), deletion (R-VLT-7)."""
from __future__ import annotations

import dataclasses
import uuid

from contracts.events.v1.data_vault import ExportTaken, ExportWaived, TenantDataDeleted
from platformkit.db import fingerprint
from services.data_vault.domain import commands, errors, model

DELETE_CONSUMER = "data_vault.delete_tenant_data"


def request_export(cmd: commands.RequestExport, uow) -> model.Export:
    """R-VLT-9: record the export and its manifest; a retry with the same key returns the same export."""
    with uow:
        _ensure_not_deleted(uow, cmd.tenant_id)
        scope = f"request_export:{cmd.tenant_id}"
        done = uow.idempotency.claim(scope, cmd.idempotency_key, fingerprint(dataclasses.asdict(cmd)))
        if done is not None:
            return uow.exports.get(done)
        export_id, now = str(uuid.uuid4()), uow.clock.now()
        holdings = uow.holdings.count(cmd.tenant_id)
        export = model.Export(export_id, cmd.tenant_id, cmd.account_id, now,
                              model.manifest(export_id, cmd.tenant_id, uow.cell, now, holdings))
        uow.exports.add(export)
        uow.idempotency.settle(scope, cmd.idempotency_key, export_id)
        uow.publish(ExportTaken(tenant_id=cmd.tenant_id, export_id=export_id, account_id=cmd.account_id))
        uow.commit()
    return export


def waive_export(cmd: commands.WaiveExport, uow) -> model.Waiver:
    """The main account declines the export; recorded, so the data matters count as settled (R-ID-7)."""
    with uow:
        _ensure_not_deleted(uow, cmd.tenant_id)
        scope = f"waive_export:{cmd.tenant_id}"
        done = uow.idempotency.claim(scope, cmd.idempotency_key, fingerprint(dataclasses.asdict(cmd)))
        if done is not None:
            return uow.waivers.get(done)
        waiver = model.Waiver(str(uuid.uuid4()), cmd.tenant_id, cmd.account_id, uow.clock.now())
        uow.waivers.add(waiver)
        uow.idempotency.settle(scope, cmd.idempotency_key, waiver.waiver_id)
        uow.publish(ExportWaived(tenant_id=cmd.tenant_id, waiver_id=waiver.waiver_id, account_id=cmd.account_id))
        uow.commit()
    return waiver


def data_settlement(tenant_id: str, uow) -> model.Settlement:
    with uow:
        return model.settlement(uow.exports.any_for(tenant_id), uow.waivers.any_for(tenant_id))


def delete_tenant_data(cmd: commands.DeleteTenantData, uow) -> model.DeletionConfirmation | None:
    """R-VLT-7, R-ENT-5: delete everything held for the tenant and confirm it in writing, once.

    Returns None for a redelivered event, and for a second request once the data is already gone
    (a purge is followed by the cancellation it causes): one deletion, one confirmation.
    """
    with uow:
        if not uow.first_delivery(DELETE_CONSUMER, cmd.event_id):
            return None
        if uow.deletions.for_tenant(cmd.tenant_id) is not None:
            uow.commit()
            return None
        deleted = uow.holdings.delete(cmd.tenant_id)
        confirmation = model.DeletionConfirmation(
            str(uuid.uuid4()), cmd.tenant_id, cmd.reason, uow.clock.now(), cmd.event_id, deleted)
        uow.deletions.add(confirmation)
        uow.publish(TenantDataDeleted(
            tenant_id=cmd.tenant_id, confirmation_id=confirmation.confirmation_id, reason=cmd.reason))
        uow.commit()
    return confirmation


def _ensure_not_deleted(uow, tenant_id: str) -> None:
    # R-VLT-7: after the deletion the data is no longer used, and nothing new is recorded for the tenant.
    if uow.deletions.for_tenant(tenant_id) is not None:
        raise errors.TenantDataDeleted(tenant_id)
