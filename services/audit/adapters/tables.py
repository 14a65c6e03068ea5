"""The audit tables (SQLAlchemy Core) beside the platform tables, on one MetaData."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from platformkit.db import platform_tables

metadata = sa.MetaData()
platform = platform_tables(metadata)

# R-AUD-2: append-only; a trigger (migration 0001) refuses every UPDATE and DELETE.
audit_log = sa.Table(
    "audit_log", metadata,
    sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("event_id", sa.String(64), nullable=False, unique=True),
    sa.Column("cell", sa.String(16), nullable=False),
    sa.Column("tenant_id", sa.String(64), nullable=False),
    sa.Column("source", sa.String(40), nullable=False),
    sa.Column("type", sa.String(80), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("occurred_at", sa.String(64), nullable=False),  # as published, hashed verbatim
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("payload", JSONB, nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.Index("audit_log_tenant_seq", "tenant_id", "seq"),
)

# One row: the last record's seq and hash. Locked by every append so appends run one at a time.
chain_head = sa.Table(
    "chain_head", metadata,
    sa.Column("id", sa.SmallInteger, primary_key=True),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.CheckConstraint("id = 1", name="chain_head_single_row"),
)
HEAD_ID = 1
