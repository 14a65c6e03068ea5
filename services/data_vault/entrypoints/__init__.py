"""The vault's entrypoints: the gRPC servicer and the bus consumer."""
