"""Activation links: minted when the first order is paid (R-ID-1), shown and flagged (R-ID-2)."""
from __future__ import annotations

from datetime import datetime

from contracts.events.v1.billing import OrderPaid
from platformkit.errors import FailedPrecondition, NotFound
from services.identity.domain import commands
from services.identity.domain.model import ACTIVATION_LINK_TTL, ActivationLink, RegistrationFlag, Tenant
from services.identity.domain.tokens import digest, new_id, new_token
from services.identity.handlers._shared import claim, earlier, settle

CONSUMER_ORDER_PAID = "identity.order_paid"
OPERATION_RESOLVE = "ResolveFlaggedRegistration"


def mint_link(uow, tenant: Tenant, order_id: str, now: datetime) -> tuple[ActivationLink, str]:
    """R-ID-1: single-use, expiring, bound to the company name; only the token's digest is kept."""
    token = new_token()
    link = ActivationLink(
        link_id=new_id("l"), tenant_id=tenant.tenant_id, company_name=tenant.company_name,
        order_id=order_id, created_at=now, expires_at=now + ACTIVATION_LINK_TTL,
    )
    uow.links.add(link, digest(token), token)
    return link, token


def on_order_paid(event: OrderPaid, event_id: str, uow) -> ActivationLink | None:
    """R-ID-1: a paid order of a client with no main account, no live link and no disputed
    company name (an open R-ID-2 flag) mints a link; a redelivery mints nothing."""
    with uow:
        if not uow.first_delivery(CONSUMER_ORDER_PAID, event_id):
            return None
        now = uow.clock.now()
        tenant = uow.tenants.get(event.tenant_id, for_update=True)
        if tenant is None:
            raise NotFound(f"tenant {event.tenant_id} is unknown to identity", reason="TENANT_NOT_FOUND")
        link = None
        if _awaits_link(uow, tenant.tenant_id, now):
            link, _token = mint_link(uow, tenant, event.order_id, now)
        uow.commit()
    return link


def _awaits_link(uow, tenant_id: str, now: datetime) -> bool:
    return (uow.accounts.main_of(tenant_id) is None and uow.links.live_of_tenant(tenant_id, now) is None
            and not uow.flags.open_flags(tenant_id))


def get_activation_link(tenant_id: str, uow, cell_guard) -> tuple[ActivationLink, str]:
    """The live link and its token, for the salesperson to hand to the client."""
    cell_guard.ensure_local(tenant_id)
    with uow:
        found = uow.links.pending_token(tenant_id, uow.clock.now())
    if found is None:
        raise NotFound(f"tenant {tenant_id} has no live activation link", reason="NO_LIVE_ACTIVATION_LINK")
    return found


def usable_link(uow, token: str, cell_guard) -> ActivationLink:
    """The link a token opens, if it is still usable (R-ID-1: single use, expiring)."""
    link = uow.links.by_token_hash(digest(token))
    if link is None:
        raise NotFound("this activation link is unknown", reason="ACTIVATION_LINK_UNKNOWN")
    cell_guard.ensure_local(link.tenant_id)
    link.ensure_usable(uow.clock.now())
    return link


def open_activation_link(token: str, uow, cell_guard) -> ActivationLink:
    """R-ID-2: the registration page shows the company name the link is bound to."""
    with uow:
        return usable_link(uow, token, cell_guard)


def open_flags(tenant_id: str, uow, cell_guard) -> list[RegistrationFlag]:
    """R-ID-2: the registrations stopped on a company-name mismatch, for one tenant or the whole cell."""
    if tenant_id:
        cell_guard.ensure_local(tenant_id)
    with uow:
        return uow.flags.open_flags(tenant_id or None)


def resolve_flag(cmd: commands.ResolveFlaggedRegistration, uow, cell_guard) -> tuple[ActivationLink, str]:
    """R-ID-2 follow-up: the salesperson corrects the company name and the client gets a new link."""
    cell_guard.ensure_local(cmd.tenant_id)
    with uow:
        now = uow.clock.now()
        if claim(uow, OPERATION_RESOLVE, cmd, cmd.tenant_id):
            return earlier(uow.links.pending_token(cmd.tenant_id, now), "activation link")
        flag = uow.flags.get(cmd.flag_id)
        if flag is None or flag.tenant_id != cmd.tenant_id:
            raise NotFound(f"flag {cmd.flag_id} is unknown in tenant {cmd.tenant_id}", reason="FLAG_NOT_FOUND")
        if flag.resolved_at is not None:
            raise FailedPrecondition("this flag is already resolved", reason="FLAG_RESOLVED")
        uow.tenants.rename(cmd.tenant_id, cmd.company_name)
        uow.flags.resolve(flag.flag_id, now)
        link, token = mint_link(uow, uow.tenants.get(cmd.tenant_id), uow.links.get(flag.link_id).order_id, now)
        settle(uow, OPERATION_RESOLVE, cmd, link.link_id, cmd.tenant_id)
        uow.commit()
    return link, token
