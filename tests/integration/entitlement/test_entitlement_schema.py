"""The migrated database matches the table definitions; usage tables hold counters only (R-ENT-8)."""
from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from services.entitlement.adapters.tables import metadata


def test_migrations_create_exactly_the_declared_tables(engine):
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []


def test_usage_tables_store_counters_and_ids_only_R_ENT_8(engine):
    columns = {
        table: sorted(c["name"] for c in sa.inspect(engine).get_columns(table))
        for table in ("usage_login_days", "usage_accounts", "usage_module_days")
    }
    assert columns == {
        "usage_login_days": ["day", "tenant_id"],
        "usage_accounts": ["account_id", "closed_on", "opened_on", "tenant_id"],
        "usage_module_days": ["day", "module", "tenant_id", "uses"],
    }
