"""Identity's tables (SQLAlchemy Core) beside the platform tables, on one MetaData.

Rows owned by an account cascade from it, so deleting an account deletes its sessions, login
records, restrictions, third-party links and replacement requests with it (R-ID-7, R-ID-8).
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from platformkit.db import platform_tables

metadata = sa.MetaData()
platform = platform_tables(metadata)
TZ = sa.DateTime(timezone=True)


def _account_fk(nullable: bool = False) -> sa.Column:
    return sa.Column("account_id", sa.String(64), sa.ForeignKey("accounts.account_id", ondelete="CASCADE"),
                     nullable=nullable, index=True)


# R-RES-1: the jurisdiction is written once, at creation. The company name stays in identity.
tenants = sa.Table(
    "tenants", metadata,
    sa.Column("tenant_id", sa.String(64), primary_key=True),
    sa.Column("jurisdiction", sa.String(16), nullable=False),
    sa.Column("company_name", sa.String(256), nullable=False),
    sa.Column("channel", sa.String(16), nullable=False),
    sa.Column("distributor_id", sa.String(64)),
    sa.Column("created_at", TZ, nullable=False),
)

accounts = sa.Table(
    "accounts", metadata,
    sa.Column("account_id", sa.String(64), primary_key=True),
    sa.Column("tenant_id", sa.String(64), sa.ForeignKey("tenants.tenant_id"), nullable=False, index=True),
    sa.Column("email", sa.String(254), nullable=False, unique=True),
    sa.Column("password_hash", sa.String(256), nullable=False),  # R-ID-10: argon2id only
    sa.Column("role", sa.String(8), nullable=False),
    sa.Column("created_at", TZ, nullable=False),
    sa.Column("locked_at", TZ),
    sa.Column("free_mail_acknowledged_at", TZ),
    sa.Index("accounts_one_main_per_tenant", "tenant_id", unique=True, postgresql_where=sa.text("role = 'main'")),
)

sessions = sa.Table(
    "sessions", metadata,
    sa.Column("session_id", sa.String(64), primary_key=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    _account_fk(),
    sa.Column("tenant_id", sa.String(64), nullable=False),
    sa.Column("created_at", TZ, nullable=False),
    sa.Column("expires_at", TZ, nullable=False),
    sa.Column("revoked_at", TZ),
)

# R-ID-9: time, IP and device of every attempt, in the home region's database.
login_records = sa.Table(
    "login_records", metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    _account_fk(nullable=True),
    sa.Column("tenant_id", sa.String(64), index=True),
    sa.Column("at", TZ, nullable=False),
    sa.Column("ip", sa.String(45), nullable=False),
    sa.Column("device", sa.String(256), nullable=False),
    sa.Column("outcome", sa.String(24), nullable=False),
)

restrictions = sa.Table(
    "restrictions", metadata,
    sa.Column("restriction_id", sa.String(64), primary_key=True),
    sa.Column("tenant_id", sa.String(64), nullable=False),
    _account_fk(),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),  # R-ID-6: always recorded
    sa.Column("until", TZ),
    sa.Column("created_at", TZ, nullable=False),
    sa.Column("lifted_at", TZ),
    sa.Column("lift_reason", sa.Text),
)

third_party_logins = sa.Table(
    "third_party_logins", metadata,
    sa.Column("provider", sa.String(16), primary_key=True),
    sa.Column("subject_hash", sa.String(64), primary_key=True),  # R-ID-10: never the subject itself
    _account_fk(),
    sa.Column("tenant_id", sa.String(64), nullable=False),
    sa.Column("linked_at", TZ, nullable=False),
)

replacement_requests = sa.Table(
    "replacement_requests", metadata,
    sa.Column("request_id", sa.String(64), primary_key=True),
    sa.Column("tenant_id", sa.String(64), nullable=False, index=True),
    sa.Column("from_account_id", sa.String(64), sa.ForeignKey("accounts.account_id", ondelete="CASCADE"), nullable=False),
    sa.Column("to_account_id", sa.String(64), sa.ForeignKey("accounts.account_id", ondelete="CASCADE"), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("requested_at", TZ, nullable=False),
    sa.Column("decided_at", TZ),
)

# R-ID-1: only the token's digest is kept; the plaintext waits in `notifications` while the link lives.
activation_links = sa.Table(
    "activation_links", metadata,
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

# Messages waiting for delivery to the client; a link's row is deleted once the link is used or dead.
notifications = sa.Table(
    "notifications", metadata,
    sa.Column("notification_id", sa.String(64), primary_key=True),
    sa.Column("tenant_id", sa.String(64), nullable=False, index=True),
    sa.Column("link_id", sa.String(64), sa.ForeignKey("activation_links.link_id", ondelete="CASCADE"),
              nullable=False, unique=True),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("payload", JSONB, nullable=False),
    sa.Column("created_at", TZ, nullable=False),
)

registration_flags = sa.Table(
    "registration_flags", metadata,
    sa.Column("flag_id", sa.String(64), primary_key=True),
    sa.Column("tenant_id", sa.String(64), nullable=False, index=True),
    sa.Column("link_id", sa.String(64), sa.ForeignKey("activation_links.link_id", ondelete="CASCADE"), nullable=False),
    sa.Column("company_name_shown", sa.String(256), nullable=False),
    sa.Column("flagged_at", TZ, nullable=False),
    sa.Column("resolved_at", TZ),
)

# Read model of entitlement.EntitlementStateChanged (R-ID-4 seats, R-ID-8 trials).
tenant_entitlements = sa.Table(
    "tenant_entitlements", metadata,
    sa.Column("entitlement_id", sa.String(64), primary_key=True),
    sa.Column("tenant_id", sa.String(64), nullable=False, index=True),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("seats", sa.Integer, nullable=False),
    sa.Column("trial", sa.Boolean, nullable=False),
    sa.Column("changed_on", sa.Date, nullable=False),
)
