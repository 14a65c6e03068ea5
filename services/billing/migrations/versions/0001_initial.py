"""Initial schema: platform tables, the catalog, accounts, orders, refunds, usage and the ledger.

R-BIL-10: every amount is NUMERIC beside its currency; no float column.
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from platformkit.db import platform_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

MONEY = sa.Numeric(20, 4)
EXACT = sa.Numeric(30, 12)
ID, CODE, CURRENCY = sa.String(64), sa.String(32), sa.String(3)
TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    platform = sa.MetaData()
    platform_tables(platform)
    platform.create_all(op.get_bind())
    _catalog()
    _accounts()
    _orders()


def _catalog() -> None:
    op.create_table(
        "prices",
        sa.Column("product", ID, primary_key=True),
        sa.Column("plan", ID, primary_key=True),
        sa.Column("module", ID, primary_key=True),
        sa.Column("currency", CURRENCY, primary_key=True),
        sa.Column("effective_from", sa.Date, primary_key=True),
        sa.Column("unit", CODE, nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint("amount >= 0", name="prices_amount_not_negative"),
    )
    op.create_table(
        "usage_prices",
        sa.Column("meter", ID, primary_key=True),
        sa.Column("currency", CURRENCY, primary_key=True),
        sa.Column("effective_from", sa.Date, primary_key=True),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint("amount >= 0", name="usage_prices_amount_not_negative"),
    )
    op.create_table(
        "promotions",
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


def _accounts() -> None:
    op.create_table(
        "accounts",
        sa.Column("tenant_id", ID, primary_key=True),
        sa.Column("jurisdiction", CODE, nullable=False),
        sa.Column("currency", CURRENCY, nullable=False),
        sa.Column("balance", MONEY, nullable=False),
        sa.Column("damages", EXACT, nullable=False),
        sa.Column("accrued_through", sa.Date),
        sa.Column("overdue_since", sa.Date),
        sa.Column("overdue_notified", sa.Boolean, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
    )
    op.create_index("accounts_overdue_unnotified", "accounts", ["tenant_id"],
                    postgresql_where=sa.text("balance < 0 AND NOT overdue_notified"))
    op.create_table(
        "usage_cycles",
        sa.Column("tenant_id", ID, primary_key=True),
        sa.Column("meter", ID, primary_key=True),
        sa.Column("cycle", CODE, primary_key=True),
        sa.Column("starts_at", TIMESTAMP, primary_key=True),
        sa.Column("ends_at", TIMESTAMP, nullable=False),
        sa.Column("quantity", EXACT, nullable=False),
        sa.Column("charge", MONEY),
        sa.Column("currency", CURRENCY),
        sa.Column("rated_at", TIMESTAMP),
    )
    op.create_index("usage_cycles_unrated", "usage_cycles", ["ends_at"],
                    postgresql_where=sa.text("rated_at IS NULL"))
    op.create_table(
        "ledger",
        sa.Column("entry_id", sa.String(36), primary_key=True),
        sa.Column("tenant_id", ID, nullable=False),
        sa.Column("kind", CODE, nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("currency", CURRENCY, nullable=False),
        sa.Column("ref", sa.String(160), nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
    )
    op.create_index("ledger_tenant_at", "ledger", ["tenant_id", "at"])


def _orders() -> None:
    op.create_table(
        "orders",
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
        sa.Column("lines", JSONB, nullable=False),
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
    )
    op.create_index("orders_tenant_product", "orders", ["tenant_id", "product"])
    op.create_index("orders_tenant_placed", "orders", ["tenant_id", "placed_at", "order_id"])
    op.create_index("orders_awaiting_payment", "orders", ["placed_at"],
                    postgresql_where=sa.text("status = 'placed'"))
    op.create_table(
        "refunds",
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
    )
    op.create_index("refunds_tenant_product", "refunds", ["tenant_id", "product"])


def downgrade() -> None:
    for table in ("refunds", "orders", "ledger", "usage_cycles", "accounts", "promotions", "usage_prices", "prices",
                  "dead_letters", "idempotency", "inbox", "outbox"):
        op.drop_table(table)
