"""The data vault: the tenant's business data, its exports, and its deletion with a written confirmation."""
