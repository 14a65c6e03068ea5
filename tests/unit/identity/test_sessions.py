"""Logins and sessions: login records (R-ID-9), compromise lock (R-ID-5), restrictions (R-ID-6),
third-party logins (R-ID-10)."""
from datetime import timedelta

import pytest

from contracts.events.v1.identity import LoginRecorded
from platformkit.errors import AlreadyExists, InvalidArgument, PermissionDenied, Unauthenticated
from services.identity.domain import commands
from services.identity.domain.tokens import subject_digest
from services.identity.handlers import security, sessions

from .world import MAIN_EMAIL, key

OPENID = "oWx-8f3kDm2Q9vZ0aLp7sR1tY4uI"


@pytest.fixture
def onboarded(world):
    return world.onboard()


def _restrict(world, main, kind="temporary", until=None, reason="impersonating another client"):
    cmd = commands.RestrictAccount(tenant_id=main.tenant_id, account_id=main.account_id, kind=kind,
                                   until=until, reason=reason, idempotency_key=key())
    return security.restrict_account(cmd, world.uow, world.cell_guard)


def test_a_login_records_time_ip_and_device_in_identity_R_ID_9(world, onboarded):
    _tenant_id, main = onboarded

    records = [r for r in world.state.logins if r.account_id == main.account_id]

    assert [(r.outcome, r.ip, r.device, r.at) for r in records] == [
        ("success", "203.0.113.7", "Firefox 140 on Linux", world.clock.now())]


def test_login_recorded_on_the_bus_carries_the_day_and_no_ip_R_ID_9(world, onboarded):
    (event,) = world.events(LoginRecorded)

    assert event.on == world.clock.today()
    assert "203.0.113.7" not in repr(event) and MAIN_EMAIL not in repr(event)


def test_unknown_email_and_wrong_password_get_the_same_answer_and_are_both_recorded_R_ID_9(world, onboarded):
    with pytest.raises(Unauthenticated) as unknown:
        world.login("nobody@acme-trading.example")
    with pytest.raises(Unauthenticated) as wrong:
        world.login(MAIN_EMAIL, "not the password")

    assert (unknown.value.reason, unknown.value.message) == (wrong.value.reason, wrong.value.message)
    assert [r.outcome for r in world.state.logins][-2:] == ["unknown_account", "wrong_password"]
    assert world.passwords.burned == 1  # the unknown email costs a hash verification too


def test_a_session_authenticates_until_it_expires(world, onboarded):
    signed_in = world.login()

    world.clock.advance(hours=12)

    with pytest.raises(Unauthenticated):
        sessions.authenticate(signed_in.token, world.uow)


def test_logout_revokes_the_session(world, onboarded):
    _tenant_id, main = onboarded
    signed_in = world.login()
    actor = sessions.authenticate(signed_in.token, world.uow)

    sessions.logout(commands.Logout(actor=actor), world.uow)

    with pytest.raises(Unauthenticated):
        sessions.authenticate(signed_in.token, world.uow)
    assert sessions.authenticate(world.login().token, world.uow).account_id == main.account_id


def test_a_reported_compromise_locks_the_account_and_revokes_every_session_at_once_R_ID_5(world, onboarded):
    tenant_id, main = onboarded
    tokens = [world.login().token for _ in range(3)]

    locked = security.report_compromise(
        commands.ReportCompromise(tenant_id=tenant_id, account_id=main.account_id, idempotency_key=key()),
        world.uow, world.cell_guard)

    assert locked.locked_at == world.clock.now()
    for token in tokens:
        with pytest.raises(Unauthenticated):
            sessions.authenticate(token, world.uow)
    assert all(s.revoked_at for s, _ in world.state.sessions.values())
    with pytest.raises(PermissionDenied) as refused:
        world.login()
    assert refused.value.reason == "ACCOUNT_LOCKED"


def test_a_restricted_account_can_neither_log_in_nor_authenticate_R_ID_6(world, onboarded):
    _tenant_id, main = onboarded
    token = world.login().token

    _restrict(world, main, kind="permanent")

    with pytest.raises(PermissionDenied) as refused:
        world.login()
    assert refused.value.reason == "ACCOUNT_RESTRICTED"
    with pytest.raises(PermissionDenied):
        sessions.authenticate(token, world.uow)
    assert world.state.logins[-1].outcome == "account_restricted"


def test_every_restriction_records_its_reason_R_ID_6(world, onboarded):
    _tenant_id, main = onboarded

    restriction = _restrict(world, main, kind="permanent", reason="sells access to third parties")

    assert world.state.restrictions[restriction.restriction_id].reason == "sells access to third parties"


def test_a_temporary_restriction_ends_at_its_time_R_ID_6(world, onboarded):
    _tenant_id, main = onboarded
    _restrict(world, main, until=world.clock.now() + timedelta(days=3))

    world.clock.advance(days=3)

    assert world.login().session.account_id == main.account_id


def test_a_temporary_restriction_must_end_in_the_future_R_ID_6(world, onboarded):
    _tenant_id, main = onboarded

    with pytest.raises(InvalidArgument) as refused:
        _restrict(world, main, until=world.clock.now())
    assert refused.value.violations[0].field == "until"
    assert world.state.restrictions == {}


def test_a_lifted_restriction_lets_the_account_authenticate_again_R_ID_6(world, onboarded):
    tenant_id, main = onboarded
    restriction = _restrict(world, main, kind="permanent")

    lifted = security.lift_restriction(
        commands.LiftRestriction(tenant_id=tenant_id, restriction_id=restriction.restriction_id,
                                 reason="identity verified", idempotency_key=key()),
        world.uow, world.cell_guard)

    assert lifted.lifted_at == world.clock.now()
    assert world.login().session.account_id == main.account_id


def _link(world, actor, subject=OPENID):
    cmd = commands.LinkThirdPartyLogin(actor=actor, provider="wechat", subject=subject, idempotency_key=key())
    return sessions.link_third_party(cmd, world.uow)


def _third_party_login(world, subject=OPENID):
    cmd = commands.LoginWithThirdParty(provider="wechat", subject=subject, ip="198.51.100.4", device="WeChat")
    return sessions.login_with_third_party(cmd, world.uow)


def test_a_wechat_openid_links_to_the_existing_account_and_signs_in_to_it_R_ID_10(world, onboarded):
    _tenant_id, main = onboarded

    _link(world, main)

    assert _third_party_login(world).session.account_id == main.account_id
    assert list(world.state.third_party) == [("wechat", subject_digest("wechat", OPENID))]


def test_an_unlinked_third_party_login_creates_no_account_R_ID_10(world, onboarded):
    accounts_before = dict(world.state.accounts)

    with pytest.raises(Unauthenticated):
        _third_party_login(world, "oWx-never-linked")

    assert world.state.accounts == accounts_before
    assert world.state.logins[-1].outcome == "unknown_account"


def test_a_third_party_login_linked_to_another_account_is_refused_R_ID_10(world, onboarded):
    _tenant_id, main = onboarded
    _link(world, main)
    sub = world.add_sub(main, "sales@acme-trading.example")
    sub_actor = world.sign_in(sub.email)

    with pytest.raises(AlreadyExists):
        _link(world, sub_actor)


def test_revoking_sessions_ends_every_session_of_the_account(world, onboarded):
    tenant_id, main = onboarded
    token = world.login().token

    revoked = sessions.revoke_sessions(
        commands.RevokeSessions(actor=main, tenant_id=tenant_id, account_id=main.account_id, idempotency_key=key()),
        world.uow)

    assert revoked == 2  # the onboarding session and this one
    with pytest.raises(Unauthenticated):
        sessions.authenticate(token, world.uow)


def test_a_sub_account_cannot_revoke_another_accounts_sessions(world, onboarded):
    tenant_id, main = onboarded
    sub = world.sign_in(world.add_sub(main, "sales@acme-trading.example").email)

    with pytest.raises(PermissionDenied):
        sessions.revoke_sessions(
            commands.RevokeSessions(actor=sub, tenant_id=tenant_id, account_id=main.account_id, idempotency_key=key()),
            world.uow)
