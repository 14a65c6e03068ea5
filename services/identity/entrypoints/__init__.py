"""Identity's entry points: the gRPC servicer and the bus consumer; they translate, nothing more."""
