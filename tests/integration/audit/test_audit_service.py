"""The audit log over real gRPC and PostgreSQL: the chain, its verification, the trigger, the trail."""
from __future__ import annotations

import hashlib
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date

import grpc
import pytest
import sqlalchemy as sa
from nameko.testing.services import worker_factory

from contracts.events.v1.audit import AuditRequested
from contracts.events.v1.billing import OrderPlaced
from contracts.events.v1.data_vault import ExportTaken
from contracts.events.v1.entitlement import ExportWindowOpened
from contracts.events.v1.identity import LoginRecorded
from okki_api.audit.v1 import audit_pb2 as pb
from okki_api.audit.v1 import audit_pb2_grpc as pb_grpc
from platformkit.auth import Principal
from platformkit.events import encode
from platformkit.testing import refusal, StaticAuthenticator, make_settings, serve_in_process, table_counts
from services.audit import handlers
from services.audit.adapters.tables import audit_log
from services.audit.bootstrap import SPEC, bootstrap
from services.audit.domain import chain
from services.audit.domain.commands import AppendRecord
from services.audit.entrypoints.bus import AuditConsumer

pytestmark = pytest.mark.integration

TENANT, NEIGHBOUR, FOREIGN = "t-sg-1", "t-sg-2", "t-cn-1"
MAIN, SUB, STRANGER = "tok-main", "tok-sub", "tok-stranger"
PRINCIPALS = {
    MAIN: Principal(TENANT, "acc-main", "main", "s-1"),
    SUB: Principal(TENANT, "acc-sub", "sub", "s-2"),
    STRANGER: Principal(NEIGHBOUR, "acc-other", "main", "s-3"),
}


@dataclass
class Audit:
    engine: sa.engine.Engine
    app: object
    stub: pb_grpc.AuditServiceStub
    clock: object

    def deliver(self, event, event_id: str, handler: str) -> None:
        """As the bus would: the consumer's handler gets the encoded envelope."""
        payload = encode(event, cell="sg", occurred_at=self.clock.now(), event_id=event_id).as_dict()
        getattr(worker_factory(AuditConsumer, app=self.app, headers={}), handler)(payload)

    def verify(self) -> pb.ChainVerification:
        return self.stub.VerifyChain(pb.VerifyChainRequest())

    def trail(self, tenant=TENANT, token=MAIN) -> pb.AuditTrail:
        metadata = (("authorization", f"Bearer {token}"),) if token else ()
        return self.stub.ExportTrail(pb.ExportTrailRequest(tenant_id=tenant), metadata=metadata)

    def hashes(self) -> list[str]:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(audit_log.c.hash).order_by(audit_log.c.seq)).scalars().all()


@pytest.fixture
def audit(service_db, directory, clock):
    engine = service_db("audit")
    for tenant, jurisdiction in ((TENANT, "intl"), (NEIGHBOUR, "intl"), (FOREIGN, "prc")):
        directory.register(tenant, jurisdiction, clock.now())
    settings = make_settings("audit", "sg")
    app = bootstrap(settings, clock=clock, authenticator=StaticAuthenticator(PRINCIPALS))
    try:
        with serve_in_process(SPEC, settings, app=app) as channel:
            yield Audit(engine, app, pb_grpc.AuditServiceStub(channel), clock)
    finally:
        app.close()


def login(tenant=TENANT) -> LoginRecorded:
    return LoginRecorded(tenant_id=tenant, account_id="acc-main", on=date(2026, 1, 5))


def one_event_of_each_source(audit: Audit) -> None:
    audit.deliver(login(), "e-identity", "identity_event")
    audit.deliver(OrderPlaced(tenant_id=TENANT, order_id="o-1", kind="new", channel="self_service",
                              product="crm", plan="pro", placed_on=date(2026, 1, 5)), "e-billing", "billing_event")
    audit.deliver(ExportWindowOpened(tenant_id=TENANT, entitlement_id="ent-1", opens_on=date(2026, 1, 5),
                                     closes_on=date(2026, 2, 4)), "e-entitlement", "entitlement_event")
    audit.deliver(ExportTaken(tenant_id=TENANT, export_id="x-1", account_id="acc-main"), "e-vault", "data_vault_event")
    audit.deliver(AuditRequested(tenant_id=TENANT, actor="acc-main", action="customer.read", subject="cust-1",
                                 purpose="crm", outcome="allowed", region="ap-southeast-1", trace_id="abc",
                                 categories=("business_communication",)), "e-request", "audit_requested")


def test_every_services_events_and_audit_requests_become_chained_records_R_AUD_2(audit):
    one_event_of_each_source(audit)
    result = audit.verify()
    assert (result.ok, result.first_bad_seq, result.record_count) == (True, 0, 5)
    assert result.head_hash == audit.hashes()[-1]


def test_a_redelivered_event_appends_nothing_R_AUD_2(audit):
    audit.deliver(login(), "e-1", "identity_event")
    counts = table_counts(audit.engine)
    audit.deliver(login(), "e-1", "identity_event")
    assert table_counts(audit.engine) == counts


@pytest.mark.parametrize("statement", [
    "UPDATE audit_log SET payload = '{}'::jsonb WHERE seq = 1",
    "DELETE FROM audit_log WHERE seq = 1",
])
def test_the_database_refuses_to_change_or_remove_a_record_R_AUD_2(audit, statement):
    """R-AUD-2: append-only in the database itself."""
    audit.deliver(login(), "e-1", "identity_event")
    with pytest.raises(sa.exc.DBAPIError, match="append-only"):
        with audit.engine.begin() as conn:
            conn.execute(sa.text(statement))
    assert audit.verify().ok


def test_verification_names_the_first_tampered_record_R_AUD_2(audit):
    """R-AUD-2: tamper-evident, with a verification command."""
    for n in range(3):
        audit.deliver(login(), f"e-{n}", "identity_event")
    with audit.engine.begin() as conn:  # an attacker with the table owner's rights
        conn.execute(sa.text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))
        conn.execute(sa.text("UPDATE audit_log SET payload = payload || '{\"account_id\": \"acc-x\"}' WHERE seq = 2"))
        conn.execute(sa.text("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only"))
    result = audit.verify()
    assert (result.ok, result.first_bad_seq, result.record_count) == (False, 2, 3)
    assert result.problem


def test_concurrent_appends_never_fork_the_chain_R_AUD_2(audit):
    def append(n: int) -> None:
        entry = chain.Entry(f"e-{n}", "sg", TENANT, "identity", "LoginRecorded", 1, "2026-01-05T09:00:00+00:00",
                            {"tenant_id": TENANT, "account_id": f"acc-{n}"})
        handlers.append_record(AppendRecord(entry), audit.app.uow())

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(append, range(80)))
    with audit.engine.connect() as conn:
        seqs = conn.execute(sa.select(audit_log.c.seq).order_by(audit_log.c.seq)).scalars().all()
    assert seqs == list(range(1, 81))
    assert handlers.verify_chain(audit.app.uow()).ok


def test_a_tenants_trail_holds_its_records_with_hashes_it_can_recompute_up_to_the_head_R_AUD_2(audit):
    """R-AUD-2, R-AUD-4 (partial): the tenant exports its trail with what it needs to recheck the chain."""
    audit.deliver(login(NEIGHBOUR), "e-1", "identity_event")
    audit.deliver(login(), "e-2", "identity_event")
    audit.deliver(login(NEIGHBOUR), "e-3", "identity_event")
    audit.deliver(login(), "e-4", "identity_event")
    trail = audit.trail()
    assert [r.seq for r in trail.records] == [2, 4]
    for record in trail.records:
        assert json.loads(record.body_json)["tenant_id"] == TENANT
        assert hashlib.sha256((record.prev_hash + record.body_json).encode()).hexdigest() == record.hash
    links = list(trail.links)
    assert [link.seq for link in links] == [2, 3, 4]
    assert all(later.prev_hash == earlier.hash for earlier, later in zip(links, links[1:]))
    assert (links[-1].hash, trail.head_seq, trail.head_hash) == (trail.records[-1].hash, 4, audit.hashes()[-1])


def test_only_the_tenants_main_account_exports_its_trail(audit):
    assert refusal(lambda: audit.trail(token=SUB))["reason"] == "MAIN_ACCOUNT_REQUIRED"
    assert refusal(lambda: audit.trail(token=STRANGER))["code"] == grpc.StatusCode.PERMISSION_DENIED
    assert refusal(lambda: audit.trail(token=None))["code"] == grpc.StatusCode.UNAUTHENTICATED


def test_bad_input_is_refused_with_field_violations_and_changes_nothing(audit):
    before = table_counts(audit.engine)
    refused = refusal(lambda: audit.trail(tenant="not a tenant id!"))
    assert (refused["code"], set(refused["violations"])) == (grpc.StatusCode.INVALID_ARGUMENT, {"tenant_id"})
    assert table_counts(audit.engine) == before


def test_another_cells_tenant_trail_is_refused_R_RES_2(audit):
    """R-RES-2: a cell exports only its own tenants' audit records."""
    refused = refusal(lambda: audit.trail(tenant=FOREIGN))
    assert (refused["code"], refused["reason"]) == (grpc.StatusCode.FAILED_PRECONDITION, "WRONG_CELL")
