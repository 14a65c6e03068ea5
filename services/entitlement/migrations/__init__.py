"""Alembic migrations of the entitlement database."""
