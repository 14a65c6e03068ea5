"""Alembic migrations of the vault's database."""
