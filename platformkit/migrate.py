"""Database creation and Alembic migrations, run by `okki-service migrate` and by the tests."""
from __future__ import annotations

import importlib
from pathlib import Path

import sqlalchemy as sa
from alembic import command, context
from alembic.config import Config
from sqlalchemy.engine import make_url


def ensure_database(url: str) -> None:
    """Create the database named in `url` if it does not exist (local runs and tests)."""
    target = make_url(url)
    admin = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": target.database}).first()
            if not exists:
                conn.execute(sa.text(f'CREATE DATABASE "{target.database}"'))
    finally:
        admin.dispose()


def upgrade(url: str, migrations_package: str) -> None:
    """Run the service's migrations to head."""
    package = importlib.import_module(migrations_package)
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(package.__file__).parent))
    cfg.attributes["url"] = url
    command.upgrade(cfg, "head")


def run_env(metadata: sa.MetaData) -> None:
    """The body of every service's migrations/env.py (online mode only)."""
    url = context.config.attributes["url"]
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=metadata)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()

