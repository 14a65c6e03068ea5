"""Prepaid orders: kind derivation (R-BIL-1), payment (R-BIL-5, R-BIL-10) and voiding (R-BIL-3)."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum
from fractions import Fraction

from platformkit.errors import FailedPrecondition, InvalidArgument
from services.billing.domain.catalog import PriceUnit
from services.billing.domain.money import Money
from services.billing.domain.periods import ONE_DAY, Period, period_from

UNPAID_VOID_AFTER = timedelta(days=7)  # R-BIL-3
PRC = "prc"


class OrderKind(str, Enum):
    NEW = "new"
    RENEWAL = "renewal"
    REORDER = "reorder"
    ADD_ON = "add_on"


class OrderStatus(str, Enum):
    PLACED = "placed"
    PAID = "paid"
    VOIDED = "voided"
    REFUNDED = "refunded"


class Channel(str, Enum):
    DISTRIBUTOR = "distributor"
    SELF_SERVICE = "self_service"


@dataclass(frozen=True)
class ClientInfo:
    """R-BIL-2: the client's business information a distributor order carries. Never in events."""

    company_name: str
    registration_number: str


@dataclass(frozen=True)
class OrderLine:
    """One priced line, keeping the catalog price in effect when the order was placed (R-BIL-12)."""

    product: str
    plan: str
    module: str
    unit: PriceUnit
    unit_price: Money
    seats: int
    factor: Fraction
    amount: Money


@dataclass(frozen=True)
class Order:
    order_id: str
    tenant_id: str
    kind: OrderKind
    channel: Channel
    distributor_id: str | None
    client: ClientInfo | None
    product: str
    plan: str
    seats: int
    modules: tuple[str, ...]
    term_months: int
    trial: bool
    lines: tuple[OrderLine, ...]
    promotion_codes: tuple[str, ...]
    list_amount: Money
    discount: Money
    amount_due: Money
    placed_at: datetime
    status: OrderStatus = OrderStatus.PLACED
    paid_at: datetime | None = None
    period: Period | None = None
    base_order_id: str | None = None  # an add-on's running subscription
    voided_at: datetime | None = None
    void_reason: str = ""
    ended_on: date | None = None  # last day of service when terminated early (R-BIL-9)

    @property
    def placed_on(self) -> date:
        return self.placed_at.date()


@dataclass(frozen=True)
class Subscription:
    """A bought period of a product with the add-ons paid inside it folded in."""

    order_id: str
    plan: str
    period: Period
    term_months: int
    seats: int
    modules: tuple[str, ...]


def subscriptions(history: list[Order]) -> list[Subscription]:
    """The periods a tenant paid for (trials excluded), as they stand after early terminations."""
    paid = [o for o in history if o.status in (OrderStatus.PAID, OrderStatus.REFUNDED) and not o.trial]
    subs = {}
    for order in paid:
        if order.kind is OrderKind.ADD_ON or order.period is None:
            continue
        end = min(order.period.end, order.ended_on) if order.ended_on else order.period.end
        if end >= order.period.start:
            subs[order.order_id] = Subscription(order.order_id, order.plan, Period(order.period.start, end),
                                                order.term_months, order.seats, order.modules)
    for add_on in (o for o in paid if o.kind is OrderKind.ADD_ON and o.base_order_id in subs):
        base = subs[add_on.base_order_id]
        subs[base.order_id] = dataclasses.replace(
            base, seats=base.seats + add_on.seats, modules=base.modules + add_on.modules)
    return sorted(subs.values(), key=lambda s: s.period.start)


def running_on(subs: list[Subscription], day: date) -> Subscription | None:
    return next((s for s in subs if s.period.covers(day)), None)


def latest_end(subs: list[Subscription]) -> date | None:
    return max((s.period.end for s in subs), default=None)


def derive_kind(subs: list[Subscription], placed_on: date, add_on: bool) -> OrderKind:
    """R-BIL-1: the kind follows from dates and paid history; the caller never chooses it."""
    if add_on:
        if running_on(subs, placed_on) is None:
            raise FailedPrecondition("an add-on needs a period running on the day it is placed",
                                     reason="NO_RUNNING_PERIOD")
        return OrderKind.ADD_ON
    end = latest_end(subs)
    if end is None:
        return OrderKind.NEW
    return OrderKind.RENEWAL if placed_on <= end else OrderKind.REORDER


def check_trial_allowed(history: list[Order], kind: OrderKind) -> None:
    """A trial is a first taste of a product: never after a paid period or an earlier trial."""
    tried = any(o.trial and o.status in (OrderStatus.PAID, OrderStatus.REFUNDED) for o in history)
    if kind is not OrderKind.NEW or tried:
        raise FailedPrecondition("a trial is only for a product the tenant never had", reason="TRIAL_NOT_ALLOWED")


def is_stale(order: Order, now: datetime) -> bool:
    """R-BIL-3: a prepaid order still unpaid 7 days after it was placed is void."""
    return order.status is OrderStatus.PLACED and now > order.placed_at + UNPAID_VOID_AFTER


def check_payment(order: Order, amount: Money, now: datetime) -> None:
    """The order can be paid now, and `amount` is exactly what is due (R-BIL-10)."""
    if order.status is OrderStatus.VOIDED:
        raise FailedPrecondition(f"order {order.order_id} is void and cannot be paid", reason="ORDER_VOIDED")
    if order.status is not OrderStatus.PLACED:
        raise FailedPrecondition(f"order {order.order_id} is already paid", reason="ORDER_ALREADY_PAID")
    if is_stale(order, now):
        raise FailedPrecondition(f"order {order.order_id} was not paid within 7 days and is void (R-BIL-3)",
                                 reason="ORDER_VOIDED")
    if amount.currency != order.amount_due.currency:
        raise InvalidArgument.field("amount.currency", f"must be {order.amount_due.currency}, the order's currency")
    if amount.amount != order.amount_due.amount:
        raise InvalidArgument.field("amount.amount", f"must equal the amount due, {order.amount_due.text()}")


def period_bought(order: Order, subs: list[Subscription], paid_on: date, jurisdiction: str) -> Period:
    """R-BIL-5: the period a paid order buys; never overlapping one already bought."""
    if order.kind is OrderKind.ADD_ON:
        return _add_on_cover(order, subs, paid_on)
    end = latest_end(subs)
    start = paid_on  # new; intl reorder: from activation, which is payment
    if order.kind is OrderKind.RENEWAL and end is not None:
        start = end + ONE_DAY  # R-BIL-5: no overlap, no gap
    elif order.kind is OrderKind.REORDER and jurisdiction == PRC and end is not None:
        start = end + ONE_DAY  # R-BIL-5, CN 5.2: a PRC reorder also counts from the day after expiry
    if end is not None and start <= end:
        start = end + ONE_DAY
    return period_from(start, order.term_months)


def _add_on_cover(order: Order, subs: list[Subscription], paid_on: date) -> Period:
    base = next((s for s in subs if s.order_id == order.base_order_id), None)
    if base is None or base.period.end < paid_on:
        raise FailedPrecondition("the period this add-on extends has ended", reason="NO_RUNNING_PERIOD")
    return Period(order.placed_on, base.period.end)


def paid(order: Order, at: datetime, period: Period) -> Order:
    return dataclasses.replace(order, status=OrderStatus.PAID, paid_at=at, period=period)


def voided(order: Order, at: datetime, reason: str) -> Order:
    return dataclasses.replace(order, status=OrderStatus.VOIDED, voided_at=at, void_reason=reason)
