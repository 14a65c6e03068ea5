"""Alembic environment of entitlement: the shared runner over entitlement's metadata."""
from platformkit.migrate import run_env
from services.entitlement.adapters.tables import metadata

run_env(metadata)
