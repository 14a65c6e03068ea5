"""Billing's tables (SQLAlchemy Core) and the platform tables, on one MetaData.

R-BIL-10: every amount is NUMERIC with its currency beside it, never a float column.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from platformkit.db import platform_tables

metadata = sa.MetaData()
platform = platform_tables(metadata)

MONEY = sa.Numeric(20, 4)   # amounts at (at most) the minor unit
EXACT = sa.Numeric(30, 12)  # accrued damages and usage quantities, kept exact until shown
ID, CODE, CURRENCY = sa.String(64), sa.String(32), sa.String(3)
TIMESTAMP = sa.DateTime(timezone=True)

prices = sa.Table(
    "prices", metadata,
    sa.Column("product", ID, primary_key=True),
    sa.Column("plan", ID, primary_key=True),
    sa.Column("module", ID, primary_key=True),  # "" for the plan's own price
    sa.Column("currency", CURRENCY, primary_key=True),
    sa.Column("effective_from", sa.Date, primary_key=True),
    sa.Column("unit", CODE, nullable=False),
    sa.Column("amount", MONEY, nullable=False),
    sa.Column("created_at", TIMESTAMP, nullable=False),
    sa.CheckConstraint("amount >= 0", name="prices_amount_not_negative"),
)

usage_prices = sa.Table(
    "usage_prices", metadata,
    sa.Column("meter", ID, primary_key=True),
    sa.Column("currency", CURRENCY, primary_key=True),
    sa.Column("effective_from", sa.Date, primary_key=True),
    sa.Column("amount", MONEY, nullable=False),
    sa.Column("created_at", TIMESTAMP, nullable=False),
    sa.CheckConstraint("amount >= 0", name="usage_prices_amount_not_negative"),
)

promotions = sa.Table(
    "promotions", metadata,
    sa.Column("code", ID, primary_key=True),
    sa.Column("percent_off", sa.Numeric(9, 4)),
    sa.Column("amount_off", MONEY),
    sa.Column("currency", CURRENCY),
    sa.Column("stackable", sa.Boolean, nullable=False),
    sa.Column("valid_from", sa.Date, nullable=False),
    sa.Column("valid_to", sa.Date, nullable=False),
    sa.Column("created_at", TIMESTAMP, nullable=False),
    sa.CheckConstraint("(percent_off IS NULL) <> (amount_off IS NULL)", name="promotions_one_kind_of_discount"),
    sa.CheckConstraint("(amount_off IS NULL) = (currency IS NULL)", name="promotions_amount_has_currency"),
)

accounts = sa.Table(
    "accounts", metadata,
    sa.Column("tenant_id", ID, primary_key=True),
    sa.Column("jurisdiction", CODE, nullable=False),
    sa.Column("currency", CURRENCY, nullable=False),
    sa.Column("balance", MONEY, nullable=False),
    sa.Column("damages", EXACT, nullable=False),
    sa.Column("accrued_through", sa.Date),
    sa.Column("overdue_since", sa.Date),
    sa.Column("overdue_notified", sa.Boolean, nullable=False),
    sa.Column("updated_at", TIMESTAMP, nullable=False),
    sa.Index("accounts_overdue_unnotified", "tenant_id",
             postgresql_where=sa.text("balance < 0 AND NOT overdue_notified")),
)

orders = sa.Table(
    "orders", metadata,
    sa.Column("order_id", sa.String(36), primary_key=True),
    sa.Column("tenant_id", ID, nullable=False),
    sa.Column("kind", CODE, nullable=False),
    sa.Column("channel", CODE, nullable=False),
    sa.Column("distributor_id", ID),
    sa.Column("company_name", sa.String(512)),
    sa.Column("registration_number", ID),
    sa.Column("product", ID, nullable=False),
    sa.Column("plan", ID, nullable=False),
    sa.Column("seats", sa.Integer, nullable=False),
    sa.Column("modules", ARRAY(ID), nullable=False),
    sa.Column("term_months", sa.Integer, nullable=False),
    sa.Column("trial", sa.Boolean, nullable=False),
    sa.Column("currency", CURRENCY, nullable=False),
    sa.Column("lines", JSONB, nullable=False),  # the prices in effect when placed (R-BIL-12)
    sa.Column("promotion_codes", ARRAY(ID), nullable=False),
    sa.Column("list_amount", MONEY, nullable=False),
    sa.Column("discount", MONEY, nullable=False),
    sa.Column("amount_due", MONEY, nullable=False),
    sa.Column("status", CODE, nullable=False),
    sa.Column("placed_at", TIMESTAMP, nullable=False),
    sa.Column("paid_at", TIMESTAMP),
    sa.Column("period_start", sa.Date),
    sa.Column("period_end", sa.Date),
    sa.Column("base_order_id", sa.String(36)),
    sa.Column("voided_at", TIMESTAMP),
    sa.Column("void_reason", CODE, nullable=False),
    sa.Column("ended_on", sa.Date),
    sa.CheckConstraint("amount_due >= 0 AND discount >= 0", name="orders_amounts_not_negative"),
    sa.Index("orders_tenant_product", "tenant_id", "product"),
    sa.Index("orders_tenant_placed", "tenant_id", "placed_at", "order_id"),
    sa.Index("orders_awaiting_payment", "placed_at", postgresql_where=sa.text("status = 'placed'")),
)

refunds = sa.Table(
    "refunds", metadata,
    sa.Column("refund_id", sa.String(36), primary_key=True),
    sa.Column("order_id", sa.String(36), nullable=False, unique=True),
    sa.Column("tenant_id", ID, nullable=False),
    sa.Column("product", ID, nullable=False),
    sa.Column("cause", CODE, nullable=False),
    sa.Column("amount", MONEY, nullable=False),
    sa.Column("currency", CURRENCY, nullable=False),
    sa.Column("issued_on", sa.Date, nullable=False),
    sa.Column("unused_days", sa.Integer, nullable=False),
    sa.Column("period_days", sa.Integer, nullable=False),
    sa.Index("refunds_tenant_product", "tenant_id", "product"),
)

usage_cycles = sa.Table(
    "usage_cycles", metadata,
    sa.Column("tenant_id", ID, primary_key=True),
    sa.Column("meter", ID, primary_key=True),
    sa.Column("cycle", CODE, primary_key=True),
    sa.Column("starts_at", TIMESTAMP, primary_key=True),
    sa.Column("ends_at", TIMESTAMP, nullable=False),
    sa.Column("quantity", EXACT, nullable=False),
    sa.Column("charge", MONEY),
    sa.Column("currency", CURRENCY),
    sa.Column("rated_at", TIMESTAMP),
    sa.Index("usage_cycles_unrated", "ends_at", postgresql_where=sa.text("rated_at IS NULL")),
)

# Every movement of a balance: top-ups and rated usage (R-BIL-6).
ledger = sa.Table(
    "ledger", metadata,
    sa.Column("entry_id", sa.String(36), primary_key=True),
    sa.Column("tenant_id", ID, nullable=False),
    sa.Column("kind", CODE, nullable=False),
    sa.Column("amount", MONEY, nullable=False),  # signed: credit > 0, charge < 0
    sa.Column("currency", CURRENCY, nullable=False),
    sa.Column("ref", sa.String(160), nullable=False),
    sa.Column("at", TIMESTAMP, nullable=False),
    sa.Index("ledger_tenant_at", "tenant_id", "at"),
)
