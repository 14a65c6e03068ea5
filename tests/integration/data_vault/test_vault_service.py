"""The vault over real gRPC and PostgreSQL: settlement, exports, waivers, residency and deletion."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import grpc
import pytest
import sqlalchemy as sa
from nameko.testing.services import worker_factory

from contracts.events.v1.entitlement import TenantPurgeDue
from contracts.events.v1.identity import TenantCancelled
from okki_api.data_vault.v1 import data_vault_pb2 as pb
from okki_api.data_vault.v1 import data_vault_pb2_grpc as pb_grpc
from platformkit.auth import Principal
from platformkit.events import encode
from platformkit.testing import refusal, StaticAuthenticator, make_settings, serve_in_process, table_counts
from services.data_vault.adapters import tables
from services.data_vault.bootstrap import SPEC, bootstrap
from services.data_vault.entrypoints.bus import DataVaultConsumer

pytestmark = pytest.mark.integration

TENANT, NEIGHBOUR, FOREIGN, UNKNOWN = "t-sg-1", "t-sg-2", "t-cn-1", "t-nowhere"
MAIN, SUB, STRANGER = "tok-main", "tok-sub", "tok-stranger"
PRINCIPALS = {
    MAIN: Principal(TENANT, "acc-main", "main", "s-1"),
    SUB: Principal(TENANT, "acc-sub", "sub", "s-2"),
    STRANGER: Principal(NEIGHBOUR, "acc-other", "main", "s-3"),
}


@dataclass
class Vault:
    engine: sa.engine.Engine
    app: object
    stub: pb_grpc.DataVaultServiceStub
    clock: object

    def export(self, tenant=TENANT, key="k-1", token=MAIN) -> pb.ExportReceipt:
        return self.stub.RequestExport(pb.RequestExportRequest(tenant_id=tenant, idempotency_key=key),
                                       metadata=bearer(token))

    def waive(self, tenant=TENANT, key="k-w", token=MAIN) -> pb.WaiverReceipt:
        return self.stub.WaiveExport(pb.WaiveExportRequest(tenant_id=tenant, idempotency_key=key),
                                     metadata=bearer(token))

    def settlement(self, tenant=TENANT) -> pb.DataSettlement:
        return self.stub.GetDataSettlement(pb.GetDataSettlementRequest(tenant_id=tenant))

    def outbox(self) -> list[str]:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(tables.platform["outbox"].c.type).order_by("id")).scalars().all()

    def deliver(self, event, event_id: str, handler: str) -> None:
        """As the bus would: the consumer's handler gets the encoded envelope."""
        payload = encode(event, cell="sg", occurred_at=self.clock.now(), event_id=event_id).as_dict()
        getattr(worker_factory(DataVaultConsumer, app=self.app, headers={}), handler)(payload)


def bearer(token: str | None):
    return (("authorization", f"Bearer {token}"),) if token else ()


@pytest.fixture
def vault(service_db, directory, clock):
    engine = service_db("data_vault")
    for tenant, jurisdiction in ((TENANT, "intl"), (NEIGHBOUR, "intl"), (FOREIGN, "prc")):
        directory.register(tenant, jurisdiction, clock.now())
    settings = make_settings("data_vault", "sg")
    app = bootstrap(settings, clock=clock, authenticator=StaticAuthenticator(PRINCIPALS))
    try:
        with serve_in_process(SPEC, settings, app=app) as channel:
            yield Vault(engine, app, pb_grpc.DataVaultServiceStub(channel), clock)
    finally:
        app.close()


def purge_due(tenant=TENANT) -> TenantPurgeDue:
    return TenantPurgeDue(tenant_id=tenant, expired_on=date(2025, 7, 1), purge_on=date(2026, 1, 1))


def test_an_export_settles_the_data_matters_R_ID_7(vault):
    """R-ID-7: the settlement identity checks before cancelling a main account."""
    assert (vault.settlement().settled, vault.settlement().how) == (False, "")
    vault.export()
    assert (vault.settlement().settled, vault.settlement().how) == (True, "export_taken")
    assert vault.settlement(NEIGHBOUR).settled is False


def test_a_waiver_settles_the_data_matters_and_is_recorded_R_ID_7(vault):
    receipt = vault.waive()
    assert (vault.settlement().settled, vault.settlement().how) == (True, "waived")
    assert receipt.waiver_id and vault.outbox() == ["ExportWaived"]


def test_the_main_account_takes_a_machine_readable_export_R_VLT_9(vault):
    receipt = vault.export()
    manifest = json.loads(receipt.manifest_json)
    assert manifest["format"] == "okki.vault.export/v1" and manifest["export_id"] == receipt.export_id
    assert {c["name"] for c in manifest["collections"]} == {"exports", "export_waivers"}
    assert vault.outbox() == ["ExportTaken"]


def test_a_sub_account_can_neither_export_nor_waive_R_VLT_9(vault):
    """R-VLT-9: only the main account takes (or waives) the export."""
    before = table_counts(vault.engine)
    for call in (lambda: vault.export(token=SUB), lambda: vault.waive(token=SUB)):
        assert refusal(call)["reason"] == "MAIN_ACCOUNT_REQUIRED"
    assert table_counts(vault.engine) == before


def test_another_tenants_session_cannot_export_for_this_tenant(vault):
    assert refusal(lambda: vault.export(token=STRANGER))["code"] == grpc.StatusCode.PERMISSION_DENIED
    assert refusal(lambda: vault.export(token=None))["code"] == grpc.StatusCode.UNAUTHENTICATED


def test_a_retried_export_with_the_same_key_changes_nothing(vault):
    first = vault.export()
    counts = table_counts(vault.engine)
    again = vault.export()
    assert (again.export_id, again.manifest_json) == (first.export_id, first.manifest_json)
    assert table_counts(vault.engine) == counts
    assert vault.outbox() == ["ExportTaken"]


def test_a_retried_waiver_with_the_same_key_changes_nothing(vault):
    first = vault.waive()
    counts = table_counts(vault.engine)
    assert vault.waive().waiver_id == first.waiver_id
    assert table_counts(vault.engine) == counts


def test_bad_input_is_refused_with_field_violations_and_changes_nothing(vault):
    before = table_counts(vault.engine)
    refused = refusal(lambda: vault.export(tenant="not a tenant id!", key=""))
    assert refused["code"] == grpc.StatusCode.INVALID_ARGUMENT
    assert set(refused["violations"]) == {"tenant_id", "idempotency_key"}
    assert set(refusal(lambda: vault.settlement(tenant=""))["violations"]) == {"tenant_id"}
    assert table_counts(vault.engine) == before


@pytest.mark.parametrize("call", ["settlement", "export", "waive"])
def test_another_cells_tenant_is_refused_on_every_rpc_R_RES_2(vault, call):
    """R-RES-2: the sg cell never serves a cn tenant."""
    before = table_counts(vault.engine)
    refused = refusal(lambda: getattr(vault, call)(tenant=FOREIGN))
    assert (refused["code"], refused["reason"]) == (grpc.StatusCode.FAILED_PRECONDITION, "WRONG_CELL")
    assert refused["metadata"]["home_cell"] == "cn"
    assert refusal(lambda: getattr(vault, call)(tenant=UNKNOWN))["code"] == grpc.StatusCode.NOT_FOUND
    assert table_counts(vault.engine) == before


def test_a_due_purge_deletes_the_tenants_data_and_confirms_it_R_VLT_7_R_ENT_5(vault):
    """R-VLT-7, R-ENT-5: every row of the tenant goes, a written confirmation stays."""
    vault.export()
    vault.waive()
    vault.export(tenant=NEIGHBOUR, key="k-n", token=STRANGER)
    vault.deliver(purge_due(), "evt-purge-1", "tenant_purge_due")
    with vault.engine.connect() as conn:
        confirmation = conn.execute(sa.select(tables.deletion_confirmations)).one()
        remaining = conn.execute(sa.select(tables.exports.c.tenant_id)).scalars().all()
        waivers = conn.execute(sa.select(sa.func.count()).select_from(tables.export_waivers)).scalar_one()
    assert (confirmation.tenant_id, confirmation.reason) == (TENANT, "purge_due")
    assert confirmation.source_event_id == "evt-purge-1"
    assert confirmation.deleted == {"exports": 1, "export_waivers": 1}
    assert remaining == [NEIGHBOUR] and waivers == 0
    assert vault.outbox()[-1] == "TenantDataDeleted"


def test_a_redelivered_purge_event_changes_nothing_R_VLT_7(vault):
    vault.export()
    vault.deliver(purge_due(), "evt-purge-1", "tenant_purge_due")
    counts = table_counts(vault.engine)
    vault.deliver(purge_due(), "evt-purge-1", "tenant_purge_due")
    assert table_counts(vault.engine) == counts


def test_a_cancellation_deletes_the_data_once_even_after_a_purge_R_VLT_7(vault):
    vault.export()
    vault.deliver(TenantCancelled(tenant_id=TENANT, reason="no_reorder"), "evt-cancel-1", "tenant_cancelled")
    vault.deliver(purge_due(), "evt-purge-1", "tenant_purge_due")
    with vault.engine.connect() as conn:
        reasons = conn.execute(sa.select(tables.deletion_confirmations.c.reason)).scalars().all()
    assert reasons == ["tenant_cancelled"]
    assert vault.outbox().count("TenantDataDeleted") == 1


def test_no_export_is_taken_after_the_deletion_R_VLT_7(vault):
    vault.deliver(purge_due(), "evt-purge-1", "tenant_purge_due")
    refused = refusal(lambda: vault.export())
    assert (refused["code"], refused["reason"]) == (grpc.StatusCode.FAILED_PRECONDITION, "TENANT_DATA_DELETED")
