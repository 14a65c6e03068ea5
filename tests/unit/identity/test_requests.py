"""Request validation: every bad field is named at once, before any handler runs."""
import pytest

from okki_api.identity.v1 import identity_pb2 as pb
from platformkit.auth import Principal
from platformkit.errors import InvalidArgument
from services.identity.entrypoints import requests

MAIN = Principal("t_1", "a_1", "main", "s_1")


def _violations(parse, *args) -> dict[str, str]:
    with pytest.raises(InvalidArgument) as refused:
        parse(*args)
    return {v.field: v.description for v in refused.value.violations}


def test_an_empty_create_tenant_names_every_missing_field():
    fields = _violations(requests.create_tenant, pb.CreateTenantRequest())

    assert set(fields) == {"jurisdiction", "channel", "company_name", "idempotency_key"}


def test_unspecified_enums_are_refused_R_RES_1():
    request = pb.CreateTenantRequest(jurisdiction=pb.JURISDICTION_UNSPECIFIED, company_name="Acme",
                                     channel=pb.CHANNEL_SELF_SERVICE, idempotency_key="k")

    assert "JURISDICTION_INTL" in _violations(requests.create_tenant, request)["jurisdiction"]


def test_a_distributor_tenant_names_its_distributor():
    request = pb.CreateTenantRequest(jurisdiction=pb.JURISDICTION_INTL, company_name="Acme",
                                     channel=pb.CHANNEL_DISTRIBUTOR, idempotency_key="k")

    assert set(_violations(requests.create_tenant, request)) == {"distributor_id"}


def test_a_create_tenant_request_becomes_a_command():
    cmd = requests.create_tenant(pb.CreateTenantRequest(
        jurisdiction=pb.JURISDICTION_PRC, company_name="  深圳市某某贸易有限公司 ", channel=pb.CHANNEL_DISTRIBUTOR,
        distributor_id="d-42", idempotency_key="k"))

    assert (cmd.jurisdiction, cmd.company_name, cmd.channel, cmd.distributor_id) == (
        "prc", "深圳市某某贸易有限公司", "distributor", "d-42")


def test_registration_needs_a_valid_email_and_a_long_enough_password():
    request = pb.RegisterRequest(token="tok", email="not-an-email", password="short", company_name_confirmed=True,
                                 idempotency_key="k")

    assert set(_violations(requests.register, request)) == {"email", "password"}


def test_a_registrant_denying_the_company_name_needs_no_email_or_password_R_ID_2():
    cmd = requests.register(pb.RegisterRequest(token="tok", company_name_confirmed=False, idempotency_key="k"))

    assert cmd.company_name_confirmed is False


def test_emails_are_compared_in_lower_case():
    cmd = requests.login(pb.LoginRequest(email=" Boss@Acme.Example ", password="pw", ip="203.0.113.7"))

    assert cmd.email == "boss@acme.example"


def test_a_login_needs_the_clients_ip_R_ID_9():
    request = pb.LoginRequest(email="boss@acme.example", password="pw", ip="not an ip")

    assert set(_violations(requests.login, request)) == {"ip"}


def test_a_restriction_needs_a_reason_and_a_temporary_one_an_end_R_ID_6():
    request = pb.RestrictAccountRequest(tenant_id="t_1", account_id="a_1", kind=pb.RESTRICTION_KIND_TEMPORARY,
                                        idempotency_key="k")

    assert set(_violations(requests.restrict_account, request)) == {"until", "reason"}


def test_a_permanent_restriction_has_no_end_R_ID_6():
    request = pb.RestrictAccountRequest(tenant_id="t_1", account_id="a_1", kind=pb.RESTRICTION_KIND_PERMANENT,
                                        until="2026-02-01T00:00:00Z", reason="impersonation", idempotency_key="k")

    assert set(_violations(requests.restrict_account, request)) == {"until"}


def test_an_end_without_time_zone_is_refused():
    request = pb.RestrictAccountRequest(tenant_id="t_1", account_id="a_1", kind=pb.RESTRICTION_KIND_TEMPORARY,
                                        until="2026-02-01T00:00:00", reason="violation", idempotency_key="k")

    assert set(_violations(requests.restrict_account, request)) == {"until"}


def test_a_third_party_link_needs_a_provider_R_ID_10():
    request = pb.LinkThirdPartyLoginRequest(subject="oWx-1", idempotency_key="k")

    assert set(_violations(requests.link_third_party, request, MAIN)) == {"provider"}


def test_a_sub_account_request_names_tenant_email_password_and_key():
    fields = _violations(requests.create_sub_account, pb.CreateSubAccountRequest(), MAIN)

    assert set(fields) == {"tenant_id", "email", "password", "idempotency_key"}
