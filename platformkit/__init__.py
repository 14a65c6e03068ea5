"""Shared plumbing for every service: settings, clock, database, outbox, bus, gRPC, errors, telemetry."""
