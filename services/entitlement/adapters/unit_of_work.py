"""The entitlement unit of work: one transaction, its repositories, and the outbox."""
from __future__ import annotations

from sqlalchemy.engine import Connection

from platformkit.db import SqlUnitOfWork
from services.entitlement.adapters.repository import TenancyRepository, UsageRepository


class EntitlementUnitOfWork(SqlUnitOfWork):
    def _repositories(self, connection: Connection) -> None:
        self.tenancies = TenancyRepository(connection)
        self.usage = UsageRepository(connection)
