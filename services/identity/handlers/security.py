"""The platform's protections: compromise lock (R-ID-5) and restrictions with a reason (R-ID-6)."""
from __future__ import annotations

from contracts.events.v1.identity import AccountChanged
from platformkit.errors import InvalidArgument, NotFound
from services.identity.domain import commands
from services.identity.domain.model import TEMPORARY, Account, Restriction
from services.identity.domain.tokens import new_id
from services.identity.handlers._shared import account_in_tenant, claim, earlier, settle

OPERATION_COMPROMISE, OPERATION_RESTRICT, OPERATION_LIFT = "ReportCompromise", "RestrictAccount", "LiftRestriction"


def report_compromise(cmd: commands.ReportCompromise, uow, cell_guard) -> Account:
    """R-ID-5: a reported compromise locks the account and revokes every session of it at once."""
    cell_guard.ensure_local(cmd.tenant_id)
    with uow:
        done = claim(uow, OPERATION_COMPROMISE, cmd, cmd.tenant_id)
        if done:
            return earlier(uow.accounts.get(done), "account")
        account = account_in_tenant(uow, cmd.tenant_id, cmd.account_id)
        now = uow.clock.now()
        uow.accounts.lock(account.account_id, now)
        uow.sessions.revoke_all(account.account_id, now)
        uow.publish(AccountChanged(tenant_id=cmd.tenant_id, account_id=account.account_id,
                                   change="locked", reason="compromise_reported"))
        settle(uow, OPERATION_COMPROMISE, cmd, account.account_id, cmd.tenant_id)
        locked = uow.accounts.get(account.account_id)
        uow.commit()
    return locked


def restrict_account(cmd: commands.RestrictAccount, uow, cell_guard) -> Restriction:
    """R-ID-6: the platform restricts an account, temporarily or for good, and records why."""
    cell_guard.ensure_local(cmd.tenant_id)
    with uow:
        done = claim(uow, OPERATION_RESTRICT, cmd, cmd.tenant_id)
        if done:
            return earlier(uow.restrictions.get(done), "restriction")
        now = uow.clock.now()
        if cmd.kind == TEMPORARY and cmd.until <= now:
            raise InvalidArgument.field("until", "must be in the future")
        account = account_in_tenant(uow, cmd.tenant_id, cmd.account_id)
        restriction = Restriction(restriction_id=new_id("r"), tenant_id=cmd.tenant_id, account_id=account.account_id,
                                  kind=cmd.kind, reason=cmd.reason, created_at=now, until=cmd.until)
        uow.restrictions.add(restriction)
        # The free-text reason stays in identity; the bus gets the kind only.
        uow.publish(AccountChanged(tenant_id=cmd.tenant_id, account_id=account.account_id,
                                   change="restricted", reason=cmd.kind))
        settle(uow, OPERATION_RESTRICT, cmd, restriction.restriction_id, cmd.tenant_id)
        uow.commit()
    return restriction


def lift_restriction(cmd: commands.LiftRestriction, uow, cell_guard) -> Restriction:
    cell_guard.ensure_local(cmd.tenant_id)
    with uow:
        restriction = uow.restrictions.get(cmd.restriction_id)
        if restriction is None or restriction.tenant_id != cmd.tenant_id:
            raise NotFound(f"restriction {cmd.restriction_id} is unknown in tenant {cmd.tenant_id}",
                           reason="RESTRICTION_NOT_FOUND")
        if claim(uow, OPERATION_LIFT, cmd, cmd.tenant_id) or restriction.lifted_at is not None:
            return restriction
        uow.restrictions.lift(restriction.restriction_id, uow.clock.now(), cmd.reason)
        uow.publish(AccountChanged(tenant_id=cmd.tenant_id, account_id=restriction.account_id,
                                   change="restriction_lifted"))
        settle(uow, OPERATION_LIFT, cmd, restriction.restriction_id, cmd.tenant_id)
        lifted = uow.restrictions.get(restriction.restriction_id)
        uow.commit()
    return lifted
