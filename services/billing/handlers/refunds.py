"""Refund (R-BIL-9) and liability-cap (R-BIL-11) handlers."""
from __future__ import annotations

from contracts.events.v1 import billing as events
from platformkit.directory import CellGuard
from services.billing.domain import commands as cmds
from services.billing.domain import refunds
from services.billing.domain.money import Money
from services.billing.domain.periods import Period
from services.billing.handlers.common import claim, load_order, new_id


def request_refund(cmd: cmds.RequestRefund, uow) -> refunds.Refund:
    scope = f"RequestRefund:{cmd.order_id}"
    with uow:
        done = claim(uow, scope, cmd)
        if done:
            return uow.refunds.get(done)
        order = load_order(uow, cmd.order_id, lock=True)
        today = uow.clock.today()
        terminated_on = cmd.terminated_on or today
        refund = refunds.refund_for(order, cmd.cause, terminated_on, new_id(), today)  # R-BIL-9
        uow.refunds.add(refund)
        uow.orders.update(refunds.refunded(order, terminated_on))
        uow.publish(events.RefundIssued(tenant_id=order.tenant_id, refund_id=refund.refund_id,
                                        order_id=order.order_id, amount=refund.amount.amount,
                                        currency=refund.amount.currency))
        uow.idempotency.settle(scope, cmd.idempotency_key, refund.refund_id)
        uow.commit()
    return refund


def get_liability_cap(query: cmds.GetLiabilityCap, uow, guard: CellGuard) -> tuple[Money | None, Period]:
    """R-BIL-11: fees paid for the product in the 12 months to `as_of`, net of refunds."""
    guard.ensure_local(query.tenant_id)  # R-RES-2
    with uow:
        as_of = query.as_of or uow.clock.today()
        account = uow.accounts.get(query.tenant_id)
        if account is None:
            return None, refunds.liability_window(as_of)
        paid = uow.orders.payments(query.tenant_id, query.product)
        back = uow.refunds.of_product(query.tenant_id, query.product)
    return refunds.liability_cap(paid, back, as_of, account.currency), refunds.liability_window(as_of)
