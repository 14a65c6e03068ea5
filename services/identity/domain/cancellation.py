"""R-ID-7: what must hold before a main account is cancelled (ToS 2.6, CN 9.2)."""
from __future__ import annotations

from dataclasses import dataclass

from services.identity.domain.errors import CancellationBlocked

OUTSTANDING_DEBT, SERVICE_RUNNING, DATA_NOT_SETTLED = "OUTSTANDING_DEBT", "SERVICE_RUNNING", "DATA_NOT_SETTLED"

MAIN_ACCOUNT_CANCELLED, PURGE_DUE, TRIAL_ENDED = "main_account_cancelled", "purge_due", "trial_ended"


@dataclass(frozen=True)
class CancellationFacts:
    """What billing, entitlement and the vault answer about a tenant."""

    has_debt: bool
    service_running: bool
    data_settled: bool


def unmet_conditions(facts: CancellationFacts) -> list[str]:
    unmet = []
    if facts.has_debt:
        unmet.append(OUTSTANDING_DEBT)
    if facts.service_running:
        unmet.append(SERVICE_RUNNING)
    if not facts.data_settled:
        unmet.append(DATA_NOT_SETTLED)
    return unmet


def ensure_cancellable(facts: CancellationFacts) -> None:
    unmet = unmet_conditions(facts)
    if unmet:
        raise CancellationBlocked(unmet)
