"""Identity against the real PostgreSQL: a migrated, emptied database, the test directory, fake peers."""
from dataclasses import dataclass

import pytest

from platformkit.testing import make_settings
from services.identity.adapters.clients import Peers
from services.identity.adapters.tables import metadata
from services.identity.adapters.unit_of_work import IdentityUnitOfWork
from services.identity.bootstrap import SPEC


@dataclass
class Answers:
    """What billing, entitlement and the vault answer about a tenant (R-ID-7), set by each test."""

    has_debt: bool = False
    running: bool = False
    settled: bool = True

    def has_outstanding_debt(self, tenant_id: str) -> bool:
        return self.has_debt

    def service_running(self, tenant_id: str) -> bool:
        return self.running

    def data_settled(self, tenant_id: str) -> bool:
        return self.settled


@pytest.fixture
def engine(service_db):
    return service_db("identity", "sg")


@pytest.fixture
def uow(engine, clock):
    return IdentityUnitOfWork(engine, metadata.tables, cell="sg", clock=clock)


@pytest.fixture
def answers() -> Answers:
    return Answers()


@pytest.fixture
def app(engine, directory, clock, answers):
    app = SPEC.bootstrap(make_settings("identity", "sg"), clock, peers=Peers(answers, answers, answers))
    yield app
    app.close()
