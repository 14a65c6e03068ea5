"""The audit entrypoints: the gRPC servicer and the bus consumer."""
