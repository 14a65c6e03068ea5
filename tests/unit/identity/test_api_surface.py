"""The API's shape: what no RPC can do (R-ID-5) and what every mutating RPC carries."""
from okki_api.identity.v1 import identity_pb2 as pb

SERVICE = pb.DESCRIPTOR.services_by_name["IdentityService"]
SETS_AN_EMAIL = {"Register", "CreateSubAccount", "Login"}
# Reads, and the calls whose retry is another attempt (Login*) or changes nothing anyway (Logout, RunSweep).
WITHOUT_KEY = {"GetActivationLink", "OpenActivationLink", "ListFlaggedRegistrations", "Login", "LoginWithThirdParty",
               "Authenticate", "Logout", "ListAccounts", "RunSweep"}


def test_no_rpc_transfers_an_account_or_changes_its_email_R_ID_5():
    for method in SERVICE.methods:
        fields = set(method.input_type.fields_by_name)
        assert "email" not in fields or method.name in SETS_AN_EMAIL, method.name
        assert not fields & {"new_email", "owner", "new_owner", "new_tenant_id"}, method.name
        assert "Transfer" not in method.name and "Lend" not in method.name


def test_every_mutating_rpc_carries_an_idempotency_key():
    for method in SERVICE.methods:
        if method.name not in WITHOUT_KEY:
            assert "idempotency_key" in method.input_type.fields_by_name, method.name


def test_every_enum_starts_with_an_unspecified_zero():
    for enum in pb.DESCRIPTOR.enum_types_by_name.values():
        assert enum.values_by_number[0].name.endswith("_UNSPECIFIED"), enum.name
