"""Initial schema: platform tables, tenants, accounts, sessions, login records, restrictions,
third-party logins, main-account replacements, activation links, notifications, registration
flags and the entitlement read model."""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from platformkit.db import platform_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
TABLES = (
    "third_party_logins", "sessions", "restrictions", "replacement_requests", "registration_flags",
    "notifications", "login_records", "activation_links", "accounts", "tenants", "tenant_entitlements",
    "dead_letters", "idempotency", "inbox", "outbox",
)


def _account_fk(nullable: bool = False) -> sa.Column:
    return sa.Column("account_id", sa.String(64), sa.ForeignKey("accounts.account_id", ondelete="CASCADE"),
                     nullable=nullable, index=True)


def upgrade() -> None:
    platform = sa.MetaData()
    platform_tables(platform)
    platform.create_all(op.get_bind())
    op.create_table(
        "tenants",
        sa.Column("tenant_id", sa.String(64), primary_key=True),
        sa.Column("jurisdiction", sa.String(16), nullable=False),
        sa.Column("company_name", sa.String(256), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("distributor_id", sa.String(64)),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_table(
        "accounts",
        sa.Column("account_id", sa.String(64), primary_key=True),
        sa.Column("tenant_id", sa.String(64), sa.ForeignKey("tenants.tenant_id"), nullable=False, index=True),
        sa.Column("email", sa.String(254), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(256), nullable=False),
        sa.Column("role", sa.String(8), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("locked_at", TZ),
        sa.Column("free_mail_acknowledged_at", TZ),
    )
    op.create_index("accounts_one_main_per_tenant", "accounts", ["tenant_id"], unique=True,
                    postgresql_where=sa.text("role = 'main'"))
    op.create_table(
        "sessions",
        sa.Column("session_id", sa.String(64), primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        _account_fk(),
        sa.Column("tenant_id", sa.String(64), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("expires_at", TZ, nullable=False),
        sa.Column("revoked_at", TZ),
    )
    op.create_table(
        "login_records",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        _account_fk(nullable=True),
        sa.Column("tenant_id", sa.String(64), index=True),
        sa.Column("at", TZ, nullable=False),
        sa.Column("ip", sa.String(45), nullable=False),
        sa.Column("device", sa.String(256), nullable=False),
        sa.Column("outcome", sa.String(24), nullable=False),
    )
    op.create_table(
        "restrictions",
        sa.Column("restriction_id", sa.String(64), primary_key=True),
        sa.Column("tenant_id", sa.String(64), nullable=False),
        _account_fk(),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("until", TZ),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("lifted_at", TZ),
        sa.Column("lift_reason", sa.Text),
    )
    op.create_table(
        "third_party_logins",
        sa.Column("provider", sa.String(16), primary_key=True),
        sa.Column("subject_hash", sa.String(64), primary_key=True),
        _account_fk(),
        sa.Column("tenant_id", sa.String(64), nullable=False),
        sa.Column("linked_at", TZ, nullable=False),
    )
    op.create_table(
        "replacement_requests",
        sa.Column("request_id", sa.String(64), primary_key=True),
        sa.Column("tenant_id", sa.String(64), nullable=False, index=True),
        sa.Column("from_account_id", sa.String(64), sa.ForeignKey("accounts.account_id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("to_account_id", sa.String(64), sa.ForeignKey("accounts.account_id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("requested_at", TZ, nullable=False),
        sa.Column("decided_at", TZ),
    )
    op.create_table(
        "activation_links",
        sa.Column("link_id", sa.String(64), primary_key=True),
        sa.Column("tenant_id", sa.String(64), sa.ForeignKey("tenants.tenant_id"), nullable=False, index=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("company_name", sa.String(256), nullable=False),
        sa.Column("order_id", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("expires_at", TZ, nullable=False),
        sa.Column("retired_at", TZ),
    )
    op.create_table(
        "notifications",
        sa.Column("notification_id", sa.String(64), primary_key=True),
        sa.Column("tenant_id", sa.String(64), nullable=False, index=True),
        sa.Column("link_id", sa.String(64), sa.ForeignKey("activation_links.link_id", ondelete="CASCADE"),
                  nullable=False, unique=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("payload", JSONB, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_table(
        "registration_flags",
        sa.Column("flag_id", sa.String(64), primary_key=True),
        sa.Column("tenant_id", sa.String(64), nullable=False, index=True),
        sa.Column("link_id", sa.String(64), sa.ForeignKey("activation_links.link_id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("company_name_shown", sa.String(256), nullable=False),
        sa.Column("flagged_at", TZ, nullable=False),
        sa.Column("resolved_at", TZ),
    )
    op.create_table(
        "tenant_entitlements",
        sa.Column("entitlement_id", sa.String(64), primary_key=True),
        sa.Column("tenant_id", sa.String(64), nullable=False, index=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("seats", sa.Integer, nullable=False),
        sa.Column("trial", sa.Boolean, nullable=False),
        sa.Column("changed_on", sa.Date, nullable=False),
    )


def downgrade() -> None:
    for name in TABLES:
        op.drop_table(name)
