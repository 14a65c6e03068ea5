"""Billing's nameko consumer: bus events -> handlers (platformkit.bus decodes, checks the cell, traces)."""
from __future__ import annotations

from platformkit.bus import Consumer, on
from services.billing import handlers
from services.billing.domain import commands as cmds


class BillingConsumer(Consumer):
    name = "billing"

    @on("identity", "TenantCancelled")
    def void_orders_of_cancelled_tenant(self, envelope, event):
        command = cmds.VoidOrdersOfCancelledTenant(tenant_id=envelope.tenant_id, event_id=envelope.event_id)
        handlers.void_orders_of_cancelled_tenant(command, self.app.uow())
