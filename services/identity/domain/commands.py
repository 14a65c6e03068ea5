"""Commands: what a caller asks identity to do. Imperative, frozen, one handler each.

Keyword-only. Secrets and personal data stay out of reprs, hence out of logs. Field metadata tells
the idempotency fingerprint how to treat secrets: `omit` for passwords (R-ID-10: a fast hash of a
password is never stored), `digest` for high-entropy tokens and third-party subjects.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from platformkit.auth import Principal

OMIT, DIGEST = "omit", "digest"


def _password():
    return field(repr=False, metadata={"fingerprint": OMIT})


def _secret():
    return field(repr=False, metadata={"fingerprint": DIGEST})


def _personal():
    return field(repr=False)


@dataclass(frozen=True, kw_only=True)
class CreateTenant:
    jurisdiction: str
    company_name: str
    channel: str
    distributor_id: str | None
    idempotency_key: str


@dataclass(frozen=True, kw_only=True)
class ResolveFlaggedRegistration:
    tenant_id: str
    flag_id: str
    company_name: str
    idempotency_key: str


@dataclass(frozen=True, kw_only=True)
class Register:
    token: str = _secret()
    email: str = _personal()
    password: str = _password()
    company_name_confirmed: bool
    free_mail_acknowledged: bool
    idempotency_key: str


@dataclass(frozen=True, kw_only=True)
class Login:
    email: str = _personal()
    password: str = _password()
    ip: str = _personal()
    device: str = _personal()


@dataclass(frozen=True, kw_only=True)
class LoginWithThirdParty:
    provider: str
    subject: str = _secret()
    ip: str = _personal()
    device: str = _personal()


@dataclass(frozen=True, kw_only=True)
class Logout:
    actor: Principal


@dataclass(frozen=True, kw_only=True)
class RevokeSessions:
    actor: Principal
    tenant_id: str
    account_id: str
    idempotency_key: str


@dataclass(frozen=True, kw_only=True)
class LinkThirdPartyLogin:
    actor: Principal
    provider: str
    subject: str = _secret()
    idempotency_key: str


@dataclass(frozen=True, kw_only=True)
class CreateSubAccount:
    actor: Principal
    tenant_id: str
    email: str = _personal()
    password: str = _password()
    idempotency_key: str


@dataclass(frozen=True, kw_only=True)
class ResetSubAccountPassword:
    actor: Principal
    tenant_id: str
    account_id: str
    password: str = _password()
    idempotency_key: str


@dataclass(frozen=True, kw_only=True)
class CancelSubAccount:
    actor: Principal
    tenant_id: str
    account_id: str
    idempotency_key: str


@dataclass(frozen=True, kw_only=True)
class ReportCompromise:
    tenant_id: str
    account_id: str
    idempotency_key: str


@dataclass(frozen=True, kw_only=True)
class RestrictAccount:
    tenant_id: str
    account_id: str
    kind: str
    until: datetime | None
    reason: str
    idempotency_key: str


@dataclass(frozen=True, kw_only=True)
class LiftRestriction:
    tenant_id: str
    restriction_id: str
    reason: str
    idempotency_key: str


@dataclass(frozen=True, kw_only=True)
class RequestMainAccountReplacement:
    actor: Principal
    tenant_id: str
    new_account_id: str
    idempotency_key: str


@dataclass(frozen=True, kw_only=True)
class DecideMainAccountReplacement:
    tenant_id: str
    request_id: str
    approve: bool
    idempotency_key: str


@dataclass(frozen=True, kw_only=True)
class CancelMainAccount:
    actor: Principal
    tenant_id: str
    idempotency_key: str
