"""R-ID-7's gRPC adapters against in-process peers speaking the real protos of billing, entitlement and the vault."""
from concurrent import futures

import grpc
import pytest

from okki_api.billing.v1 import billing_pb2, billing_pb2_grpc
from okki_api.data_vault.v1 import data_vault_pb2, data_vault_pb2_grpc
from okki_api.entitlement.v1 import entitlement_pb2, entitlement_pb2_grpc
from platformkit.errors import FailedPrecondition, Unavailable
from services.identity.adapters.clients import GrpcBilling, GrpcDataVault, GrpcEntitlement, Peers
from services.identity.domain.cancellation import CancellationFacts

pytestmark = pytest.mark.integration


class Billing(billing_pb2_grpc.BillingServiceServicer):
    def GetAccountStanding(self, request, context):
        if request.tenant_id == "t_refused":
            context.abort(grpc.StatusCode.PERMISSION_DENIED, "not for you")
        return billing_pb2.AccountStanding(has_debt=request.tenant_id == "t_owes")


class Entitlement(entitlement_pb2_grpc.EntitlementServiceServicer):
    def GetTenantStatus(self, request, context):
        return entitlement_pb2.TenantStatus(service_running=True)


class DataVault(data_vault_pb2_grpc.DataVaultServiceServicer):
    def GetDataSettlement(self, request, context):
        return data_vault_pb2.DataSettlement(settled=True, how="waived")


@pytest.fixture
def channel():
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    billing_pb2_grpc.add_BillingServiceServicer_to_server(Billing(), server)
    entitlement_pb2_grpc.add_EntitlementServiceServicer_to_server(Entitlement(), server)
    data_vault_pb2_grpc.add_DataVaultServiceServicer_to_server(DataVault(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    with grpc.insecure_channel(f"127.0.0.1:{port}") as chan:
        yield chan
    server.stop(None)


def test_the_three_answers_of_a_cancellation_come_from_the_peers_R_ID_7(channel):
    peers = Peers(GrpcBilling(channel), GrpcEntitlement(channel), GrpcDataVault(channel))

    assert peers.cancellation_facts("t_owes") == CancellationFacts(has_debt=True, service_running=True,
                                                                   data_settled=True)


def test_a_peer_refusing_to_answer_blocks_the_cancellation_R_ID_7(channel):
    with pytest.raises(FailedPrecondition) as refused:
        GrpcBilling(channel).has_outstanding_debt("t_refused")
    assert refused.value.reason == "BILLING_CHECK_FAILED"


def test_an_unreachable_peer_is_unavailable_so_the_caller_retries():
    with grpc.insecure_channel("127.0.0.1:9") as dead:
        with pytest.raises(Unavailable):
            GrpcDataVault(dead, timeout=1.0).data_settled("t_1")
