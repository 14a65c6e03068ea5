"""Entitlement: what each tenant may use, when, and why (R-ENT-1..10)."""
