"""Ports to billing, entitlement and the vault for R-ID-7, and their gRPC adapters (one question each)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import grpc

from okki_api.billing.v1 import billing_pb2, billing_pb2_grpc
from okki_api.data_vault.v1 import data_vault_pb2, data_vault_pb2_grpc
from okki_api.entitlement.v1 import entitlement_pb2, entitlement_pb2_grpc
from platformkit.errors import FailedPrecondition, Unavailable
from services.identity.domain.cancellation import CancellationFacts

TIMEOUT_SECONDS = 3.0
_RETRYABLE = (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED)


class BillingPort(Protocol):
    def has_outstanding_debt(self, tenant_id: str) -> bool: ...


class EntitlementPort(Protocol):
    def service_running(self, tenant_id: str) -> bool: ...


class DataVaultPort(Protocol):
    def data_settled(self, tenant_id: str) -> bool: ...


@dataclass(frozen=True)
class Peers:
    billing: BillingPort
    entitlement: EntitlementPort
    data_vault: DataVaultPort

    def cancellation_facts(self, tenant_id: str) -> CancellationFacts:
        """R-ID-7: the three answers a main-account cancellation waits for."""
        return CancellationFacts(
            has_debt=self.billing.has_outstanding_debt(tenant_id),
            service_running=self.entitlement.service_running(tenant_id),
            data_settled=self.data_vault.data_settled(tenant_id),
        )


def _ask(peer: str, rpc, request, timeout: float):
    """One unary call; an outage is retryable (UNAVAILABLE), any other refusal blocks the cancellation."""
    try:
        return rpc(request, timeout=timeout)
    except grpc.RpcError as exc:
        if exc.code() in _RETRYABLE:
            raise Unavailable(f"{peer} is unavailable; retry") from None
        raise FailedPrecondition(f"{peer} could not answer: {exc.code().name}",
                                 reason=f"{peer.upper()}_CHECK_FAILED") from None


class GrpcBilling:
    def __init__(self, channel: grpc.Channel, timeout: float = TIMEOUT_SECONDS):
        self._stub, self._timeout = billing_pb2_grpc.BillingServiceStub(channel), timeout

    def has_outstanding_debt(self, tenant_id: str) -> bool:
        """Billing's debt includes accrued overdue damages."""
        request = billing_pb2.GetAccountStandingRequest(tenant_id=tenant_id)
        return _ask("billing", self._stub.GetAccountStanding, request, self._timeout).has_debt


class GrpcEntitlement:
    def __init__(self, channel: grpc.Channel, timeout: float = TIMEOUT_SECONDS):
        self._stub, self._timeout = entitlement_pb2_grpc.EntitlementServiceStub(channel), timeout

    def service_running(self, tenant_id: str) -> bool:
        request = entitlement_pb2.GetTenantStatusRequest(tenant_id=tenant_id)
        return _ask("entitlement", self._stub.GetTenantStatus, request, self._timeout).service_running


class GrpcDataVault:
    def __init__(self, channel: grpc.Channel, timeout: float = TIMEOUT_SECONDS):
        self._stub, self._timeout = data_vault_pb2_grpc.DataVaultServiceStub(channel), timeout

    def data_settled(self, tenant_id: str) -> bool:
        """Settled when the export was taken or waived."""
        request = data_vault_pb2.GetDataSettlementRequest(tenant_id=tenant_id)
        return _ask("data_vault", self._stub.GetDataSettlement, request, self._timeout).settled
