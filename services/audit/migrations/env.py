"""Alembic environment of the audit service: the shared runner over its metadata."""
from platformkit.migrate import run_env
from services.audit.adapters.tables import metadata

run_env(metadata)
