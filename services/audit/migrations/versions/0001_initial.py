"""Initial schema: platform tables, the append-only audit log (R-AUD-2) and its chain head."""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from platformkit.db import platform_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# R-AUD-2: the database itself refuses to change or remove a record, whoever asks.
REFUSE_CHANGE = """
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (R-AUD-2): % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$
"""
APPEND_ONLY = """
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
"""


def upgrade() -> None:
    platform = sa.MetaData()
    platform_tables(platform)
    platform.create_all(op.get_bind())
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("event_id", sa.String(64), nullable=False, unique=True),
        sa.Column("cell", sa.String(16), nullable=False),
        sa.Column("tenant_id", sa.String(64), nullable=False),
        sa.Column("source", sa.String(40), nullable=False),
        sa.Column("type", sa.String(80), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("occurred_at", sa.String(64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("payload", JSONB, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_index("audit_log_tenant_seq", "audit_log", ["tenant_id", "seq"])
    op.create_table(
        "chain_head",
        sa.Column("id", sa.SmallInteger, primary_key=True),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.CheckConstraint("id = 1", name="chain_head_single_row"),
    )
    op.execute(REFUSE_CHANGE)
    op.execute(APPEND_ONLY)


def downgrade() -> None:
    op.execute("DROP TRIGGER audit_log_append_only ON audit_log")
    op.execute("DROP FUNCTION audit_log_refuse_change()")
    for name in ("chain_head", "audit_log", "dead_letters", "idempotency", "inbox", "outbox"):
        op.drop_table(name)
