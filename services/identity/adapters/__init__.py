"""Identity's adapters: tables, repositories, unit of work, password hashing and peer clients."""
