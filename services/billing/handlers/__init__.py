"""Billing's service layer: one small function per command or query, over a unit of work.

Mutating handlers claim the idempotency key first, so a retry returns the first result and
changes nothing; everything a call writes, its events included, commits in one transaction.
Handlers naming a tenant check residency first (R-RES-2).
"""
from services.billing.handlers.balance import get_account_standing, record_usage, top_up
from services.billing.handlers.catalog import (
    create_promotion, list_prices, list_usage_prices, set_price, set_usage_price,
)
from services.billing.handlers.orders import (
    get_order, list_orders, place_order, record_payment, void_orders_of_cancelled_tenant,
)
from services.billing.handlers.refunds import get_liability_cap, request_refund
from services.billing.handlers.sweeps import sweep

__all__ = [
    "create_promotion", "get_account_standing", "get_liability_cap", "get_order", "list_orders", "list_prices",
    "list_usage_prices", "place_order", "record_payment", "record_usage", "request_refund", "set_price",
    "set_usage_price", "sweep", "top_up", "void_orders_of_cancelled_tenant",
]
