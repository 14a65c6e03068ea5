"""Billing's unit of work: one transaction, its repositories, and the outbox (platformkit.db)."""
from __future__ import annotations

from sqlalchemy.engine import Connection, Engine

from platformkit.clock import Clock
from platformkit.db import SqlUnitOfWork
from services.billing.adapters.account_repository import AccountRepository, LedgerRepository, UsageRepository
from services.billing.adapters.catalog_repository import PriceRepository, PromotionRepository, UsagePriceRepository
from services.billing.adapters.repository import OrderRepository, RefundRepository
from services.billing.adapters.tables import platform


class BillingUnitOfWork(SqlUnitOfWork):
    def __init__(self, engine: Engine, *, cell: str, clock: Clock):
        super().__init__(engine, platform, cell=cell, clock=clock)

    def _repositories(self, connection: Connection) -> None:
        self.prices = PriceRepository(connection)
        self.usage_prices = UsagePriceRepository(connection)
        self.promotions = PromotionRepository(connection)
        self.accounts = AccountRepository(connection, self.clock)
        self.orders = OrderRepository(connection)
        self.refunds = RefundRepository(connection)
        self.usage = UsageRepository(connection)
        self.ledger = LedgerRepository(connection)
