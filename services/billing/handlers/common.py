"""Helpers every billing handler shares: idempotency claims, ids, the tenant account lock, lookups."""
from __future__ import annotations

import dataclasses
import uuid
from datetime import date

from platformkit.db import fingerprint
from platformkit.errors import InvalidArgument, NotFound
from services.billing.domain import catalog
from services.billing.domain.account import Account
from services.billing.domain.orders import Order


def claim(uow, scope: str, cmd) -> str | None:
    payload = {k: v for k, v in dataclasses.asdict(cmd).items() if k != "idempotency_key"}
    return uow.idempotency.claim(scope, cmd.idempotency_key, fingerprint(payload))


def new_id() -> str:
    return str(uuid.uuid4())


def open_account(uow, tenant_id: str, jurisdiction: str, currency: str, field: str) -> Account:
    """The tenant's account, locked (it serialises the tenant's billing); opened on first use.

    R-BIL-10: one currency per tenant, fixed by its first order or top-up."""
    account = uow.accounts.get(tenant_id, lock=True)
    if account is None:
        uow.accounts.add(Account(tenant_id, jurisdiction, currency))
        account = uow.accounts.get(tenant_id, lock=True)
    if account.currency != currency:
        raise InvalidArgument.field(field, f"the tenant is billed in {account.currency}, one currency per tenant")
    return account


def load_order(uow, order_id: str, *, lock: bool = False) -> Order:
    order = uow.orders.get(order_id, lock=lock)
    if order is None:
        raise NotFound(f"order {order_id} not found")
    return order


def usage_price_on(uow, meter: str, currency: str, on: date) -> catalog.UsagePrice:
    price = catalog.in_effect(uow.usage_prices.of_meter(meter, currency), on)
    if price is None:
        raise InvalidArgument.field("meter", f"meter {meter} has no {currency} price in effect on {on.isoformat()}")
    return price
