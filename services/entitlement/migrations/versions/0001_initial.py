"""Initial schema: platform tables, tenancies, entitlements, grants, history, notices, usage counters."""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY

from platformkit.db import platform_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ID = sa.String(64)
UTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    platform = sa.MetaData()
    platform_tables(platform)
    platform.create_all(op.get_bind())
    op.create_table(
        "tenancies",
        sa.Column("tenant_id", ID, primary_key=True),
        sa.Column("in_debt", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("next_due_on", sa.Date),
        sa.Column("updated_at", UTC, nullable=False),
    )
    op.create_index("tenancies_next_due", "tenancies", ["next_due_on"],
                    postgresql_where=sa.text("next_due_on IS NOT NULL"))
    op.create_table(
        "entitlements",
        sa.Column("entitlement_id", sa.String(36), primary_key=True),
        sa.Column("tenant_id", ID, sa.ForeignKey("tenancies.tenant_id"), nullable=False),
        sa.Column("product", ID, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("provider_hold", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("current_order_id", ID),
        sa.Column("updated_at", UTC, nullable=False),
        sa.UniqueConstraint("tenant_id", "product", name="entitlements_tenant_product"),
    )
    op.create_table(
        "grants",
        sa.Column("order_id", ID, primary_key=True),
        sa.Column("entitlement_id", sa.String(36), sa.ForeignKey("entitlements.entitlement_id"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("plan", ID, nullable=False),
        sa.Column("seats", sa.Integer, nullable=False),
        sa.Column("modules", ARRAY(sa.String(64)), nullable=False),
        sa.Column("trial", sa.Boolean, nullable=False),
        sa.Column("period_start", sa.Date),
        sa.Column("period_end", sa.Date),
        sa.Column("recorded_at", UTC, nullable=False),
    )
    op.create_index("ix_grants_entitlement_id", "grants", ["entitlement_id"])
    op.create_table(
        "transitions",
        sa.Column("entitlement_id", sa.String(36), sa.ForeignKey("entitlements.entitlement_id"), primary_key=True),
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("from_state", sa.String(16), nullable=False),
        sa.Column("to_state", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(40), nullable=False),
        sa.Column("at", UTC, nullable=False),
        sa.Column("order_id", ID),
    )
    op.create_table(
        "reminders",
        sa.Column("entitlement_id", sa.String(36), sa.ForeignKey("entitlements.entitlement_id"), primary_key=True),
        sa.Column("period_end", sa.Date, primary_key=True),
    )
    op.create_table(
        "provider_notices",
        sa.Column("notice_id", sa.String(36), primary_key=True),
        sa.Column("entitlement_id", sa.String(36), sa.ForeignKey("entitlements.entitlement_id"), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(512), nullable=False),
        sa.Column("noticed_on", sa.Date, nullable=False),
        sa.Column("effective_on", sa.Date, nullable=False),
        sa.Column("recorded_at", UTC, nullable=False),
        sa.Column("applied_at", UTC),
        sa.Column("withdrawn_at", UTC),
    )
    op.create_index("ix_provider_notices_entitlement_id", "provider_notices", ["entitlement_id"])
    op.create_table(
        "violation_notices",
        sa.Column("notice_id", sa.String(36), primary_key=True),
        sa.Column("tenant_id", ID, sa.ForeignKey("tenancies.tenant_id"), nullable=False),
        sa.Column("reason", sa.String(512), nullable=False),
        sa.Column("issued_at", UTC, nullable=False),
        sa.Column("correct_by", sa.Date, nullable=False),
        sa.Column("resolved_at", UTC),
        sa.Column("enforced_at", UTC),
    )
    op.create_index("ix_violation_notices_tenant_id", "violation_notices", ["tenant_id"])
    op.create_table(
        "usage_login_days",
        sa.Column("tenant_id", ID, primary_key=True),
        sa.Column("day", sa.Date, primary_key=True),
    )
    op.create_table(
        "usage_accounts",
        sa.Column("tenant_id", ID, primary_key=True),
        sa.Column("account_id", ID, primary_key=True),
        sa.Column("opened_on", sa.Date),
        sa.Column("closed_on", sa.Date),
    )
    op.create_table(
        "usage_module_days",
        sa.Column("tenant_id", ID, primary_key=True),
        sa.Column("module", ID, primary_key=True),
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("uses", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    for table in ("usage_module_days", "usage_accounts", "usage_login_days", "violation_notices",
                  "provider_notices", "reminders", "transitions", "grants", "entitlements", "tenancies",
                  "dead_letters", "idempotency", "inbox", "outbox"):
        op.drop_table(table)
