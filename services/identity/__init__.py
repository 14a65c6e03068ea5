"""Identity: tenants, activation links, accounts, sessions and login records of one cell."""
