"""Repositories of the catalog: plan and module prices, usage prices, promotions."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.engine import Connection

from platformkit.errors import AlreadyExists
from services.billing.adapters.tables import prices, promotions, usage_prices
from services.billing.domain.catalog import Price, PriceUnit, UsagePrice
from services.billing.domain.money import Money
from services.billing.domain.promotions import Promotion


def _insert_once(connection: Connection, table: sa.Table, values: dict, what: str) -> None:
    inserted = connection.execute(insert(table).values(**values).on_conflict_do_nothing().returning(sa.literal(1)))
    if inserted.first() is None:
        raise AlreadyExists(f"{what} already exists")


class PriceRepository:
    def __init__(self, connection: Connection):
        self._c = connection

    def add(self, price: Price, at: datetime) -> None:
        _insert_once(self._c, prices, dict(
            product=price.product, plan=price.plan, module=price.module, currency=price.amount.currency,
            effective_from=price.effective_from, unit=price.unit.value, amount=price.amount.amount, created_at=at,
        ), f"a {price.amount.currency} price for this plan/module from {price.effective_from}")

    def of_plan(self, product: str, plan: str, currency: str) -> list[Price]:
        rows = self._c.execute(sa.select(prices).where(
            prices.c.product == product, prices.c.plan == plan, prices.c.currency == currency))
        return [_price(r) for r in rows]

    def list(self, product: str | None) -> list[Price]:
        query = sa.select(prices).order_by(prices.c.product, prices.c.plan, prices.c.module, prices.c.currency,
                                           prices.c.effective_from)
        if product:
            query = query.where(prices.c.product == product)
        return [_price(r) for r in self._c.execute(query)]


def _price(row) -> Price:
    return Price(row.product, row.plan, row.module, PriceUnit(row.unit), Money(row.currency, row.amount),
                 row.effective_from)


class UsagePriceRepository:
    def __init__(self, connection: Connection):
        self._c = connection

    def add(self, price: UsagePrice, at: datetime) -> None:
        _insert_once(self._c, usage_prices, dict(
            meter=price.meter, currency=price.unit_price.currency, effective_from=price.effective_from,
            amount=price.unit_price.amount, created_at=at,
        ), f"a {price.unit_price.currency} price for meter {price.meter} from {price.effective_from}")

    def of_meter(self, meter: str, currency: str) -> list[UsagePrice]:
        rows = self._c.execute(sa.select(usage_prices).where(
            usage_prices.c.meter == meter, usage_prices.c.currency == currency))
        return [_usage_price(r) for r in rows]

    def list(self, meter: str | None) -> list[UsagePrice]:
        query = sa.select(usage_prices).order_by(usage_prices.c.meter, usage_prices.c.currency,
                                                 usage_prices.c.effective_from)
        if meter:
            query = query.where(usage_prices.c.meter == meter)
        return [_usage_price(r) for r in self._c.execute(query)]


def _usage_price(row) -> UsagePrice:
    return UsagePrice(row.meter, Money(row.currency, row.amount), row.effective_from)


class PromotionRepository:
    def __init__(self, connection: Connection):
        self._c = connection

    def add(self, promo: Promotion, at: datetime) -> None:
        off = promo.amount_off
        _insert_once(self._c, promotions, dict(
            code=promo.code, percent_off=promo.percent_off, amount_off=off.amount if off else None,
            currency=off.currency if off else None, stackable=promo.stackable, valid_from=promo.valid_from,
            valid_to=promo.valid_to, created_at=at,
        ), f"promotion {promo.code}")

    def get_many(self, codes: tuple[str, ...]) -> dict[str, Promotion]:
        if not codes:
            return {}
        rows = self._c.execute(sa.select(promotions).where(promotions.c.code.in_(codes)))
        return {r.code: _promotion(r) for r in rows}


def _promotion(row) -> Promotion:
    off = Money(row.currency, row.amount_off) if row.amount_off is not None else None
    return Promotion(row.code, row.percent_off, off, row.stackable, row.valid_from, row.valid_to)
