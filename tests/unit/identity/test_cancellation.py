"""Cancelling a tenant's accounts: by the main account once nothing is pending (R-ID-7), by the
platform 6 months after expiry or when a trial ends (R-ID-8)."""
from datetime import date

import pytest

from contracts.events.v1.entitlement import TenantPurgeDue, TrialEnded
from contracts.events.v1.identity import TenantCancelled
from platformkit.errors import FailedPrecondition, PermissionDenied, Unauthenticated
from services.identity.domain import commands
from services.identity.handlers import cancellation, sessions

from .world import key


def _cancel_main(world, actor, idempotency_key=""):
    cmd = commands.CancelMainAccount(actor=actor, tenant_id=actor.tenant_id, idempotency_key=idempotency_key or key())
    return cancellation.cancel_main_account(cmd, world.uow, world.peers, world.cell_guard)


@pytest.fixture
def tenant(world):
    """A tenant with a main account, a sub-account, their sessions and login records."""
    tenant_id, main = world.onboard()
    world.add_sub(main, "sales@acme-trading.example")
    world.login("sales@acme-trading.example")
    return tenant_id, main


def _holds_nothing(world, tenant_id):
    s = world.state
    return (not [a for a in s.accounts.values() if a.tenant_id == tenant_id]
            and not [x for x, _ in s.sessions.values() if x.tenant_id == tenant_id]
            and not [r for r in s.logins if r.tenant_id == tenant_id]
            and not [link for link, _ in s.links.values() if link.tenant_id == tenant_id])


@pytest.mark.parametrize("condition, reason", [
    ("debt", "OUTSTANDING_DEBT"), ("running", "SERVICE_RUNNING"), ("unsettled", "DATA_NOT_SETTLED")])
def test_each_unmet_condition_blocks_the_cancellation_and_is_named_R_ID_7(world, tenant, condition, reason):
    _tenant_id, main = tenant
    world.billing.has_debt = condition == "debt"
    world.entitlement.running = condition == "running"
    world.vault.settled = condition != "unsettled"
    before = world.state.sizes()

    with pytest.raises(FailedPrecondition) as refused:
        _cancel_main(world, main)

    assert refused.value.reason == reason
    assert world.state.sizes() == before


def test_every_unmet_condition_is_listed_R_ID_7(world, tenant):
    _tenant_id, main = tenant
    world.billing.has_debt, world.entitlement.running, world.vault.settled = True, True, False

    with pytest.raises(FailedPrecondition) as refused:
        _cancel_main(world, main)

    assert refused.value.metadata["unmet"] == "OUTSTANDING_DEBT,SERVICE_RUNNING,DATA_NOT_SETTLED"


def test_cancelling_deletes_every_account_and_its_content_irreversibly_R_ID_7(world, tenant):
    tenant_id, main = tenant
    token = world.login().token

    assert _cancel_main(world, main) == 2

    assert _holds_nothing(world, tenant_id)
    assert world.events(TenantCancelled) == [TenantCancelled(tenant_id=tenant_id, reason="main_account_cancelled")]
    with pytest.raises(Unauthenticated):
        sessions.authenticate(token, world.uow)


def test_a_sub_account_cannot_cancel_the_main_account_R_ID_7(world, tenant):
    _tenant_id, main = tenant
    sub = world.sign_in("sales@acme-trading.example")

    with pytest.raises(PermissionDenied):
        _cancel_main(world, sub)


def test_a_retried_cancellation_changes_nothing_more(world, tenant):
    _tenant_id, main = tenant
    _cancel_main(world, main, "k-1")
    before = world.state.sizes()

    assert _cancel_main(world, main, "k-1") == 2
    assert world.state.sizes() == before
    assert len(world.events(TenantCancelled)) == 1


def _purge_due(tenant_id):
    return TenantPurgeDue(tenant_id=tenant_id, expired_on=date(2025, 7, 1), purge_on=date(2026, 1, 1))


def test_a_purge_due_cancels_every_account_without_preconditions_R_ID_8(world, tenant):
    tenant_id, _main = tenant
    world.billing.has_debt = True

    cancellation.on_tenant_purge_due(_purge_due(tenant_id), "evt-1", world.uow)

    assert _holds_nothing(world, tenant_id)
    assert world.events(TenantCancelled)[-1].reason == "purge_due"


def test_a_redelivered_purge_due_changes_nothing_R_ID_8(world, tenant):
    tenant_id, _main = tenant
    cancellation.on_tenant_purge_due(_purge_due(tenant_id), "evt-1", world.uow)
    before = world.state.sizes()

    cancellation.on_tenant_purge_due(_purge_due(tenant_id), "evt-1", world.uow)

    assert world.state.sizes() == before
    assert len(world.events(TenantCancelled)) == 1


def test_a_purge_due_for_a_tenant_holding_nothing_announces_nothing_R_ID_8(world):
    tenant = world.create_tenant()

    cancellation.on_tenant_purge_due(_purge_due(tenant.tenant_id), "evt-1", world.uow)

    assert world.events(TenantCancelled) == []


def test_trial_accounts_are_reclaimed_when_the_trial_ends_R_ID_8(world):
    tenant_id, _main = world.onboard(trial=True)

    cancellation.on_trial_ended(TrialEnded(tenant_id=tenant_id, entitlement_id="e-1", ended_on=date(2026, 1, 20)),
                                "evt-1", world.uow)

    assert _holds_nothing(world, tenant_id)
    assert world.events(TenantCancelled)[-1].reason == "trial_ended"


def test_a_client_who_paid_keeps_its_accounts_when_a_trial_ends_R_ID_8(world):
    tenant_id, _main = world.onboard()
    world.grant(tenant_id, 3, entitlement_id="e-trial", trial=True)

    cancellation.on_trial_ended(TrialEnded(tenant_id=tenant_id, entitlement_id="e-trial", ended_on=date(2026, 1, 20)),
                                "evt-1", world.uow)

    assert world.state.accounts
    assert world.events(TenantCancelled) == []
