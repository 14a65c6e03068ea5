"""End users act only through their session (issue 4): over the running cell and the public edge,
a sub-account's token and another tenant's token are refused on main-account and cross-tenant
operations, whatever tenant ids the requests carry (R-ID-4, R-ID-7, R-VLT-3, R-VLT-9)."""
from __future__ import annotations

import grpc
import pytest

from tests.e2e.conftest import wait_for
from platformkit.testing import refusal
from tests.e2e.journey import Journey, key

pytestmark = pytest.mark.e2e
PASSWORD = "a long enough password"


def onboard(j: Journey, label: str) -> tuple[str, str]:
    """A paid tenant with a registered main account; returns (tenant id, main session token)."""
    tenant_id = j.create_tenant().tenant_id
    j.place_and_pay(tenant_id, seats=3)
    link = wait_for(lambda: j.activation_link(tenant_id), what="activation link")
    email = f"main@{label}-{tenant_id.replace('_', '-')}.example"
    j.register_main(link.token, email, PASSWORD)
    return tenant_id, j.login(email, PASSWORD)


@pytest.fixture(scope="module")
def two_tenants(cells):
    j = Journey(cells, "intl", plan="team")
    j.set_price("900.00")
    a, a_main = onboard(j, "a")
    b, b_main = onboard(j, "b")
    wait_for(lambda: j.identity.ListAccounts(j.id_pb.ListAccountsRequest(tenant_id=a),
                                             metadata=j.as_user(a_main)).seats == 3, what="seats of tenant a")
    sub_email = f"rep@a-{a.replace('_', '-')}.example"
    j.identity.CreateSubAccount(j.id_pb.CreateSubAccountRequest(
        tenant_id=a, email=sub_email, password=PASSWORD, idempotency_key=key()), metadata=j.as_user(a_main))
    return j, a, a_main, j.login(sub_email, PASSWORD), b, b_main


def main_account_operations(j: Journey, cells, tenant_id: str):
    vault, vault_pb = cells.stub(j.cell, "data_vault", "gateway"), cells.pb("data_vault")
    return {
        "CreateSubAccount": (j.identity.CreateSubAccount, j.id_pb.CreateSubAccountRequest(
            tenant_id=tenant_id, email="intruder@elsewhere.example", password=PASSWORD, idempotency_key=key())),
        "CancelMainAccount": (j.identity.CancelMainAccount, j.id_pb.CancelMainAccountRequest(
            tenant_id=tenant_id, idempotency_key=key())),
        "ListAccounts": (j.identity.ListAccounts, j.id_pb.ListAccountsRequest(tenant_id=tenant_id)),
        "RequestExport": (vault.RequestExport, vault_pb.RequestExportRequest(tenant_id=tenant_id, idempotency_key=key())),
        "WaiveExport": (vault.WaiveExport, vault_pb.WaiveExportRequest(tenant_id=tenant_id, idempotency_key=key())),
    }


def test_a_sub_account_token_is_refused_on_main_account_operations(cells, two_tenants):
    j, a, _a_main, a_sub, _b, _b_main = two_tenants
    for name, (call, request) in main_account_operations(j, cells, a).items():
        answer = refusal(call, request, metadata=j.as_user(a_sub))
        assert answer["code"] == grpc.StatusCode.PERMISSION_DENIED, f"{name}: {answer}"


def test_another_tenants_token_is_refused_whatever_tenant_id_the_request_names(cells, two_tenants):
    j, a, _a_main, _a_sub, _b, b_main = two_tenants
    for name, (call, request) in main_account_operations(j, cells, a).items():
        answer = refusal(call, request, metadata=j.as_user(b_main))
        assert answer["code"] == grpc.StatusCode.PERMISSION_DENIED, f"{name}: {answer}"


def test_no_token_is_unauthenticated_and_the_tenants_own_main_account_is_served(cells, two_tenants):
    j, a, a_main, _a_sub, _b, _b_main = two_tenants
    call, request = main_account_operations(j, cells, a)["ListAccounts"]
    assert refusal(call, request)["code"] == grpc.StatusCode.UNAUTHENTICATED
    assert len(call(request, metadata=j.as_user(a_main)).accounts) == 2
