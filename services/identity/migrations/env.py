"""Alembic environment of identity: the shared runner over identity's metadata."""
from platformkit.migrate import run_env
from services.identity.adapters.tables import metadata

run_env(metadata)
