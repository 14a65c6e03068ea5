"""The local read model of the tenant's entitlements: seats (R-ID-4) and trials (R-ID-8)."""
from __future__ import annotations

from contracts.events.v1.entitlement import EntitlementStateChanged
from services.identity.domain.model import EntitlementSeats

CONSUMER = "identity.entitlement_state_changed"


def on_entitlement_state_changed(event: EntitlementStateChanged, event_id: str, uow) -> None:
    with uow:
        if not uow.first_delivery(CONSUMER, event_id):
            return
        uow.entitlements.apply(EntitlementSeats(
            entitlement_id=event.entitlement_id, tenant_id=event.tenant_id, state=event.to_state,
            seats=event.seats, trial=event.trial, changed_on=event.on,
        ))
        uow.commit()
