"""R-ID-11: a main account is replaced by another account of the same client after platform approval."""
import pytest

from contracts.events.v1.identity import AccountChanged
from platformkit.errors import FailedPrecondition, NotFound, PermissionDenied
from services.identity.domain import commands
from services.identity.handlers import replacement, sessions

from .world import key

SALES = "sales@acme-trading.example"


def _request(world, actor, new_account_id):
    cmd = commands.RequestMainAccountReplacement(actor=actor, tenant_id=actor.tenant_id,
                                                 new_account_id=new_account_id, idempotency_key=key())
    return replacement.request_replacement(cmd, world.uow, world.cell_guard)


def _decide(world, request, approve=True):
    cmd = commands.DecideMainAccountReplacement(tenant_id=request.tenant_id, request_id=request.request_id,
                                                approve=approve, idempotency_key=key())
    return replacement.decide_replacement(cmd, world.uow, world.cell_guard)


@pytest.fixture
def pair(world):
    _tenant_id, main = world.onboard()
    sub = world.add_sub(main, SALES)
    return main, sub


def test_after_approval_the_other_account_is_main_and_the_old_one_a_sub_account_R_ID_11(world, pair):
    main, sub = pair
    request = _request(world, main, sub.account_id)
    assert world.state.accounts[sub.account_id].role == "sub"

    decided = _decide(world, request)

    assert decided.status == "approved"
    assert world.state.accounts[sub.account_id].role == "main"
    assert world.state.accounts[main.account_id].role == "sub"
    assert sessions.authenticate(world.login(SALES).token, world.uow).role == "main"
    assert {(e.account_id, e.change) for e in world.events(AccountChanged)} >= {
        (sub.account_id, "became_main"), (main.account_id, "became_sub")}


def test_a_rejected_request_changes_no_role_R_ID_11(world, pair):
    main, sub = pair

    _decide(world, _request(world, main, sub.account_id), approve=False)

    assert world.state.accounts[main.account_id].role == "main"


def test_only_the_main_account_asks_for_its_replacement_R_ID_11(world, pair):
    _main, sub = pair
    sub_actor = world.sign_in(SALES)

    with pytest.raises(PermissionDenied):
        _request(world, sub_actor, sub.account_id)


def test_the_successor_must_be_an_account_of_the_same_client_R_ID_11(world, pair):
    main, _sub = pair
    _other_tenant, other_main = world.onboard("owner@other-co.example")

    with pytest.raises(NotFound):
        _request(world, main, other_main.account_id)


def test_a_request_is_decided_once_R_ID_11(world, pair):
    main, sub = pair
    request = _request(world, main, sub.account_id)
    _decide(world, request)

    with pytest.raises(FailedPrecondition):
        _decide(world, request, approve=False)


def test_one_replacement_request_waits_at_a_time_R_ID_11(world, pair):
    main, sub = pair
    _request(world, main, sub.account_id)

    with pytest.raises(FailedPrecondition) as refused:
        _request(world, main, sub.account_id)
    assert refused.value.reason == "REPLACEMENT_PENDING"
