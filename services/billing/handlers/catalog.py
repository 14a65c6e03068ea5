"""Catalog handlers: dated prices that never change retroactively (R-BIL-12), and promotions."""
from __future__ import annotations

from datetime import date

from services.billing.domain import catalog
from services.billing.domain import commands as cmds
from services.billing.domain.promotions import Promotion
from services.billing.handlers.common import claim


def set_price(cmd: cmds.SetPrice, uow) -> catalog.Price:
    price = catalog.Price(cmd.product, cmd.plan, cmd.module, cmd.unit, cmd.amount, cmd.effective_from)
    with uow:
        if claim(uow, "SetPrice:catalog", cmd) is None:
            catalog.check_schedulable(cmd.effective_from, uow.clock.today())  # R-BIL-12
            uow.prices.add(price, uow.clock.now())
            uow.idempotency.settle("SetPrice:catalog", cmd.idempotency_key, "price")
            uow.commit()
    return price


def set_usage_price(cmd: cmds.SetUsagePrice, uow) -> catalog.UsagePrice:
    price = catalog.UsagePrice(cmd.meter, cmd.unit_price, cmd.effective_from)
    with uow:
        if claim(uow, "SetUsagePrice:catalog", cmd) is None:
            catalog.check_schedulable(cmd.effective_from, uow.clock.today())  # R-BIL-12
            uow.usage_prices.add(price, uow.clock.now())
            uow.idempotency.settle("SetUsagePrice:catalog", cmd.idempotency_key, "usage_price")
            uow.commit()
    return price


def create_promotion(cmd: cmds.CreatePromotion, uow) -> Promotion:
    promo = Promotion(cmd.code, cmd.percent_off, cmd.amount_off, cmd.stackable, cmd.valid_from, cmd.valid_to)
    with uow:
        if claim(uow, "CreatePromotion:catalog", cmd) is None:
            uow.promotions.add(promo, uow.clock.now())
            uow.idempotency.settle("CreatePromotion:catalog", cmd.idempotency_key, cmd.code)
            uow.commit()
    return promo


def list_prices(product: str | None, on: date | None, uow) -> list[catalog.Price]:
    with uow:
        entries = uow.prices.list(product)
    return catalog.current(entries, on) if on else entries


def list_usage_prices(meter: str | None, uow) -> list[catalog.UsagePrice]:
    with uow:
        return uow.usage_prices.list(meter)
