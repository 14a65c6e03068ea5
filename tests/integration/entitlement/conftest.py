"""Fixtures of entitlement's integration tests: the migrated database, the App, registered tenants."""
from __future__ import annotations

import uuid

import pytest

from platformkit.testing import make_settings
from services.entitlement.bootstrap import bootstrap


@pytest.fixture
def engine(service_db):
    return service_db("entitlement")


@pytest.fixture
def app(engine, directory, clock):
    app = bootstrap(make_settings("entitlement", "sg"), clock=clock)
    yield app
    app.close()


@pytest.fixture
def tenant(directory, clock) -> str:
    """An intl tenant, served by this cell (sg)."""
    return directory.register(f"t-{uuid.uuid4().hex[:12]}", "intl", clock.now()).tenant_id


@pytest.fixture
def foreign_tenant(directory, clock) -> str:
    """A prc tenant: its home is cell cn, never this one (R-RES-2)."""
    return directory.register(f"t-{uuid.uuid4().hex[:12]}", "prc", clock.now()).tenant_id
