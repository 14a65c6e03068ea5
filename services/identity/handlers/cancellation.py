"""Cancelling every account of a tenant: on the main account's request (R-ID-7), or by the platform
when the tenant has not reordered 6 months after expiry or its trial ended (R-ID-8)."""
from __future__ import annotations

from contracts.events.v1.entitlement import TenantPurgeDue, TrialEnded
from contracts.events.v1.identity import TenantCancelled
from platformkit.auth import require_main, require_tenant
from services.identity.domain import commands
from services.identity.domain.cancellation import MAIN_ACCOUNT_CANCELLED, PURGE_DUE, TRIAL_ENDED, ensure_cancellable
from services.identity.domain.seats import only_trials
from services.identity.handlers._shared import claim, settle

OPERATION = "CancelMainAccount"
CONSUMER_PURGE_DUE, CONSUMER_TRIAL_ENDED = "identity.tenant_purge_due", "identity.trial_ended"


def erase_tenant(uow, tenant_id: str, reason: str) -> int:
    """Hard-deletes every account with its content, and every activation link, irreversibly.

    The tenant row (id, jurisdiction, company name) stays: the client may order again.
    """
    accounts = uow.accounts.delete_tenant(tenant_id)
    links = uow.links.delete_tenant(tenant_id)
    if accounts or links:
        uow.publish(TenantCancelled(tenant_id=tenant_id, reason=reason))
    return accounts


def cancel_main_account(cmd: commands.CancelMainAccount, uow, peers, cell_guard) -> int:
    """R-ID-7: no debt, no running service, data settled; then everything goes. Returns accounts deleted."""
    require_tenant(cmd.actor, cmd.tenant_id)
    require_main(cmd.actor)
    cell_guard.ensure_local(cmd.tenant_id)
    with uow:
        done = claim(uow, OPERATION, cmd, cmd.tenant_id)
        if done:
            return int(done)
        ensure_cancellable(peers.cancellation_facts(cmd.tenant_id))
        deleted = erase_tenant(uow, cmd.tenant_id, MAIN_ACCOUNT_CANCELLED)
        settle(uow, OPERATION, cmd, str(deleted), cmd.tenant_id)
        uow.commit()
    return deleted


def on_tenant_purge_due(event: TenantPurgeDue, event_id: str, uow) -> int:
    """R-ID-8: no reorder within 6 months after expiry: every account is cancelled, no preconditions."""
    with uow:
        if not uow.first_delivery(CONSUMER_PURGE_DUE, event_id):
            return 0
        deleted = erase_tenant(uow, event.tenant_id, PURGE_DUE)
        uow.commit()
    return deleted


def on_trial_ended(event: TrialEnded, event_id: str, uow) -> int:
    """R-ID-8: trial accounts are reclaimed when the trial ends; a client who ever paid keeps its accounts."""
    with uow:
        if not uow.first_delivery(CONSUMER_TRIAL_ENDED, event_id):
            return 0
        others = [e for e in uow.entitlements.of_tenant(event.tenant_id) if e.entitlement_id != event.entitlement_id]
        deleted = erase_tenant(uow, event.tenant_id, TRIAL_ENDED) if only_trials(others) else 0
        uow.commit()
    return deleted
