"""The vault's domain: pure Python, no I/O."""
