"""Hostile input over every RPC of every service (issue 4): random and boundary requests get OK or
a deliberate status -- never INTERNAL or UNKNOWN -- and a refused call changes no table.

The servicers run in-process over real gRPC against the real PostgreSQL; at least 200 examples
per RPC here, more with `make fuzz` (HYPOTHESIS_PROFILE=fuzz).
"""
from __future__ import annotations

import os

import grpc
import pytest
from google.protobuf import message_factory
from hypothesis import HealthCheck, given, settings

from platformkit import topology
from platformkit.auth import MAIN, Principal
from platformkit.service import spec_of
from platformkit.testing import StaticAuthenticator, make_settings, serve_in_process, table_counts
from tests.fuzz.strategies import LOCAL_TENANT, OTHER_CELL_TENANT, message

pytestmark = pytest.mark.integration
EXAMPLES = 2000 if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz" else 200
DELIBERATE = {
    grpc.StatusCode.OK, grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.NOT_FOUND,
    grpc.StatusCode.FAILED_PRECONDITION, grpc.StatusCode.PERMISSION_DENIED, grpc.StatusCode.ALREADY_EXISTS,
    grpc.StatusCode.RESOURCE_EXHAUSTED, grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.OUT_OF_RANGE,
}
# A refused call may still leave a trace where a rule demands one: failed logins are login records
# (R-ID-9) and refusals may be audited through the outbox (R-AUD-1).
MAY_WRITE_ON_REFUSAL = {"outbox", "login_records", "login_attempts"}
TOKEN = "fuzz-session-token"


def rpcs():
    for service in topology.load().services:
        spec = spec_of(service)
        for full_name in spec.grpc_service_names:
            from google.protobuf import descriptor_pool

            svc = descriptor_pool.Default().FindServiceByName(full_name)
            for method in svc.methods:
                yield pytest.param(service, method, id=f"{service}.{method.name}")


def fake_peers(service: str) -> dict:
    """Peers a service calls over gRPC are out of scope here: fakes of our own ports stand in."""
    if service != "identity":
        return {}
    from services.identity.adapters.clients import Peers
    from tests.unit.identity.fakes import FakeBilling, FakeDataVault, FakeEntitlement

    return {"peers": Peers(billing=FakeBilling(), entitlement=FakeEntitlement(), data_vault=FakeDataVault())}


@pytest.fixture
def served(request, service_db, directory, clock):
    service = request.node.callspec.params["service"]
    engine = service_db(service, "sg")
    directory.register(LOCAL_TENANT, "intl", clock.now())
    directory.register(OTHER_CELL_TENANT, "prc", clock.now())
    spec = spec_of(service)
    app = spec.bootstrap(make_settings(service, "sg"), clock, **fake_peers(service))
    if hasattr(app, "authenticator") and service != "identity":
        app.authenticator = StaticAuthenticator({TOKEN: Principal(LOCAL_TENANT, "a_main", MAIN, "s_1")})
    with serve_in_process(spec, make_settings(service, "sg"), app) as channel:
        yield engine, channel
    app.close()


@pytest.mark.parametrize("service,method", list(rpcs()))
def test_hostile_requests_get_a_deliberate_status_and_refusals_change_nothing(service, method, served):
    engine, channel = served
    call = channel.unary_unary(
        f"/{method.containing_service.full_name}/{method.name}",
        request_serializer=lambda m: m.SerializeToString(),
        response_deserializer=message_factory.GetMessageClass(method.output_type).FromString,
    )

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
    @given(request=message(method.input_type, message_factory.GetMessageClass))
    def check(request):
        before = table_counts(engine)
        try:
            call(request, timeout=10, metadata=[("authorization", f"Bearer {TOKEN}")])
            code = grpc.StatusCode.OK
        except grpc.RpcError as error:
            code = error.code()
            assert code in DELIBERATE, f"{method.full_name} answered {code}: {error.details()}"
        if code != grpc.StatusCode.OK:
            after = table_counts(engine)
            changed = {t for t in before if before[t] != after.get(t)} - MAY_WRITE_ON_REFUSAL
            assert not changed, f"{method.full_name} refused with {code} but changed {changed}"

    check()
