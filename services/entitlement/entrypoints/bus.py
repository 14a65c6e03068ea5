"""The nameko consumer: billing and identity events -> entitlement handlers (through platformkit.bus)."""
from __future__ import annotations

from datetime import datetime

from platformkit.bus import Consumer, on
from services.entitlement import handlers
from services.entitlement.domain import commands


class EntitlementConsumer(Consumer):
    name = "entitlement"

    @on("billing", "OrderPaid")
    def order_paid(self, envelope, event):
        handlers.apply_paid_order(commands.ApplyPaidOrder(
            tenant_id=event.tenant_id, event_id=envelope.event_id, order_id=event.order_id, kind=event.kind,
            product=event.product, plan=event.plan, seats=event.seats, modules=event.modules, trial=event.trial,
            period_start=event.period_start, period_end=event.period_end,
        ), self.app.uow(), self.app.cell_guard)

    @on("billing", "DebtOverdue")
    def debt_overdue(self, envelope, event):
        handlers.mark_debt_overdue(commands.MarkDebtOverdue(event.tenant_id, envelope.event_id),
                                   self.app.uow(), self.app.cell_guard)

    @on("billing", "DebtSettled")
    def debt_settled(self, envelope, event):
        handlers.mark_debt_settled(commands.MarkDebtSettled(event.tenant_id, envelope.event_id),
                                   self.app.uow(), self.app.cell_guard)

    @on("identity", "LoginRecorded")
    def login_recorded(self, envelope, event):
        handlers.record_login(commands.RecordLogin(event.tenant_id, envelope.event_id, event.on),
                              self.app.uow(), self.app.cell_guard)

    @on("identity", "AccountChanged")
    def account_changed(self, envelope, event):
        self._account(envelope, event.account_id, event.change, "entitlement.account_changed")

    @on("identity", "MainAccountRegistered")
    def main_account_registered(self, envelope, event):
        self._account(envelope, event.account_id, "registered", "entitlement.main_account_registered")

    def _account(self, envelope, account_id: str, change: str, consumer: str) -> None:
        on_day = datetime.fromisoformat(envelope.occurred_at).date()
        handlers.record_account_change(
            commands.RecordAccountChange(envelope.tenant_id, envelope.event_id, account_id, change, on_day),
            self.app.uow(), self.app.cell_guard, consumer)
