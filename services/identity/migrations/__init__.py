"""Alembic migrations of identity's database."""
