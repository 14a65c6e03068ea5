"""The vault's tables (SQLAlchemy Core) beside the platform tables, on one MetaData."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from platformkit.db import platform_tables

metadata = sa.MetaData()
platform = platform_tables(metadata)

exports = sa.Table(
    "exports", metadata,
    sa.Column("export_id", sa.String(36), primary_key=True),
    sa.Column("tenant_id", sa.String(64), nullable=False, index=True),
    sa.Column("account_id", sa.String(64), nullable=False),
    sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("manifest", JSONB, nullable=False),
)

export_waivers = sa.Table(
    "export_waivers", metadata,
    sa.Column("waiver_id", sa.String(36), primary_key=True),
    sa.Column("tenant_id", sa.String(64), nullable=False, index=True),
    sa.Column("account_id", sa.String(64), nullable=False),
    sa.Column("waived_at", sa.DateTime(timezone=True), nullable=False),
)

# Kept after the deletion: it is the written confirmation (ids only), not the tenant's data.
deletion_confirmations = sa.Table(
    "deletion_confirmations", metadata,
    sa.Column("confirmation_id", sa.String(36), primary_key=True),
    sa.Column("tenant_id", sa.String(64), nullable=False, unique=True),
    sa.Column("reason", sa.String(40), nullable=False),
    sa.Column("source_event_id", sa.String(64), nullable=False),
    sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("deleted", JSONB, nullable=False),
)

# R-VLT-7: every table holding a tenant's data is listed here; the deletion empties each of them.
TENANT_DATA: tuple[sa.Table, ...] = (exports, export_waivers)
