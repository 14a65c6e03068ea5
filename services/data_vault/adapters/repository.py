"""Repositories of the vault over one Connection; the vault's SQL lives only here."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from platformkit.errors import NotFound
from services.data_vault.adapters import tables
from services.data_vault.domain import model


class ExportRepository:
    def __init__(self, connection: Connection):
        self._c = connection

    def add(self, export: model.Export) -> None:
        self._c.execute(sa.insert(tables.exports).values(
            export_id=export.export_id, tenant_id=export.tenant_id, account_id=export.account_id,
            taken_at=export.taken_at, manifest=export.manifest,
        ))

    def get(self, export_id: str) -> model.Export:
        row = self._c.execute(sa.select(tables.exports).where(tables.exports.c.export_id == export_id)).first()
        if row is None:
            raise NotFound(f"export {export_id} not found")
        return model.Export(row.export_id, row.tenant_id, row.account_id, row.taken_at, row.manifest)

    def any_for(self, tenant_id: str) -> bool:
        return _exists(self._c, tables.exports, tenant_id)


class WaiverRepository:
    def __init__(self, connection: Connection):
        self._c = connection

    def add(self, waiver: model.Waiver) -> None:
        self._c.execute(sa.insert(tables.export_waivers).values(
            waiver_id=waiver.waiver_id, tenant_id=waiver.tenant_id, account_id=waiver.account_id,
            waived_at=waiver.waived_at,
        ))

    def get(self, waiver_id: str) -> model.Waiver:
        t = tables.export_waivers
        row = self._c.execute(sa.select(t).where(t.c.waiver_id == waiver_id)).first()
        if row is None:
            raise NotFound(f"waiver {waiver_id} not found")
        return model.Waiver(row.waiver_id, row.tenant_id, row.account_id, row.waived_at)

    def any_for(self, tenant_id: str) -> bool:
        return _exists(self._c, tables.export_waivers, tenant_id)


class DeletionRepository:
    def __init__(self, connection: Connection):
        self._c = connection

    def add(self, confirmation: model.DeletionConfirmation) -> None:
        self._c.execute(sa.insert(tables.deletion_confirmations).values(
            confirmation_id=confirmation.confirmation_id, tenant_id=confirmation.tenant_id,
            reason=confirmation.reason, source_event_id=confirmation.source_event_id,
            deleted_at=confirmation.deleted_at, deleted=confirmation.deleted,
        ))

    def for_tenant(self, tenant_id: str) -> model.DeletionConfirmation | None:
        t = tables.deletion_confirmations
        row = self._c.execute(sa.select(t).where(t.c.tenant_id == tenant_id)).first()
        if row is None:
            return None
        return model.DeletionConfirmation(
            row.confirmation_id, row.tenant_id, row.reason, row.deleted_at, row.source_event_id, row.deleted)


class TenantHoldings:
    """Everything the vault holds for one tenant, across the tables listed in tables.TENANT_DATA."""

    def __init__(self, connection: Connection):
        self._c = connection

    def count(self, tenant_id: str) -> dict[str, int]:
        return {t.name: self._c.execute(_count_of(t, tenant_id)).scalar_one() for t in tables.TENANT_DATA}

    def delete(self, tenant_id: str) -> dict[str, int]:
        """R-VLT-7: delete the tenant's rows from every table; returns how many went from each."""
        return {
            t.name: self._c.execute(sa.delete(t).where(t.c.tenant_id == tenant_id)).rowcount
            for t in tables.TENANT_DATA
        }


def _count_of(table: sa.Table, tenant_id: str) -> sa.Select:
    return sa.select(sa.func.count()).select_from(table).where(table.c.tenant_id == tenant_id)


def _exists(connection: Connection, table: sa.Table, tenant_id: str) -> bool:
    return connection.execute(sa.select(sa.exists().where(table.c.tenant_id == tenant_id))).scalar_one()
