"""Fixtures of billing's unit tests: a fake unit of work, a static directory, catalog helpers."""
from __future__ import annotations

from datetime import date

import pytest

from platformkit.directory import CellGuard, StaticDirectory
from services.billing import handlers
from services.billing.domain import commands as cmds
from services.billing.domain.catalog import PriceUnit
from services.billing.domain.orders import Channel
from tests.unit.billing.fakes import FakeUnitOfWork, money

INTL, PRC = "t-intl", "t-prc"


@pytest.fixture
def uow(clock) -> FakeUnitOfWork:
    return FakeUnitOfWork(clock)


@pytest.fixture
def directory() -> StaticDirectory:
    return StaticDirectory({INTL: "intl", PRC: "prc", "t-intl-2": "intl"})


@pytest.fixture
def guard(directory) -> CellGuard:
    return CellGuard(directory, "sg")


@pytest.fixture
def cn_guard(directory) -> CellGuard:
    return CellGuard(directory, "cn")


def set_price(uow, amount: str, *, currency: str = "USD", module: str = "", unit=PriceUnit.PER_SEAT_YEAR,
              effective_from: date | None = None, key: str | None = None):
    effective_from = effective_from or uow.clock.today()
    return handlers.set_price(cmds.SetPrice(
        "crm", "pro", module, unit, money(amount, currency), effective_from,
        key or f"price-{module}-{currency}-{effective_from}"), uow)


def seed_catalog(uow, currency: str = "USD") -> None:
    """crm/pro: 1200 a seat a year; module ai 120 a seat a year; module onboarding 500 flat."""
    set_price(uow, "1200.00", currency=currency)
    set_price(uow, "120.00", currency=currency, module="ai")
    set_price(uow, "500.00", currency=currency, module="onboarding", unit=PriceUnit.PER_ORDER)


def order_cmd(tenant_id: str = INTL, **overrides) -> cmds.PlaceOrder:
    values = dict(tenant_id=tenant_id, channel=Channel.SELF_SERVICE, distributor_id=None, client=None,
                  product="crm", plan="pro", seats=10, modules=(), term_months=12, currency="USD",
                  promotion_codes=(), trial=False, add_on=False, idempotency_key="order-1")
    values.update(overrides)
    return cmds.PlaceOrder(**values)


def place(uow, guard, **overrides):
    return handlers.place_order(order_cmd(**overrides), uow, guard)


def pay(uow, order, key: str = "pay-1"):
    return handlers.record_payment(cmds.RecordPayment(order.order_id, order.amount_due, key), uow)


def buy(uow, guard, key: str, **overrides):
    """Place and pay an order in one go."""
    return pay(uow, place(uow, guard, idempotency_key=key, **overrides), key=f"pay-{key}")
