"""Sub-accounts: only the main account creates, manages and cancels them, within the seats (R-ID-4)."""
from __future__ import annotations

from dataclasses import dataclass

from contracts.events.v1.identity import AccountChanged
from platformkit.auth import SUB, Principal, require_main, require_tenant
from services.identity.domain import commands
from services.identity.domain.errors import EmailTaken
from services.identity.domain.model import Account
from services.identity.domain.seats import ensure_seat_free, seat_limit
from services.identity.domain.tokens import new_id
from services.identity.handlers._shared import claim, earlier, settle, sub_account_in_tenant

OPERATION_CREATE, OPERATION_RESET, OPERATION_CANCEL = "CreateSubAccount", "ResetSubAccountPassword", "CancelSubAccount"


@dataclass(frozen=True)
class AccountView:
    account: Account
    restricted: bool


def _main_of_tenant(actor: Principal, tenant_id: str, cell_guard) -> None:
    """R-ID-4: only the tenant's main account manages its accounts."""
    require_tenant(actor, tenant_id)
    require_main(actor)
    cell_guard.ensure_local(tenant_id)


def list_accounts(actor: Principal, tenant_id: str, uow, cell_guard) -> tuple[list[AccountView], int]:
    _main_of_tenant(actor, tenant_id, cell_guard)
    with uow:
        now = uow.clock.now()
        views = [
            AccountView(a, any(r.in_force(now) for r in uow.restrictions.of_account(a.account_id)))
            for a in uow.accounts.of_tenant(tenant_id)
        ]
        return views, seat_limit(uow.entitlements.of_tenant(tenant_id))


def create_sub_account(cmd: commands.CreateSubAccount, uow, passwords, cell_guard) -> Account:
    _main_of_tenant(cmd.actor, cmd.tenant_id, cell_guard)
    with uow:
        done = claim(uow, OPERATION_CREATE, cmd, cmd.tenant_id)
        if done:
            return earlier(uow.accounts.get(done), "account")
        uow.tenants.get(cmd.tenant_id, for_update=True)  # one seat count at a time per tenant
        # R-ID-4: the seats bound every account, the main one included.
        ensure_seat_free(uow.entitlements.of_tenant(cmd.tenant_id), uow.accounts.count_of_tenant(cmd.tenant_id))
        if uow.accounts.by_email(cmd.email) is not None:
            raise EmailTaken()
        account = Account(account_id=new_id("a"), tenant_id=cmd.tenant_id, email=cmd.email,
                          password_hash=passwords.hash(cmd.password), role=SUB, created_at=uow.clock.now())
        uow.accounts.add(account)
        uow.publish(AccountChanged(tenant_id=cmd.tenant_id, account_id=account.account_id, change="sub_account_created"))
        settle(uow, OPERATION_CREATE, cmd, account.account_id, cmd.tenant_id)
        uow.commit()
    return account


def reset_sub_account_password(cmd: commands.ResetSubAccountPassword, uow, passwords, cell_guard) -> Account:
    """The main account sets a new password; the sub-account's sessions end with the old one."""
    _main_of_tenant(cmd.actor, cmd.tenant_id, cell_guard)
    with uow:
        done = claim(uow, OPERATION_RESET, cmd, cmd.tenant_id)
        if done:
            return earlier(uow.accounts.get(done), "account")
        account = sub_account_in_tenant(uow, cmd.tenant_id, cmd.account_id)
        uow.accounts.set_password(account.account_id, passwords.hash(cmd.password))
        uow.sessions.revoke_all(account.account_id, uow.clock.now())
        uow.publish(AccountChanged(tenant_id=cmd.tenant_id, account_id=account.account_id, change="password_reset"))
        settle(uow, OPERATION_RESET, cmd, account.account_id, cmd.tenant_id)
        uow.commit()
    return account


def cancel_sub_account(cmd: commands.CancelSubAccount, uow, cell_guard) -> None:
    """Deletes the sub-account with its sessions, login records and links, irreversibly."""
    _main_of_tenant(cmd.actor, cmd.tenant_id, cell_guard)
    with uow:
        if claim(uow, OPERATION_CANCEL, cmd, cmd.tenant_id):
            return
        account = sub_account_in_tenant(uow, cmd.tenant_id, cmd.account_id)
        uow.accounts.delete(account.account_id)
        uow.publish(AccountChanged(tenant_id=cmd.tenant_id, account_id=account.account_id, change="sub_account_cancelled"))
        settle(uow, OPERATION_CANCEL, cmd, account.account_id, cmd.tenant_id)
        uow.commit()
