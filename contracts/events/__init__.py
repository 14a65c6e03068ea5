"""Event schemas on the bus, one module per publishing service, versioned by package."""
