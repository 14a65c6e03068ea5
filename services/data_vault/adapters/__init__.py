"""The vault's adapters: tables, repositories and its unit of work."""
