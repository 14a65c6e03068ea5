"""SQLAlchemy Core tables of the entitlement database, plus the platform tables (outbox, inbox, ...)."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY

from platformkit.db import platform_tables

metadata = sa.MetaData()
platform = platform_tables(metadata)

ID = sa.String(64)
UTC = sa.DateTime(timezone=True)

# One row per tenant: the lock every change of the tenant takes, its debt hold, its next sweep date.
tenancies = sa.Table(
    "tenancies", metadata,
    sa.Column("tenant_id", ID, primary_key=True),
    sa.Column("in_debt", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("next_due_on", sa.Date),
    sa.Column("updated_at", UTC, nullable=False),
    sa.Index("tenancies_next_due", "next_due_on", postgresql_where=sa.text("next_due_on IS NOT NULL")),
)

entitlements = sa.Table(
    "entitlements", metadata,
    sa.Column("entitlement_id", sa.String(36), primary_key=True),
    sa.Column("tenant_id", ID, sa.ForeignKey("tenancies.tenant_id"), nullable=False),
    sa.Column("product", ID, nullable=False),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("provider_hold", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("current_order_id", ID),
    sa.Column("updated_at", UTC, nullable=False),
    sa.UniqueConstraint("tenant_id", "product", name="entitlements_tenant_product"),
)

# R-ENT-1: one row per paid order, so an order is applied once whatever the event id.
grants = sa.Table(
    "grants", metadata,
    sa.Column("order_id", ID, primary_key=True),
    sa.Column("entitlement_id", sa.String(36), sa.ForeignKey("entitlements.entitlement_id"), nullable=False,
              index=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("plan", ID, nullable=False),
    sa.Column("seats", sa.Integer, nullable=False),
    sa.Column("modules", ARRAY(sa.String(64)), nullable=False),
    sa.Column("trial", sa.Boolean, nullable=False),
    sa.Column("period_start", sa.Date),
    sa.Column("period_end", sa.Date),
    sa.Column("recorded_at", UTC, nullable=False),
)

# R-ENT-2 / R-ENT-3: the state history, in the order the moves took effect.
transitions = sa.Table(
    "transitions", metadata,
    sa.Column("entitlement_id", sa.String(36), sa.ForeignKey("entitlements.entitlement_id"), primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True),
    sa.Column("from_state", sa.String(16), nullable=False),
    sa.Column("to_state", sa.String(16), nullable=False),
    sa.Column("reason", sa.String(40), nullable=False),
    sa.Column("at", UTC, nullable=False),
    sa.Column("order_id", ID),
)

# R-ENT-9: at most one reminder per period end, enforced by the key.
reminders = sa.Table(
    "reminders", metadata,
    sa.Column("entitlement_id", sa.String(36), sa.ForeignKey("entitlements.entitlement_id"), primary_key=True),
    sa.Column("period_end", sa.Date, primary_key=True),
)

provider_notices = sa.Table(
    "provider_notices", metadata,
    sa.Column("notice_id", sa.String(36), primary_key=True),
    sa.Column("entitlement_id", sa.String(36), sa.ForeignKey("entitlements.entitlement_id"), nullable=False,
              index=True),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("reason", sa.String(512), nullable=False),
    sa.Column("noticed_on", sa.Date, nullable=False),
    sa.Column("effective_on", sa.Date, nullable=False),
    sa.Column("recorded_at", UTC, nullable=False),
    sa.Column("applied_at", UTC),
    sa.Column("withdrawn_at", UTC),
)

violation_notices = sa.Table(
    "violation_notices", metadata,
    sa.Column("notice_id", sa.String(36), primary_key=True),
    sa.Column("tenant_id", ID, sa.ForeignKey("tenancies.tenant_id"), nullable=False, index=True),
    sa.Column("reason", sa.String(512), nullable=False),
    sa.Column("issued_at", UTC, nullable=False),
    sa.Column("correct_by", sa.Date, nullable=False),
    sa.Column("resolved_at", UTC),
    sa.Column("enforced_at", UTC),
)

# R-ENT-8: usage signals are counters. No business record, no personal data: a login day is a
# date, an account is an opaque id with the days it opened and closed, a module use a count.
login_days = sa.Table(
    "usage_login_days", metadata,
    sa.Column("tenant_id", ID, primary_key=True),
    sa.Column("day", sa.Date, primary_key=True),
)

accounts = sa.Table(
    "usage_accounts", metadata,
    sa.Column("tenant_id", ID, primary_key=True),
    sa.Column("account_id", ID, primary_key=True),
    sa.Column("opened_on", sa.Date),
    sa.Column("closed_on", sa.Date),
)

module_use = sa.Table(
    "usage_module_days", metadata,
    sa.Column("tenant_id", ID, primary_key=True),
    sa.Column("module", ID, primary_key=True),
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("uses", sa.Integer, nullable=False),
)

USAGE_TABLES = (login_days, accounts, module_use)
