"""End-user principals: resolved by the server from the session token, never from request fields.

A call from a person carries `authorization: Bearer <session token>` metadata. The server's
interceptor resolves it (identity does so locally, other services ask identity) and the servicer
reads the result with `principal()`; tenant, account and role come only from there (issue 4).
"""
from __future__ import annotations

import contextvars
from dataclasses import dataclass
from typing import Protocol

from platformkit.errors import PermissionDenied, Unauthenticated

MAIN, SUB = "main", "sub"


@dataclass(frozen=True)
class Principal:
    tenant_id: str
    account_id: str
    role: str  # "main" | "sub"
    session_id: str

    @property
    def is_main(self) -> bool:
        return self.role == MAIN


class Authenticator(Protocol):
    def authenticate(self, token: str) -> Principal:
        """Raise Unauthenticated for an unknown, expired or revoked token."""


@dataclass
class _Call:
    bearer: str | None
    resolved: Principal | None = None


_call: contextvars.ContextVar[_Call | None] = contextvars.ContextVar("okki_call", default=None)


def begin_call(bearer: str | None):
    """Called by the server interceptor for each RPC; the handle must go to `end_call`."""
    return _call.set(_Call(bearer))


def end_call(handle) -> None:
    _call.reset(handle)


def bearer_from(metadata) -> str | None:
    for key, value in metadata or ():
        if key == "authorization" and isinstance(value, str) and value.startswith("Bearer "):
            return value[len("Bearer "):].strip() or None
    return None


def principal(authenticator: Authenticator) -> Principal:
    """The caller's principal; UNAUTHENTICATED when no valid session token came with the call."""
    call = _call.get()
    if call is None or not call.bearer:
        raise Unauthenticated("this call needs a session token (authorization: Bearer ...)")
    if call.resolved is None:
        call.resolved = authenticator.authenticate(call.bearer)
    return call.resolved


def require_main(p: Principal) -> Principal:
    """R-ID-4, R-VLT-3: only the main account may do this."""
    if not p.is_main:
        raise PermissionDenied("only the main account may do this", reason="MAIN_ACCOUNT_REQUIRED")
    return p


def require_tenant(p: Principal, tenant_id: str) -> Principal:
    """A token of tenant A never acts on tenant B, whatever ids the request carries."""
    if p.tenant_id != tenant_id:
        raise PermissionDenied("the session does not belong to this tenant", reason="CROSS_TENANT")
    return p
