"""A tenant's commercial life end to end, in its own residency cell (issue 2's acceptance test).

For a prc tenant (cell cn) and an intl tenant (cell sg): order by a distributor -> paid ->
entitlement active -> activation link -> main account (free mail refused without acknowledgement)
-> sub-accounts up to the seats, the next one refused -> Check allowed -> renewal before expiry
(its period starts the day after) -> time past expiry without renewal -> service stops, export
window open -> 6 months later: purge, accounts cancelled. Every row about the tenant is in its
home cell's databases and none in the other cell's (R-RES-1, R-RES-2).
"""
from __future__ import annotations

from datetime import date, timedelta

import grpc
import pytest
import sqlalchemy as sa

from platformkit import topology
from tests.e2e.conftest import wait_for
from platformkit.testing import refusal
from tests.e2e.journey import Journey, key

pytestmark = pytest.mark.e2e
def rows_about(cells, tenant_id: str) -> dict[str, int]:
    """Rows naming the tenant in every table of every service database of every cell."""
    found: dict[str, int] = {}
    topo = topology.load()
    for cell in topo.cells:
        for service in topo.services:
            engine = cells.engine(cell, service)
            try:
                with engine.connect() as conn:
                    tables = conn.execute(sa.text(
                        "SELECT table_name FROM information_schema.columns "
                        "WHERE table_schema = 'public' AND column_name = 'tenant_id'")).scalars().all()
                    for table in tables:
                        n = conn.execute(sa.text(f'SELECT count(*) FROM "{table}" WHERE tenant_id = :t'),
                                         {"t": tenant_id}).scalar()
                        if n:
                            found[f"{cell}.{service}.{table}"] = n
            finally:
                engine.dispose()
    return found


@pytest.mark.parametrize("jurisdiction", ["prc", "intl"])
def test_a_tenant_is_sold_activated_renewed_expired_and_purged_in_its_own_cell(cells, jurisdiction):
    j = Journey(cells, jurisdiction)
    price_day = cells.clock_now(j.cell).date()
    j.set_price()

    # R-RES-1: the jurisdiction decides the cell; the other cell refuses to create the tenant.
    other_identity = cells.stub(j.other_cell, "identity", "gateway")
    create = j.id_pb.CreateTenantRequest(
        jurisdiction=j.id_pb.Jurisdiction.Value(j.jurisdiction_enum), company_name="Acme Export Co.",
        channel=j.id_pb.CHANNEL_DISTRIBUTOR, distributor_id="dist-042", idempotency_key=key())
    assert refusal(other_identity.CreateTenant, create)["metadata"]["home_cell"] == j.cell
    tenant = j.identity.CreateTenant(create)
    tenant_id = tenant.tenant_id
    assert tenant.cell == j.cell

    # R-RES-2: the other cell refuses any call about this tenant.
    other_billing = cells.stub(j.other_cell, "billing", "platformctl")
    assert refusal(other_billing.GetAccountStanding,
                   j.bill_pb.GetAccountStandingRequest(tenant_id=tenant_id))["reason"] == "WRONG_CELL"

    # Order by a distributor -> paid -> entitlement active.
    order, paid = j.place_and_pay(tenant_id, seats=3)
    assert order.kind == j.bill_pb.ORDER_KIND_NEW
    wait_for(lambda: j.status(tenant_id).service_running, what="entitlement active")
    assert wait_for(lambda: j.check(tenant_id).allowed, what="Check allowed")

    # Activation link minted on OrderPaid (R-ID-1), bound to the company name (R-ID-2).
    link = wait_for(lambda: j.activation_link(tenant_id), what="activation link")
    assert j.identity.OpenActivationLink(j.id_pb.OpenActivationLinkRequest(token=link.token)).company_name \
        == "Acme Export Co."

    # Main account: free mail refused without the risk acknowledgement (R-ID-3).
    free_mail = j.id_pb.RegisterRequest(token=link.token, email=f"boss.{tenant_id}@gmail.com",
                                        password="correct horse battery", company_name_confirmed=True,
                                        free_mail_acknowledged=False, idempotency_key=key())
    assert refusal(j.identity.Register, free_mail)["reason"] == "FREE_MAIL_NOT_ACKNOWLEDGED"
    domain = f"{tenant_id.replace('_', '-')}.acme-export.example"
    main_email = f"boss@{domain}"
    registered = j.identity.Register(j.id_pb.RegisterRequest(
        token=link.token, email=main_email, password="correct horse battery", company_name_confirmed=True,
        idempotency_key=key()))
    assert registered.outcome == j.id_pb.REGISTRATION_OUTCOME_REGISTERED
    main_token = j.login(main_email, "correct horse battery")

    # Sub-accounts up to the seats (the main account takes one of 3), the next one refused (R-ID-4).
    wait_for(lambda: j.identity.ListAccounts(j.id_pb.ListAccountsRequest(tenant_id=tenant_id),
                                             metadata=j.as_user(main_token)).seats == 3, what="seats known")
    for n in range(2):
        j.identity.CreateSubAccount(j.id_pb.CreateSubAccountRequest(
            tenant_id=tenant_id, email=f"rep{n}@{domain}", password="another long password",
            idempotency_key=key()), metadata=j.as_user(main_token))
    over = j.id_pb.CreateSubAccountRequest(tenant_id=tenant_id, email=f"rep9@{domain}",
                                           password="another long password", idempotency_key=key())
    assert refusal(j.identity.CreateSubAccount, over, metadata=j.as_user(main_token))["reason"] == "SEATS_EXHAUSTED"
    assert j.check(tenant_id).allowed

    # Renewal before expiry: its period starts the day after the current one ends (R-BIL-5).
    first_end = date.fromisoformat(paid.period_end)
    cells.move_clock(j.cell, timedelta(days=(first_end - price_day).days - 20))
    renewal, renewal_paid = j.place_and_pay(tenant_id, seats=3)
    assert renewal.kind == j.bill_pb.ORDER_KIND_RENEWAL
    assert date.fromisoformat(renewal_paid.period_start) == first_end + timedelta(days=1)
    renewed_end = date.fromisoformat(renewal_paid.period_end)
    wait_for(lambda: j.status(tenant_id).entitlements[0].period_end == renewed_end.isoformat(),
             what="entitlement extended")

    # The tenant's data lives only in its home cell (R-RES-1, R-RES-2).
    rows = rows_about(cells, tenant_id)
    assert rows and all(name.startswith(f"{j.cell}.") for name in rows), rows

    # Past the end without renewal: service stops, a 30-day export window opens (R-ENT-4).
    cells.move_clock(j.cell, timedelta(days=(renewed_end - first_end).days + 22))
    j.sweep()
    status = wait_for(lambda: (s := j.status(tenant_id)) and not s.service_running and s.export_window_open and s,
                      what="service stopped, export window open")
    assert status.entitlements[0].state == "expired"
    assert not j.check(tenant_id).allowed
    assert j.check(tenant_id, "export").allowed

    # 6 months after expiry: purge; every account cancelled (R-ENT-5, R-ID-8).
    cells.move_clock(j.cell, timedelta(days=190))
    j.sweep()
    wait_for(lambda: j.status(tenant_id).entitlements[0].state == "purged", what="purged")
    wait_for(lambda: _accounts_left(cells, j.cell, tenant_id) == 0, what="accounts cancelled")
    assert refusal(j.login, main_email, "correct horse battery")["code"] == grpc.StatusCode.UNAUTHENTICATED
    rows = rows_about(cells, tenant_id)
    assert all(name.startswith(f"{j.cell}.") for name in rows), rows


def _accounts_left(cells, cell: str, tenant_id: str) -> int:
    engine = cells.engine(cell, "identity")
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text("SELECT count(*) FROM accounts WHERE tenant_id = :t"), {"t": tenant_id}).scalar()
    finally:
        engine.dispose()
