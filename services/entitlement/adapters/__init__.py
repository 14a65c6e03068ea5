"""Adapters of the entitlement service: tables, repositories, unit of work."""
