"""What several handlers share: idempotency claims and finding an account inside its tenant."""
from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

from platformkit.auth import Principal
from platformkit.db import fingerprint
from platformkit.errors import FailedPrecondition, NotFound
from services.identity.domain.commands import DIGEST, OMIT
from services.identity.domain.model import Account
from services.identity.domain.tokens import digest

T = TypeVar("T")


def request_fingerprint(cmd: Any) -> str:
    """The command as an idempotency fingerprint: passwords left out (R-ID-10), tokens digested."""
    values = {}
    for f in dataclasses.fields(cmd):
        value, treatment = getattr(cmd, f.name), f.metadata.get("fingerprint")
        if treatment == OMIT:
            continue
        if treatment == DIGEST:
            value = digest(value)
        if isinstance(value, Principal):
            value = value.account_id
        values[f.name] = value
    return fingerprint(values)


def claim(uow, operation: str, cmd: Any, tenant_id: str = "") -> str | None:
    """The result of an earlier call with this idempotency key, or None for a first call."""
    return uow.idempotency.claim(_scope(operation, tenant_id), cmd.idempotency_key, request_fingerprint(cmd))


def settle(uow, operation: str, cmd: Any, result_ref: str, tenant_id: str = "") -> None:
    uow.idempotency.settle(_scope(operation, tenant_id), cmd.idempotency_key, result_ref)


def _scope(operation: str, tenant_id: str) -> str:
    return f"{operation}:{tenant_id}" if tenant_id else operation


def account_in_tenant(uow, tenant_id: str, account_id: str) -> Account:
    account = uow.accounts.get(account_id)
    if account is None or account.tenant_id != tenant_id:
        raise NotFound(f"account {account_id} is unknown in tenant {tenant_id}", reason="ACCOUNT_NOT_FOUND")
    return account


def sub_account_in_tenant(uow, tenant_id: str, account_id: str) -> Account:
    account = account_in_tenant(uow, tenant_id, account_id)
    if account.is_main:
        raise FailedPrecondition("this is the main account, not a sub-account", reason="NOT_A_SUB_ACCOUNT")
    return account


def earlier(entity: T | None, what: str) -> T:
    """What an earlier call with the same idempotency key produced (gone if its tenant was cancelled)."""
    if entity is None:
        raise NotFound(f"the {what} this request concerned no longer exists",
                       reason=what.upper().replace(" ", "_") + "_NOT_FOUND")
    return entity
