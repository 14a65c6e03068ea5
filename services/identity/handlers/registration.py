"""Registering the main account through an activation link (R-ID-2, R-ID-3, R-ID-10)."""
from __future__ import annotations

from dataclasses import dataclass

from contracts.events.v1.identity import MainAccountRegistered
from platformkit.auth import MAIN
from services.identity.domain import commands
from services.identity.domain.errors import EmailTaken, MainAccountExists
from services.identity.domain.free_mail import ensure_acknowledged, is_free_mail
from services.identity.domain.model import LINK_FLAGGED, LINK_USED, Account, ActivationLink, RegistrationFlag
from services.identity.domain.tokens import new_id
from services.identity.handlers._shared import claim, earlier, settle
from services.identity.handlers.activation import usable_link

OPERATION = "Register"
REGISTERED, FLAGGED = "registered", "flagged"


@dataclass(frozen=True)
class Registration:
    outcome: str
    tenant_id: str
    account_id: str = ""
    flag_id: str = ""


def register(cmd: commands.Register, uow, passwords, cell_guard) -> Registration:
    with uow:
        done = claim(uow, OPERATION, cmd)
        if done:
            return _earlier(uow, done)
        link = usable_link(uow, cmd.token, cell_guard)
        if cmd.company_name_confirmed:
            result = _register_main_account(cmd, uow, passwords, link)
        else:
            result = _flag_for_salesperson(uow, link)
        settle(uow, OPERATION, cmd, f"{result.outcome}:{result.account_id or result.flag_id}")
        uow.commit()
    return result


def _flag_for_salesperson(uow, link: ActivationLink) -> Registration:
    """R-ID-2: the registrant says the company name is not theirs: stop, and flag the case."""
    now = uow.clock.now()
    flag = RegistrationFlag(flag_id=new_id("f"), tenant_id=link.tenant_id, link_id=link.link_id,
                            company_name_shown=link.company_name, flagged_at=now)
    uow.flags.add(flag)
    uow.links.retire(link.link_id, LINK_FLAGGED, now)
    return Registration(FLAGGED, link.tenant_id, flag_id=flag.flag_id)


def _register_main_account(cmd: commands.Register, uow, passwords, link: ActivationLink) -> Registration:
    """R-ID-3: the first registered email becomes the main account."""
    now = uow.clock.now()
    uow.tenants.get(link.tenant_id, for_update=True)
    if uow.accounts.main_of(link.tenant_id) is not None:
        raise MainAccountExists()
    ensure_acknowledged(cmd.email, cmd.free_mail_acknowledged)  # R-ID-3
    if uow.accounts.by_email(cmd.email) is not None:
        raise EmailTaken()
    acknowledged = is_free_mail(cmd.email) and cmd.free_mail_acknowledged
    account = Account(
        account_id=new_id("a"), tenant_id=link.tenant_id, email=cmd.email,
        password_hash=passwords.hash(cmd.password),  # R-ID-10
        role=MAIN, created_at=now, free_mail_acknowledged_at=now if acknowledged else None,
    )
    uow.accounts.add(account)
    uow.links.retire(link.link_id, LINK_USED, now)  # R-ID-1: single use
    uow.publish(MainAccountRegistered(tenant_id=account.tenant_id, account_id=account.account_id,
                                      free_mail_acknowledged=acknowledged))
    return Registration(REGISTERED, account.tenant_id, account_id=account.account_id)


def _earlier(uow, result_ref: str) -> Registration:
    outcome, _, ref_id = result_ref.partition(":")
    if outcome == FLAGGED:
        return Registration(FLAGGED, earlier(uow.flags.get(ref_id), "flag").tenant_id, flag_id=ref_id)
    return Registration(REGISTERED, earlier(uow.accounts.get(ref_id), "account").tenant_id, account_id=ref_id)
