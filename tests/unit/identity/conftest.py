"""Unit fixtures for identity: a world of handlers over in-memory fakes, at the shared fixed clock."""
import pytest

from .world import World


@pytest.fixture
def world(clock) -> World:
    return World(clock)
