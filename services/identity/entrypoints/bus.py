"""Identity's nameko consumer: each event goes to its handler, which deduplicates by event id."""
from __future__ import annotations

from platformkit.bus import Consumer, on
from services.identity.handlers import activation, cancellation, entitlements


class IdentityConsumer(Consumer):
    name = "identity"

    @on("billing", "OrderPaid")
    def order_paid(self, envelope, event):
        activation.on_order_paid(event, envelope.event_id, self.app.uow())

    @on("entitlement", "EntitlementStateChanged")
    def entitlement_state_changed(self, envelope, event):
        entitlements.on_entitlement_state_changed(event, envelope.event_id, self.app.uow())

    @on("entitlement", "TenantPurgeDue")
    def tenant_purge_due(self, envelope, event):
        cancellation.on_tenant_purge_due(event, envelope.event_id, self.app.uow())

    @on("entitlement", "TrialEnded")
    def trial_ended(self, envelope, event):
        cancellation.on_trial_ended(event, envelope.event_id, self.app.uow())
