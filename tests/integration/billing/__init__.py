"""Integration tests of billing against the real PostgreSQL, over real gRPC."""
