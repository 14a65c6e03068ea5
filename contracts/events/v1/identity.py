"""Events published by identity. Ids and facts only: no names, emails or addresses."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from platformkit.events import Event


@dataclass(frozen=True)
class TenantCreated(Event):
    SOURCE = "identity"
    TYPE = "TenantCreated"
    jurisdiction: str
    channel: str
    distributor_id: str | None = None


@dataclass(frozen=True)
class MainAccountRegistered(Event):
    SOURCE = "identity"
    TYPE = "MainAccountRegistered"
    account_id: str
    free_mail_acknowledged: bool


@dataclass(frozen=True)
class AccountChanged(Event):
    """A sub-account created or cancelled, an account locked, restricted or replaced (R-ID-4..6, 11)."""

    SOURCE = "identity"
    TYPE = "AccountChanged"
    account_id: str
    change: str
    reason: str = ""


@dataclass(frozen=True)
class TenantCancelled(Event):
    """R-ID-7 / R-ID-8: every account of the tenant is cancelled and its content deleted."""

    SOURCE = "identity"
    TYPE = "TenantCancelled"
    reason: str


@dataclass(frozen=True)
class LoginRecorded(Event):
    """A successful login (R-ID-9 keeps the full record in identity; the bus gets the day only),
    feeding the distributor's usage signals (R-ENT-8: login days per month)."""

    SOURCE = "identity"
    TYPE = "LoginRecorded"
    account_id: str
    on: date
