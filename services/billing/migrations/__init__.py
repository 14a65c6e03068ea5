"""Alembic migrations of billing's database."""
