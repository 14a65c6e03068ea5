"""The entitlement domain: pure Python, no I/O."""
