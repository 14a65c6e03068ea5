"""R-ID-4: the entitlement's seats bound a tenant's accounts.

Every OKKI account takes a seat, the main account included: ToS 1.8 and CN 1.3 define the OKKI
account as "the main account and sub-accounts" alike, so a 5-seat plan is the main account and
four sub-accounts. The limit is the largest `seats` among the tenant's active entitlements.
"""
from __future__ import annotations

from typing import Iterable

from services.identity.domain.errors import SeatsExhausted
from services.identity.domain.model import EntitlementSeats

ACTIVE = "active"


def seat_limit(entitlements: Iterable[EntitlementSeats]) -> int:
    return max((e.seats for e in entitlements if e.state == ACTIVE), default=0)


def ensure_seat_free(entitlements: Iterable[EntitlementSeats], accounts_held: int) -> None:
    limit = seat_limit(entitlements)
    if accounts_held >= limit:
        raise SeatsExhausted(limit)


def only_trials(entitlements: Iterable[EntitlementSeats]) -> bool:
    """R-ID-8: a tenant whose every entitlement was a trial holds trial accounts only."""
    return all(e.trial for e in entitlements)
