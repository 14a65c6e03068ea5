"""Fixtures shared by every test suite: real PostgreSQL databases, the directory and a fixed clock."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from platformkit.clock import FixedClock
from platformkit.db import make_engine
from platformkit.directory import TenantDirectory
from platformkit.testing import TEST_ENV, truncate_all


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc))


@pytest.fixture(scope="session")
def _engines():
    engines: dict[tuple[str, str], object] = {}
    yield engines
    for engine in engines.values():
        engine.dispose()


@pytest.fixture(scope="session")
def test_vhosts():
    """The test cells' RabbitMQ vhosts exist (creating them needs rabbitmqctl, once a session)."""
    from platformkit import topology
    from platformkit.localenv import ensure_vhosts

    ensure_vhosts([TEST_ENV.vhost(cell) for cell in topology.load().cells])


@pytest.fixture
def service_db(_engines, test_vhosts):
    """service_db(service, cell="sg") -> Engine on a migrated, emptied test database."""
    from platformkit.localenv import migrate_service

    def make(service: str, cell: str = "sg"):
        key = (service, cell)
        if key not in _engines:
            migrate_service(TEST_ENV.settings(cell, service))
            _engines[key] = make_engine(TEST_ENV.database_url(cell, service), pool_size=4)
        truncate_all(_engines[key])
        return _engines[key]

    return make


@pytest.fixture
def directory(_engines) -> TenantDirectory:
    from platformkit.migrate import ensure_database

    key = ("directory", "")
    if key not in _engines:
        ensure_database(TEST_ENV.directory_url())
        _engines[key] = make_engine(TEST_ENV.directory_url(), pool_size=2)
        TenantDirectory(_engines[key]).create_schema()
    truncate_all(_engines[key])
    return TenantDirectory(_engines[key])
