"""Entrypoints of the entitlement service: the gRPC servicer and the bus consumer."""
