"""Alembic environment of the vault: the shared runner over the vault's metadata."""
from platformkit.migrate import run_env
from services.data_vault.adapters.tables import metadata

run_env(metadata)
