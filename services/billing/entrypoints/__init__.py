"""Billing's entrypoints: the gRPC servicer and the bus consumer. They translate, nothing more."""
