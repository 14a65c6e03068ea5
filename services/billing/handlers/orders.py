"""Order handlers: placing (R-BIL-1, 2, 8, 12), paying (R-BIL-4, 5, 10) and voiding orders."""
from __future__ import annotations

from datetime import date, datetime

from contracts.events.v1 import billing as events
from platformkit.directory import CellGuard
from platformkit.errors import InvalidArgument
from services.billing.domain import commands as cmds
from services.billing.domain import orders, pricing
from services.billing.domain.orders import Order, OrderKind
from services.billing.domain.promotions import Promotion, check_combination
from services.billing.handlers.common import claim, load_order, new_id, open_account


def place_order(cmd: cmds.PlaceOrder, uow, guard: CellGuard) -> Order:
    entry = guard.ensure_local(cmd.tenant_id)  # R-RES-2
    scope = f"PlaceOrder:{cmd.tenant_id}"
    with uow:
        done = claim(uow, scope, cmd)
        if done:
            return load_order(uow, done)
        open_account(uow, cmd.tenant_id, entry.jurisdiction, cmd.currency, "currency")
        now = uow.clock.now()
        history = uow.orders.of_product(cmd.tenant_id, cmd.product)
        subs = orders.subscriptions(history)
        kind = orders.derive_kind(subs, now.date(), cmd.add_on)  # R-BIL-1
        running = orders.running_on(subs, now.date()) if kind is OrderKind.ADD_ON else None
        quote = _quote(cmd, uow, kind, history, running, now.date())
        order = _new_order(cmd, kind, running, quote, now)
        uow.orders.add(order)
        uow.publish(events.OrderPlaced(tenant_id=order.tenant_id, order_id=order.order_id, kind=kind.value,
                                       channel=order.channel.value, product=order.product, plan=order.plan,
                                       placed_on=order.placed_on))
        if order.amount_due.is_zero():
            order = _pay(uow, order, now)  # nothing to pay (a trial, a 100% promotion): paid when placed
        uow.idempotency.settle(scope, cmd.idempotency_key, order.order_id)
        uow.commit()
    return order


def _quote(cmd: cmds.PlaceOrder, uow, kind: OrderKind, history: list[Order],
           running: orders.Subscription | None, today: date) -> pricing.Quote:
    if cmd.trial:
        orders.check_trial_allowed(history, kind)
        return pricing.free_quote(cmd.currency)
    promotions = _promotions(uow, cmd.promotion_codes, today, cmd.currency)
    prices = uow.prices.of_plan(cmd.product, cmd.plan, cmd.currency)  # R-BIL-12: in effect today
    basket = pricing.Basket(cmd.product, cmd.plan, cmd.seats, cmd.modules, cmd.term_months, cmd.currency)
    if running is not None:
        lines = pricing.add_on_lines(basket, running, prices, today)
    else:
        lines = pricing.period_lines(basket, prices, today)
    return pricing.quote(lines, promotions, cmd.currency)


def _promotions(uow, codes: tuple[str, ...], today: date, currency: str) -> list[Promotion]:
    found = uow.promotions.get_many(codes)
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise InvalidArgument.field("promotion_codes", f"unknown promotion {', '.join(unknown)}")
    chosen = [found[c] for c in codes]
    check_combination(chosen, today, currency)  # R-BIL-8
    return chosen


def _new_order(cmd: cmds.PlaceOrder, kind: OrderKind, running: orders.Subscription | None,
               quote: pricing.Quote, now: datetime) -> Order:
    return Order(
        order_id=new_id(), tenant_id=cmd.tenant_id, kind=kind, channel=cmd.channel,
        distributor_id=cmd.distributor_id, client=cmd.client, product=cmd.product, plan=cmd.plan,
        seats=cmd.seats, modules=cmd.modules, term_months=running.term_months if running else cmd.term_months,
        trial=cmd.trial, lines=quote.lines, promotion_codes=cmd.promotion_codes, list_amount=quote.list_amount,
        discount=quote.discount, amount_due=quote.amount_due, placed_at=now,
        base_order_id=running.order_id if running else None,
    )


def record_payment(cmd: cmds.RecordPayment, uow) -> Order:
    scope = f"RecordPayment:{cmd.order_id}"
    with uow:
        if claim(uow, scope, cmd):
            return load_order(uow, cmd.order_id)
        uow.accounts.get(load_order(uow, cmd.order_id).tenant_id, lock=True)  # lock order: account, then order
        order = load_order(uow, cmd.order_id, lock=True)
        now = uow.clock.now()
        orders.check_payment(order, cmd.amount, now)  # R-BIL-10 exact amount; R-BIL-3 not void
        order = _pay(uow, order, now)
        uow.idempotency.settle(scope, cmd.idempotency_key, order.order_id)
        uow.commit()
    return order


def _pay(uow, order: Order, now: datetime) -> Order:
    jurisdiction = uow.accounts.get(order.tenant_id).jurisdiction
    subs = orders.subscriptions(uow.orders.of_product(order.tenant_id, order.product))
    period = orders.period_bought(order, subs, now.date(), jurisdiction)  # R-BIL-4, R-BIL-5
    order = orders.paid(order, now, period)
    uow.orders.update(order)
    uow.publish(_order_paid(order, subs))
    return order


def _order_paid(order: Order, subs: list[orders.Subscription]) -> events.OrderPaid:
    """For an add-on, seats and modules are the running period's totals after it, and no period."""
    seats, modules, period = order.seats, order.modules, order.period
    if order.kind is OrderKind.ADD_ON:
        base = next(s for s in subs if s.order_id == order.base_order_id)
        seats, modules, period = base.seats + order.seats, base.modules + order.modules, None
    return events.OrderPaid(
        tenant_id=order.tenant_id, order_id=order.order_id, kind=order.kind.value, product=order.product,
        plan=order.plan, seats=seats, modules=modules, trial=order.trial, paid_at=order.paid_at,
        period_start=period.start if period else None, period_end=period.end if period else None,
    )


def get_order(order_id: str, uow) -> Order:
    with uow:
        return load_order(uow, order_id)


def list_orders(query: cmds.ListOrders, uow, guard: CellGuard) -> tuple[list[Order], tuple[datetime, str] | None]:
    """A page of the tenant's orders, oldest first, and where the next page starts (None: last page)."""
    guard.ensure_local(query.tenant_id)  # R-RES-2
    with uow:
        found = uow.orders.page(query.tenant_id, query.after, query.page_size + 1)
    page, more = found[:query.page_size], len(found) > query.page_size
    return page, (page[-1].placed_at, page[-1].order_id) if more else None


def void_orders_of_cancelled_tenant(cmd: cmds.VoidOrdersOfCancelledTenant, uow) -> int:
    """identity.TenantCancelled: its unpaid orders can no longer be paid. Redelivery changes nothing."""
    with uow:
        if not uow.first_delivery("billing.void_orders_of_cancelled_tenant", cmd.event_id):
            return 0
        ids = uow.orders.awaiting_payment(tenant_id=cmd.tenant_id)
        for order_id in ids:
            void_order(uow, uow.orders.get(order_id, lock=True), "tenant_cancelled")
        uow.commit()
    return len(ids)


def void_order(uow, order: Order, reason: str) -> None:
    uow.orders.update(orders.voided(order, uow.clock.now(), reason))
    uow.publish(events.OrderVoided(tenant_id=order.tenant_id, order_id=order.order_id, reason=reason))
