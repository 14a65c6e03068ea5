"""Sub-accounts: only the main account creates, manages and cancels them, within the seats (R-ID-4)."""
from datetime import date

import pytest

from contracts.events.v1.entitlement import EntitlementStateChanged
from contracts.events.v1.identity import AccountChanged
from platformkit.errors import FailedPrecondition, PermissionDenied, Unauthenticated
from services.identity.domain import commands
from services.identity.handlers import accounts, entitlements, sessions

from .world import PASSWORD, key

SALES = "sales@acme-trading.example"


def _cancel(world, actor, account_id, idempotency_key=""):
    cmd = commands.CancelSubAccount(actor=actor, tenant_id=actor.tenant_id, account_id=account_id,
                                    idempotency_key=idempotency_key or key())
    accounts.cancel_sub_account(cmd, world.uow, world.cell_guard)


def test_the_main_account_creates_a_sub_account_R_ID_4(world):
    _tenant_id, main = world.onboard()

    sub = world.add_sub(main, SALES)

    assert (sub.role, sub.tenant_id) == ("sub", main.tenant_id)
    assert world.events(AccountChanged)[-1].change == "sub_account_created"


def test_a_sub_account_cannot_create_sub_accounts_R_ID_4(world):
    _tenant_id, main = world.onboard()
    sub = world.sign_in(world.add_sub(main, SALES).email)

    with pytest.raises(PermissionDenied) as refused:
        world.add_sub(sub, "intern@acme-trading.example")
    assert refused.value.reason == "MAIN_ACCOUNT_REQUIRED"


def test_another_tenants_main_account_cannot_create_sub_accounts_here_R_ID_4(world):
    tenant_id, _main = world.onboard()
    _other_tenant, other_main = world.onboard("owner@other-co.example")

    with pytest.raises(PermissionDenied) as refused:
        accounts.create_sub_account(
            commands.CreateSubAccount(actor=other_main, tenant_id=tenant_id, email=SALES, password=PASSWORD,
                                      idempotency_key=key()),
            world.uow, world.passwords, world.cell_guard)
    assert refused.value.reason == "CROSS_TENANT"


def test_seats_bound_the_accounts_the_main_account_included_R_ID_4(world):
    _tenant_id, main = world.onboard(seats=3)
    world.add_sub(main, "one@acme-trading.example")
    world.add_sub(main, "two@acme-trading.example")
    before = world.state.sizes()

    with pytest.raises(FailedPrecondition) as refused:
        world.add_sub(main, "three@acme-trading.example")

    assert refused.value.reason == "SEATS_EXHAUSTED"
    assert world.state.sizes() == before


def test_seats_are_the_largest_among_active_entitlements_R_ID_4(world):
    tenant_id, main = world.onboard(seats=1)
    world.grant(tenant_id, 2, entitlement_id="e-2")
    world.grant(tenant_id, 9, entitlement_id="e-old", state="expired")

    world.add_sub(main, "one@acme-trading.example")
    with pytest.raises(FailedPrecondition):
        world.add_sub(main, "two@acme-trading.example")


def test_a_late_older_entitlement_change_does_not_overwrite_a_newer_one_R_ID_4(world):
    tenant_id, main = world.onboard(seats=2)
    world.grant(tenant_id, 2, state="expired", on=date(2027, 1, 5))
    world.grant(tenant_id, 2, state="active", on=date(2026, 1, 5))

    with pytest.raises(FailedPrecondition):
        world.add_sub(main, "one@acme-trading.example")


def test_a_redelivered_entitlement_change_is_applied_once(world):
    tenant_id, _main = world.onboard(seats=2)
    event = EntitlementStateChanged(tenant_id=tenant_id, entitlement_id="e-1", product="crm", from_state="active",
                                    to_state="active", reason="add_on", seats=5, trial=False, on=date(2026, 1, 6))
    entitlements.on_entitlement_state_changed(event, "evt-9", world.uow)
    world.grant(tenant_id, 3, on=date(2026, 1, 6))

    entitlements.on_entitlement_state_changed(event, "evt-9", world.uow)

    assert world.state.entitlements["e-1"].seats == 3


def test_the_seat_count_is_listed_with_the_accounts_R_ID_4(world):
    tenant_id, main = world.onboard(seats=4)
    world.add_sub(main, SALES)

    views, seats = accounts.list_accounts(main, tenant_id, world.uow, world.cell_guard)

    assert seats == 4
    assert sorted(v.account.role for v in views) == ["main", "sub"]


def test_a_retried_create_sub_account_creates_one_account(world):
    _tenant_id, main = world.onboard()
    first = world.add_sub(main, SALES, idempotency_key="k-1")
    before = world.state.sizes()

    assert world.add_sub(main, SALES, idempotency_key="k-1") == first
    assert world.state.sizes() == before


def test_the_main_account_cancels_a_sub_account_with_its_sessions_and_login_records_R_ID_4(world):
    _tenant_id, main = world.onboard()
    sub = world.add_sub(main, SALES)
    token = world.login(SALES).token

    _cancel(world, main, sub.account_id)

    assert sub.account_id not in world.state.accounts
    assert not [r for r in world.state.logins if r.account_id == sub.account_id]
    with pytest.raises(Unauthenticated):
        sessions.authenticate(token, world.uow)


def test_a_sub_account_cannot_cancel_a_sub_account_R_ID_4(world):
    _tenant_id, main = world.onboard()
    sub = world.sign_in(world.add_sub(main, SALES).email)
    other = world.add_sub(main, "other@acme-trading.example")

    with pytest.raises(PermissionDenied):
        _cancel(world, sub, other.account_id)
    assert other.account_id in world.state.accounts


def test_the_main_account_is_not_cancelled_as_a_sub_account(world):
    _tenant_id, main = world.onboard()

    with pytest.raises(FailedPrecondition) as refused:
        _cancel(world, main, main.account_id)
    assert refused.value.reason == "NOT_A_SUB_ACCOUNT"


def test_the_main_account_resets_a_sub_accounts_password_and_ends_its_sessions_R_ID_4(world):
    _tenant_id, main = world.onboard()
    sub = world.add_sub(main, SALES)
    token = world.login(SALES).token

    accounts.reset_sub_account_password(
        commands.ResetSubAccountPassword(actor=main, tenant_id=main.tenant_id, account_id=sub.account_id,
                                         password="a brand new passphrase", idempotency_key=key()),
        world.uow, world.passwords, world.cell_guard)

    with pytest.raises(Unauthenticated):
        sessions.authenticate(token, world.uow)
    assert world.login(SALES, "a brand new passphrase").session.account_id == sub.account_id
