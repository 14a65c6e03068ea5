"""Service identity (issue 4): mutual TLS with a CA per cell, and a per-RPC allow-list.

The data vault's GetDataSettlement, the precondition of a main-account cancellation, may be
called by identity only.
"""
from __future__ import annotations

from contextlib import contextmanager

import grpc
import pytest
import sqlalchemy as sa

from okki_api.data_vault.v1 import data_vault_pb2, data_vault_pb2_grpc
from platformkit import grpcserver, mtls, pki, topology
from platformkit.testing import StaticAuthenticator, make_settings
from services.data_vault.bootstrap import SPEC

pytestmark = pytest.mark.integration
WORKLOADS = [*topology.load().services, *pki.CLIENT_ONLY]


@pytest.fixture(scope="module")
def pki_dirs(tmp_path_factory):
    root = tmp_path_factory.mktemp("pki")
    for cell in topology.load().cells:
        pki.ensure_cell(root / cell, cell, WORKLOADS)
    return root


@contextmanager
def serve_vault(pki_dirs, clock, **overrides):
    settings = make_settings("data_vault", "sg", tls_dir=pki_dirs / "sg", insecure_grpc=False,
                             grpc_bind="127.0.0.1:0", **overrides)
    app = SPEC.bootstrap(settings, clock, authenticator=StaticAuthenticator())
    server, _health, port = grpcserver.build(SPEC, settings, app)
    server.start()
    try:
        yield port, app
    finally:
        server.stop(None)
        app.close()


@pytest.fixture
def vault(pki_dirs, service_db, directory, clock):
    service_db("data_vault", "sg")
    directory.register("t_sg", "intl", clock.now())
    with serve_vault(pki_dirs, clock) as served:
        yield served


@contextmanager
def client(port: int, pki_root, cell: str | None, workload: str | None, trust_cell: str = "sg"):
    ca = (pki_root / trust_cell / "ca.pem").read_bytes()
    if workload is None:
        credentials = grpc.ssl_channel_credentials(ca)
    else:
        material = pki.load(pki_root / cell, workload)
        credentials = grpc.ssl_channel_credentials(ca, material.key, material.cert)
    with grpc.secure_channel(f"127.0.0.1:{port}", credentials,
                             options=[("grpc.ssl_target_name_override", mtls.LOCAL_TARGET_NAME)]) as chan:
        yield data_vault_pb2_grpc.DataVaultServiceStub(chan)


def settlement(stub):
    return stub.GetDataSettlement(data_vault_pb2.GetDataSettlementRequest(tenant_id="t_sg"), timeout=5)


def test_identity_may_ask_the_vault_whether_data_matters_are_settled(vault, pki_dirs):
    port, _ = vault
    with client(port, pki_dirs, "sg", "identity") as stub:
        assert settlement(stub).settled is False


def test_a_client_without_a_certificate_is_refused(vault, pki_dirs):
    port, _ = vault
    with client(port, pki_dirs, None, None) as stub, pytest.raises(grpc.RpcError) as info:
        settlement(stub)
    assert info.value.code() == grpc.StatusCode.UNAVAILABLE  # the TLS handshake fails


def test_a_certificate_of_the_other_cells_ca_is_refused_R_RES_2(vault, pki_dirs):
    port, _ = vault
    with client(port, pki_dirs, "cn", "identity") as stub, pytest.raises(grpc.RpcError) as info:
        settlement(stub)
    assert info.value.code() == grpc.StatusCode.UNAVAILABLE


def test_a_service_not_on_the_allow_list_is_refused_and_the_refusal_is_audited(vault, pki_dirs):
    port, app = vault
    with client(port, pki_dirs, "sg", "billing") as stub, pytest.raises(grpc.RpcError) as info:
        settlement(stub)
    assert info.value.code() == grpc.StatusCode.PERMISSION_DENIED
    with app.engine.connect() as conn:
        audited = conn.execute(sa.text(
            "SELECT envelope FROM outbox WHERE type = 'AuditRequested'")).scalars().all()
    assert any(e["data"]["action"] == "rpc.refused" and e["data"]["actor"] == "workload:billing" for e in audited)


def test_the_public_edge_may_not_call_the_cancellation_precondition_either(vault, pki_dirs):
    port, _ = vault
    with client(port, pki_dirs, "sg", "gateway") as stub, pytest.raises(grpc.RpcError) as info:
        settlement(stub)
    assert info.value.code() == grpc.StatusCode.PERMISSION_DENIED


def test_a_tenant_past_its_rate_from_the_public_edge_gets_resource_exhausted_and_others_do_not(
        pki_dirs, service_db, directory, clock):
    service_db("data_vault", "sg")
    with serve_vault(pki_dirs, clock, tenant_rate_per_second=0.01, tenant_rate_burst=3) as (port, _app):
        with client(port, pki_dirs, "sg", "gateway") as stub:
            def export(tenant_id):
                request = data_vault_pb2.RequestExportRequest(tenant_id=tenant_id, idempotency_key="k")
                with pytest.raises(grpc.RpcError) as info:
                    stub.RequestExport(request, timeout=5)
                return info.value.code()

            assert grpc.StatusCode.RESOURCE_EXHAUSTED not in [export("t_busy") for _ in range(3)]
            assert export("t_busy") == grpc.StatusCode.RESOURCE_EXHAUSTED
            assert export("t_quiet") != grpc.StatusCode.RESOURCE_EXHAUSTED


def test_a_request_over_the_message_size_limit_is_refused(vault, pki_dirs):
    port, _ = vault
    with client(port, pki_dirs, "sg", "identity") as stub, pytest.raises(grpc.RpcError) as info:
        stub.GetDataSettlement(data_vault_pb2.GetDataSettlementRequest(tenant_id="x" * (2 << 20)), timeout=5)
    assert info.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
