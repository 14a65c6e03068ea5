"""IdentityService over real gRPC and PostgreSQL: onboarding, sessions, sub-accounts, restrictions,
cancellation, residency, retries and bad input."""
from __future__ import annotations

from datetime import timedelta

import grpc
import pytest
import sqlalchemy as sa

from contracts.events.v1.billing import OrderPaid
from contracts.events.v1.entitlement import EntitlementStateChanged
from okki_api.identity.v1 import identity_pb2 as pb
from okki_api.identity.v1 import identity_pb2_grpc as pb_grpc
from platformkit.testing import refusal, make_settings, serve_in_process, table_counts
from services.identity.adapters import tables
from services.identity.bootstrap import SPEC
from services.identity.handlers import activation, entitlements

pytestmark = pytest.mark.integration
COMPANY, MAIN_EMAIL, SALES, PASSWORD = "Acme Trading Ltd", "boss@acme-trading.example", "sales@acme-trading.example", \
    "correct horse battery"


@pytest.fixture
def stub(app):
    with serve_in_process(SPEC, make_settings("identity", "sg"), app=app) as channel:
        yield pb_grpc.IdentityServiceStub(channel)


def bearer(token: str):
    return (("authorization", f"Bearer {token}"),)


def create_tenant(stub, key="k-tenant", jurisdiction=pb.JURISDICTION_INTL) -> pb.Tenant:
    return stub.CreateTenant(pb.CreateTenantRequest(jurisdiction=jurisdiction, company_name=COMPANY,
                                                    channel=pb.CHANNEL_SELF_SERVICE, idempotency_key=key))


def pay_first_order(app, tenant_id: str, event_id="evt-paid") -> None:
    """As the bus would deliver billing.OrderPaid to the consumer's handler."""
    event = OrderPaid(tenant_id=tenant_id, order_id="o-1", kind="new", product="crm", plan="pro", seats=3,
                      modules=(), trial=False, paid_at=app.clock.now())
    activation.on_order_paid(event, event_id, app.uow())


def grant_seats(app, tenant_id: str, seats: int) -> None:
    event = EntitlementStateChanged(tenant_id=tenant_id, entitlement_id="e-1", product="crm", from_state="pending",
                                    to_state="active", reason="order_paid", seats=seats, trial=False,
                                    on=app.clock.today())
    entitlements.on_entitlement_state_changed(event, "evt-ent", app.uow())


def login(stub, email=MAIN_EMAIL, password=PASSWORD) -> pb.LoginResponse:
    return stub.Login(pb.LoginRequest(email=email, password=password, ip="203.0.113.7", device="Firefox 140"))


@pytest.fixture
def onboarded(app, stub):
    """A tenant whose main account registered through its activation link and signed in."""
    tenant = create_tenant(stub)
    pay_first_order(app, tenant.tenant_id)
    grant_seats(app, tenant.tenant_id, 2)
    token = stub.GetActivationLink(pb.GetActivationLinkRequest(tenant_id=tenant.tenant_id)).token
    stub.Register(pb.RegisterRequest(token=token, email=MAIN_EMAIL, password=PASSWORD, company_name_confirmed=True,
                                     idempotency_key="k-register"))
    return tenant.tenant_id, login(stub).session_token


def test_onboarding_shows_the_company_name_and_makes_the_first_email_main_R_ID_1_R_ID_2_R_ID_3(app, stub, engine):
    tenant = create_tenant(stub)
    pay_first_order(app, tenant.tenant_id)
    link = stub.GetActivationLink(pb.GetActivationLinkRequest(tenant_id=tenant.tenant_id))

    view = stub.OpenActivationLink(pb.OpenActivationLinkRequest(token=link.token))
    registered = stub.Register(pb.RegisterRequest(token=link.token, email=MAIN_EMAIL, password=PASSWORD,
                                                  company_name_confirmed=True, idempotency_key="k-1"))

    assert view.company_name == COMPANY
    assert registered.outcome == pb.REGISTRATION_OUTCOME_REGISTERED
    principal = stub.Authenticate(pb.AuthenticateRequest(session_token=login(stub).session_token))
    assert (principal.tenant_id, principal.account_id, principal.role) == (tenant.tenant_id, registered.account_id,
                                                                           "main")
    with engine.connect() as conn:
        assert conn.execute(sa.select(tables.accounts.c.password_hash)).scalar_one().startswith("$argon2id$")


def test_a_free_mail_registration_without_acknowledgement_is_refused_R_ID_3(app, stub):
    tenant = create_tenant(stub)
    pay_first_order(app, tenant.tenant_id)
    token = stub.GetActivationLink(pb.GetActivationLinkRequest(tenant_id=tenant.tenant_id)).token

    refused = refusal(lambda: stub.Register(pb.RegisterRequest(
        token=token, email="founder@gmail.com", password=PASSWORD, company_name_confirmed=True, idempotency_key="k")))

    assert (refused["code"], refused["reason"]) == (grpc.StatusCode.FAILED_PRECONDITION, "FREE_MAIL_NOT_ACKNOWLEDGED")


def test_a_denied_company_name_is_flagged_for_the_salesperson_R_ID_2(app, stub):
    tenant = create_tenant(stub)
    pay_first_order(app, tenant.tenant_id)
    token = stub.GetActivationLink(pb.GetActivationLinkRequest(tenant_id=tenant.tenant_id)).token

    result = stub.Register(pb.RegisterRequest(token=token, company_name_confirmed=False, idempotency_key="k"))

    assert result.outcome == pb.REGISTRATION_OUTCOME_FLAGGED
    flags = stub.ListFlaggedRegistrations(pb.ListFlaggedRegistrationsRequest()).flags
    assert [(f.flag_id, f.company_name_shown) for f in flags] == [(result.flag_id, COMPANY)]


def test_a_login_is_recorded_in_the_home_region_and_the_bus_gets_no_ip_R_ID_9(stub, onboarded, engine):
    refusal(lambda: login(stub, password="wrong password!"))

    with engine.connect() as conn:
        records = conn.execute(sa.select(tables.login_records.c.outcome, tables.login_records.c.ip)
                               .order_by(tables.login_records.c.id)).all()
        envelopes = conn.execute(sa.select(tables.platform["outbox"].c.envelope)
                                 .where(tables.platform["outbox"].c.type == "LoginRecorded")).scalars().all()
    assert [tuple(r) for r in records] == [("success", "203.0.113.7"), ("wrong_password", "203.0.113.7")]
    assert envelopes and all("203.0.113.7" not in str(e) and MAIN_EMAIL not in str(e) for e in envelopes)


def test_the_main_account_creates_sub_accounts_within_its_seats_R_ID_4(stub, onboarded):
    tenant_id, main_token = onboarded

    stub.CreateSubAccount(pb.CreateSubAccountRequest(tenant_id=tenant_id, email=SALES, password=PASSWORD,
                                                     idempotency_key="k-sub-1"), metadata=bearer(main_token))
    refused = refusal(lambda: stub.CreateSubAccount(pb.CreateSubAccountRequest(
        tenant_id=tenant_id, email="two@acme-trading.example", password=PASSWORD, idempotency_key="k-sub-2"),
        metadata=bearer(main_token)))

    assert refused["reason"] == "SEATS_EXHAUSTED"
    listed = stub.ListAccounts(pb.ListAccountsRequest(tenant_id=tenant_id), metadata=bearer(main_token))
    assert (sorted(a.role for a in listed.accounts), listed.seats) == (["main", "sub"], 2)


def test_a_sub_account_may_not_create_sub_accounts_R_ID_4(app, stub, onboarded):
    tenant_id, main_token = onboarded
    grant_seats(app, tenant_id, 5)
    stub.CreateSubAccount(pb.CreateSubAccountRequest(tenant_id=tenant_id, email=SALES, password=PASSWORD,
                                                     idempotency_key="k-sub-1"), metadata=bearer(main_token))
    sub_token = login(stub, SALES).session_token

    refused = refusal(lambda: stub.CreateSubAccount(pb.CreateSubAccountRequest(
        tenant_id=tenant_id, email="two@acme-trading.example", password=PASSWORD, idempotency_key="k-sub-2"),
        metadata=bearer(sub_token)))

    assert (refused["code"], refused["reason"]) == (grpc.StatusCode.PERMISSION_DENIED, "MAIN_ACCOUNT_REQUIRED")


def test_a_call_without_a_session_is_unauthenticated(stub, onboarded):
    tenant_id, _token = onboarded

    refused = refusal(lambda: stub.ListAccounts(pb.ListAccountsRequest(tenant_id=tenant_id)))

    assert refused["code"] == grpc.StatusCode.UNAUTHENTICATED


def test_a_restricted_account_cannot_authenticate_and_the_reason_is_kept_R_ID_6(stub, onboarded, engine, clock):
    tenant_id, token = onboarded
    principal = stub.Authenticate(pb.AuthenticateRequest(session_token=token))

    stub.RestrictAccount(pb.RestrictAccountRequest(
        tenant_id=tenant_id, account_id=principal.account_id, kind=pb.RESTRICTION_KIND_TEMPORARY,
        until=(clock.now() + timedelta(days=7)).isoformat(), reason="impersonating another client",
        idempotency_key="k-r"))

    assert refusal(lambda: stub.Authenticate(pb.AuthenticateRequest(session_token=token)))["reason"] == \
        "ACCOUNT_RESTRICTED"
    assert refusal(lambda: login(stub))["reason"] == "ACCOUNT_RESTRICTED"
    with engine.connect() as conn:
        assert conn.execute(sa.select(tables.restrictions.c.reason)).scalar_one() == "impersonating another client"


def test_a_reported_compromise_revokes_every_session_at_once_R_ID_5(stub, onboarded):
    tenant_id, token = onboarded
    other_token = login(stub).session_token
    account_id = stub.Authenticate(pb.AuthenticateRequest(session_token=token)).account_id

    locked = stub.ReportCompromise(pb.ReportCompromiseRequest(tenant_id=tenant_id, account_id=account_id,
                                                              idempotency_key="k-c"))

    assert locked.locked
    for session in (token, other_token):
        assert refusal(lambda: stub.Authenticate(pb.AuthenticateRequest(session_token=session)))["code"] == \
            grpc.StatusCode.UNAUTHENTICATED


def test_cancelling_the_main_account_names_the_unmet_condition_then_deletes_everything_R_ID_7(
        stub, onboarded, answers, engine):
    tenant_id, token = onboarded
    answers.has_debt = True
    before = table_counts(engine)

    refused = refusal(lambda: stub.CancelMainAccount(pb.CancelMainAccountRequest(tenant_id=tenant_id,
                                                                                 idempotency_key="k-x"),
                                                     metadata=bearer(token)))
    assert (refused["code"], refused["reason"]) == (grpc.StatusCode.FAILED_PRECONDITION, "OUTSTANDING_DEBT")
    assert table_counts(engine) == before

    answers.has_debt = False
    done = stub.CancelMainAccount(pb.CancelMainAccountRequest(tenant_id=tenant_id, idempotency_key="k-x"),
                                  metadata=bearer(token))

    assert done.accounts_deleted == 1
    counts = table_counts(engine)
    assert (counts["accounts"], counts["sessions"], counts["login_records"]) == (0, 0, 0)


def test_a_cell_refuses_a_tenant_of_the_other_jurisdiction_naming_its_home_cell_R_RES_1(stub, engine):
    refused = refusal(lambda: create_tenant(stub, jurisdiction=pb.JURISDICTION_PRC))

    assert (refused["code"], refused["reason"]) == (grpc.StatusCode.FAILED_PRECONDITION, "WRONG_CELL")
    assert refused["metadata"]["home_cell"] == "cn"
    assert table_counts(engine)["tenants"] == 0


def test_another_cells_tenant_is_refused_R_RES_2(stub, directory, clock):
    """R-RES-2: a cell never reads or writes another cell's tenant; the caller learns its home cell."""
    directory.register("t_cn_1", "prc", clock.now())

    refused = refusal(lambda: stub.GetActivationLink(pb.GetActivationLinkRequest(tenant_id="t_cn_1")))

    assert (refused["code"], refused["reason"]) == (grpc.StatusCode.FAILED_PRECONDITION, "WRONG_CELL")


def test_a_retried_create_tenant_returns_the_same_tenant_and_changes_nothing(stub, engine):
    first = create_tenant(stub, key="k-same")
    before = table_counts(engine)

    again = create_tenant(stub, key="k-same")

    assert again.tenant_id == first.tenant_id
    assert table_counts(engine) == before


def test_bad_input_is_invalid_argument_with_field_violations_and_writes_nothing(stub, engine):
    before = table_counts(engine)

    refused = refusal(lambda: stub.CreateTenant(pb.CreateTenantRequest(company_name="\x00")))

    assert refused["code"] == grpc.StatusCode.INVALID_ARGUMENT
    assert set(refused["violations"]) == {"jurisdiction", "channel", "company_name", "idempotency_key"}
    assert table_counts(engine) == before


def test_the_sweep_runs_off_the_injected_clock_R_ID_1(app, stub, clock):
    tenant = create_tenant(stub)
    pay_first_order(app, tenant.tenant_id)
    clock.advance(days=15)

    summary = stub.RunSweep(pb.RunSweepRequest()).summary

    assert "activation links expired: 1" in summary
    assert refusal(lambda: stub.GetActivationLink(pb.GetActivationLinkRequest(tenant_id=tenant.tenant_id)))[
        "code"] == grpc.StatusCode.NOT_FOUND

