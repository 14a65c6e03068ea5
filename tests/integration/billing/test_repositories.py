"""Billing's repositories on the real PostgreSQL: exact round trips, NUMERIC money, rollback."""
from __future__ import annotations

import dataclasses
from datetime import date, datetime, timezone
from decimal import Decimal
from fractions import Fraction

import pytest
import sqlalchemy as sa

from services.billing.adapters.unit_of_work import BillingUnitOfWork
from services.billing.domain.account import Account
from services.billing.domain.catalog import PriceUnit
from services.billing.domain.money import Money
from services.billing.domain.orders import Channel, ClientInfo, Order, OrderKind, OrderLine, OrderStatus
from services.billing.domain.periods import Period
from services.billing.domain.usage import BillingCycle, UsageCycle

pytestmark = pytest.mark.integration
AT = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)


@pytest.fixture
def uow(service_db, clock):
    engine = service_db("billing")
    return lambda: BillingUnitOfWork(engine, cell="sg", clock=clock)


def usd(amount: str) -> Money:
    return Money("USD", Decimal(amount))


def an_order() -> Order:
    line = OrderLine("crm", "pro", "", PriceUnit.PER_SEAT_YEAR, usd("1200.00"), 2, Fraction(73, 365), usd("480.00"))
    return Order("o-1", "t-1", OrderKind.ADD_ON, Channel.DISTRIBUTOR, "d-1", ClientInfo("ACME Ltd", "REG-1"),
                 "crm", "pro", 2, ("ai", "x"), 12, False, (line,), ("SPRING",), usd("480.00"), usd("48.00"),
                 usd("432.00"), AT, base_order_id="o-0")


def test_money_columns_are_numeric_never_float_R_BIL_10(service_db):
    with service_db("billing").connect() as conn:
        floats = conn.execute(sa.text(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND data_type IN ('real', 'double precision')")).all()
    assert floats == []


def test_an_order_round_trips_exactly(uow):
    with uow() as tx:
        tx.orders.add(an_order())
        tx.commit()
    with uow() as tx:
        assert tx.orders.get("o-1") == an_order()
        paid = dataclasses.replace(an_order(), status=OrderStatus.PAID, paid_at=AT,
                                   period=Period(date(2026, 1, 5), date(2026, 3, 31)))
        tx.orders.update(paid)
        tx.commit()
    with uow() as tx:
        assert tx.orders.get("o-1", lock=True) == paid
        assert tx.orders.payments("t-1", "crm") == [("o-1", date(2026, 1, 5), usd("432.00"))]


def test_exact_damages_survive_the_database_R_BIL_7(uow):
    account = Account("t-1", "intl", "USD", Decimal("-12.35"), Decimal("0.012345678901"), date(2026, 1, 5),
                      date(2026, 1, 4), True)
    with uow() as tx:
        tx.accounts.add(account)
        tx.commit()
    with uow() as tx:
        assert tx.accounts.get("t-1") == account
        assert tx.accounts.overdue_unnotified() == []


def test_usage_accumulates_in_its_cycle_row(uow):
    cycle = UsageCycle("t-1", "api", BillingCycle.DAY, AT.replace(hour=0), AT.replace(day=6, hour=0),
                       Decimal("1.000001"))
    with uow() as tx:
        tx.usage.save(cycle)
        tx.usage.save(dataclasses.replace(cycle, quantity=Decimal("2.5")))
        tx.commit()
    with uow() as tx:
        assert tx.usage.get("t-1", "api", BillingCycle.DAY, cycle.starts_at).quantity == Decimal("2.5")
        assert tx.usage.closed_unrated(AT.replace(day=6)) == [("t-1", "api", BillingCycle.DAY, cycle.starts_at)]


def test_leaving_without_commit_writes_nothing(uow):
    with uow() as tx:
        tx.orders.add(an_order())
    with uow() as tx:
        assert tx.orders.get("o-1") is None
