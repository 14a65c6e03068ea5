"""Alembic environment of billing: the shared runner over billing's metadata."""
from platformkit.migrate import run_env
from services.billing.adapters.tables import metadata

run_env(metadata)
