"""Published contracts between services: versioned event schemas (the gRPC ones live in protos/)."""
