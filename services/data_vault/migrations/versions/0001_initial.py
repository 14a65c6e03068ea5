"""Initial schema: platform tables, exports, waivers and deletion confirmations."""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from platformkit.db import platform_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    platform = sa.MetaData()
    platform_tables(platform)
    platform.create_all(op.get_bind())
    op.create_table(
        "exports",
        sa.Column("export_id", sa.String(36), primary_key=True),
        sa.Column("tenant_id", sa.String(64), nullable=False, index=True),
        sa.Column("account_id", sa.String(64), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("manifest", JSONB, nullable=False),
    )
    op.create_table(
        "export_waivers",
        sa.Column("waiver_id", sa.String(36), primary_key=True),
        sa.Column("tenant_id", sa.String(64), nullable=False, index=True),
        sa.Column("account_id", sa.String(64), nullable=False),
        sa.Column("waived_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "deletion_confirmations",
        sa.Column("confirmation_id", sa.String(36), primary_key=True),
        sa.Column("tenant_id", sa.String(64), nullable=False, unique=True),
        sa.Column("reason", sa.String(40), nullable=False),
        sa.Column("source_event_id", sa.String(64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted", JSONB, nullable=False),
    )


def downgrade() -> None:
    for name in ("deletion_confirmations", "export_waivers", "exports",
                 "dead_letters", "idempotency", "inbox", "outbox"):
        op.drop_table(name)
