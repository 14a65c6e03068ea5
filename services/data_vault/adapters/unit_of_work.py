"""The vault's unit of work: one transaction, its repositories, and the outbox."""
from __future__ import annotations

from sqlalchemy.engine import Connection

from platformkit.db import SqlUnitOfWork
from services.data_vault.adapters import repository


class DataVaultUnitOfWork(SqlUnitOfWork):
    def _repositories(self, connection: Connection) -> None:
        self.exports = repository.ExportRepository(connection)
        self.waivers = repository.WaiverRepository(connection)
        self.deletions = repository.DeletionRepository(connection)
        self.holdings = repository.TenantHoldings(connection)
