"""Unit tests of billing: domain and handlers over in-memory fakes."""
