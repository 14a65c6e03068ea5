"""R-ID-11: the client asks for another of its accounts to become main; the platform decides."""
from __future__ import annotations

from dataclasses import replace

from contracts.events.v1.identity import AccountChanged
from platformkit.auth import MAIN, SUB, require_main, require_tenant
from platformkit.errors import FailedPrecondition, NotFound
from services.identity.domain import commands
from services.identity.domain.model import (
    REQUEST_APPROVED, REQUEST_PENDING, REQUEST_REJECTED, ReplacementRequest,
)
from services.identity.domain.tokens import new_id
from services.identity.handlers._shared import account_in_tenant, claim, earlier, settle, sub_account_in_tenant

OPERATION_REQUEST, OPERATION_DECIDE = "RequestMainAccountReplacement", "DecideMainAccountReplacement"


def request_replacement(cmd: commands.RequestMainAccountReplacement, uow, cell_guard) -> ReplacementRequest:
    require_tenant(cmd.actor, cmd.tenant_id)
    require_main(cmd.actor)
    cell_guard.ensure_local(cmd.tenant_id)
    with uow:
        done = claim(uow, OPERATION_REQUEST, cmd, cmd.tenant_id)
        if done:
            return earlier(uow.replacements.get(done), "replacement request")
        successor = sub_account_in_tenant(uow, cmd.tenant_id, cmd.new_account_id)
        if uow.replacements.pending_of_tenant(cmd.tenant_id) is not None:
            raise FailedPrecondition("a replacement request is already waiting for approval", reason="REPLACEMENT_PENDING")
        request = ReplacementRequest(request_id=new_id("rr"), tenant_id=cmd.tenant_id, from_account_id=cmd.actor.account_id,
                                     to_account_id=successor.account_id, requested_at=uow.clock.now())
        uow.replacements.add(request)
        settle(uow, OPERATION_REQUEST, cmd, request.request_id, cmd.tenant_id)
        uow.commit()
    return request


def decide_replacement(cmd: commands.DecideMainAccountReplacement, uow, cell_guard) -> ReplacementRequest:
    """On approval the successor becomes main and the former main account a sub-account."""
    cell_guard.ensure_local(cmd.tenant_id)
    with uow:
        done = claim(uow, OPERATION_DECIDE, cmd, cmd.tenant_id)
        if done:
            return earlier(uow.replacements.get(done), "replacement request")
        request = uow.replacements.get(cmd.request_id)
        if request is None or request.tenant_id != cmd.tenant_id:
            raise NotFound(f"replacement request {cmd.request_id} is unknown", reason="REPLACEMENT_NOT_FOUND")
        if request.status != REQUEST_PENDING:
            raise FailedPrecondition(f"this request is already {request.status}", reason="REPLACEMENT_DECIDED")
        if cmd.approve:
            _swap_main(uow, request)
        status, now = (REQUEST_APPROVED if cmd.approve else REQUEST_REJECTED), uow.clock.now()
        uow.replacements.decide(request.request_id, status, now)
        settle(uow, OPERATION_DECIDE, cmd, request.request_id, cmd.tenant_id)
        uow.commit()
    return replace(request, status=status, decided_at=now)


def _swap_main(uow, request: ReplacementRequest) -> None:
    predecessor = account_in_tenant(uow, request.tenant_id, request.from_account_id)
    successor = sub_account_in_tenant(uow, request.tenant_id, request.to_account_id)
    if not predecessor.is_main:
        raise FailedPrecondition("the requesting account is no longer the main account", reason="NOT_MAIN_ACCOUNT")
    uow.accounts.set_role(predecessor.account_id, SUB)  # first: one main account per tenant at any time
    uow.accounts.set_role(successor.account_id, MAIN)
    for account_id, change in ((successor.account_id, "became_main"), (predecessor.account_id, "became_sub")):
        uow.publish(AccountChanged(tenant_id=request.tenant_id, account_id=account_id, change=change))
