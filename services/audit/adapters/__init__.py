"""The audit adapters: tables, the chain repository and the unit of work."""
