"""Identity's unit of work: one transaction, its repositories, and the outbox."""
from __future__ import annotations

from sqlalchemy.engine import Connection

from platformkit.db import SqlUnitOfWork
from services.identity.adapters import repository


class IdentityUnitOfWork(SqlUnitOfWork):
    def _repositories(self, connection: Connection) -> None:
        self.tenants = repository.TenantRepository(connection)
        self.accounts = repository.AccountRepository(connection)
        self.sessions = repository.SessionRepository(connection)
        self.logins = repository.LoginRecordRepository(connection)
        self.restrictions = repository.RestrictionRepository(connection)
        self.third_party = repository.ThirdPartyRepository(connection)
        self.replacements = repository.ReplacementRepository(connection)
        self.links = repository.ActivationLinkRepository(connection)
        self.flags = repository.FlagRepository(connection)
        self.entitlements = repository.EntitlementRepository(connection)
