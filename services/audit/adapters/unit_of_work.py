"""The audit unit of work: one transaction and the chain repository."""
from __future__ import annotations

from sqlalchemy.engine import Connection

from platformkit.db import SqlUnitOfWork
from services.audit.adapters.repository import ChainRepository


class AuditUnitOfWork(SqlUnitOfWork):
    def _repositories(self, connection: Connection) -> None:
        self.chain = ChainRepository(connection)
