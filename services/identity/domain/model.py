"""Identity's entities and the small rules that read them; frozen dataclasses, no I/O."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from platformkit.auth import MAIN
from services.identity.domain.errors import AccountLocked, AccountRestricted, ActivationLinkUnusable

ACTIVATION_LINK_TTL = timedelta(days=14)  # R-ID-1: links expire
SESSION_TTL = timedelta(hours=12)

LINK_PENDING, LINK_USED, LINK_FLAGGED, LINK_EXPIRED = "pending", "used", "flagged", "expired"
REQUEST_PENDING, REQUEST_APPROVED, REQUEST_REJECTED = "pending", "approved", "rejected"
TEMPORARY, PERMANENT = "temporary", "permanent"


@dataclass(frozen=True)
class Tenant:
    tenant_id: str
    jurisdiction: str
    company_name: str
    channel: str
    distributor_id: str | None
    created_at: datetime


@dataclass(frozen=True)
class Account:
    account_id: str
    tenant_id: str
    email: str
    password_hash: str
    role: str
    created_at: datetime
    locked_at: datetime | None = None
    # R-ID-3: when the client acknowledged the risk of a free-mail main account.
    free_mail_acknowledged_at: datetime | None = None

    @property
    def is_main(self) -> bool:
        return self.role == MAIN


@dataclass(frozen=True)
class ActivationLink:
    """R-ID-1: single-use, expiring, bound to the company name it was minted for."""

    link_id: str
    tenant_id: str
    company_name: str
    order_id: str
    created_at: datetime
    expires_at: datetime
    status: str = LINK_PENDING

    def is_live(self, now: datetime) -> bool:
        return self.status == LINK_PENDING and now < self.expires_at

    def ensure_usable(self, now: datetime) -> None:
        if self.status == LINK_USED:
            raise ActivationLinkUnusable("USED")
        if self.status == LINK_FLAGGED:
            raise ActivationLinkUnusable("FLAGGED")
        if self.status == LINK_EXPIRED or now >= self.expires_at:
            raise ActivationLinkUnusable("EXPIRED")


@dataclass(frozen=True)
class RegistrationFlag:
    """R-ID-2: the registrant said the company name was not theirs; the salesperson follows up."""

    flag_id: str
    tenant_id: str
    link_id: str
    company_name_shown: str
    flagged_at: datetime
    resolved_at: datetime | None = None


@dataclass(frozen=True)
class Session:
    session_id: str
    account_id: str
    tenant_id: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None

    def is_live(self, now: datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at


@dataclass(frozen=True)
class LoginRecord:
    """R-ID-9: kept as user data in the tenant's home region; `account_id` is None for an unknown email."""

    account_id: str | None
    tenant_id: str | None
    at: datetime
    ip: str
    device: str
    outcome: str


@dataclass(frozen=True)
class Restriction:
    """R-ID-6: temporary (until a time) or permanent; the reason is always recorded."""

    restriction_id: str
    tenant_id: str
    account_id: str
    kind: str
    reason: str
    created_at: datetime
    until: datetime | None = None
    lifted_at: datetime | None = None

    def in_force(self, now: datetime) -> bool:
        return self.lifted_at is None and (self.until is None or now < self.until)


@dataclass(frozen=True)
class ReplacementRequest:
    """R-ID-11: another account of the same client becomes main once the platform approves."""

    request_id: str
    tenant_id: str
    from_account_id: str
    to_account_id: str
    requested_at: datetime
    status: str = REQUEST_PENDING
    decided_at: datetime | None = None


@dataclass(frozen=True)
class EntitlementSeats:
    """The read model of entitlement.EntitlementStateChanged that R-ID-4 and R-ID-8 need."""

    entitlement_id: str
    tenant_id: str
    state: str
    seats: int
    trial: bool
    changed_on: date


def ensure_may_sign_in(account: Account, restrictions: list[Restriction], now: datetime) -> None:
    """R-ID-5, R-ID-6: a locked or restricted account neither logs in nor authenticates."""
    if account.locked_at is not None:
        raise AccountLocked()
    if any(r.in_force(now) for r in restrictions):
        raise AccountRestricted()
