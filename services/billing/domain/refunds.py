"""Refunds on early termination (R-BIL-9) and the liability cap they reduce (R-BIL-11)."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from enum import Enum
from fractions import Fraction

from platformkit.errors import FailedPrecondition
from services.billing.domain.money import Money
from services.billing.domain.orders import Order, OrderStatus
from services.billing.domain.periods import ONE_DAY, Period, add_months

LIABILITY_WINDOW_MONTHS = 12  # R-BIL-11 (ALI 8.5): the past 12 months


class RefundCause(str, Enum):
    CLIENT_BREACH = "client_breach"
    PROVIDER_TERMINATION = "provider_termination"


@dataclass(frozen=True)
class Refund:
    refund_id: str
    order_id: str
    tenant_id: str
    product: str
    cause: RefundCause
    amount: Money
    issued_on: date
    unused_days: int
    period_days: int


def check_refundable(order: Order, cause: RefundCause) -> Period:
    """R-BIL-9: no refund for a termination caused by the client's breach; only paid orders refund."""
    if cause is RefundCause.CLIENT_BREACH:
        raise FailedPrecondition("no refund when the service is terminated for the client's breach (R-BIL-9)",
                                 reason="NO_REFUND_FOR_CLIENT_BREACH")
    if order.status is OrderStatus.REFUNDED:
        raise FailedPrecondition(f"order {order.order_id} was already refunded", reason="ALREADY_REFUNDED")
    if order.status is not OrderStatus.PAID or order.period is None:
        raise FailedPrecondition(f"order {order.order_id} was not paid; there is nothing to refund",
                                 reason="ORDER_NOT_PAID")
    return order.period


def unused_days(period: Period, terminated_on: date) -> int:
    """Days of `period` after the last day of service (all of them if it had not started)."""
    first_unused = max(terminated_on + ONE_DAY, period.start)
    return max(0, (period.end - first_unused).days + 1)


def refund_for(order: Order, cause: RefundCause, terminated_on: date, refund_id: str, today: date) -> Refund:
    """R-BIL-9: a provider-initiated early termination refunds what was paid and not consumed,
    pro rata by the unused days of the period, rounded half-up to the minor unit once."""
    period = check_refundable(order, cause)
    unused = unused_days(period, terminated_on)
    amount = order.amount_due.times(Fraction(unused, period.days))
    return Refund(refund_id, order.order_id, order.tenant_id, order.product, cause, amount, today, unused,
                  period.days)


def refunded(order: Order, terminated_on: date) -> Order:
    return dataclasses.replace(order, status=OrderStatus.REFUNDED, ended_on=terminated_on)


def liability_window(as_of: date) -> Period:
    """The 12 months up to `as_of` inclusive (the start is the day after the same date a year before)."""
    return Period(add_months(as_of, -LIABILITY_WINDOW_MONTHS) + ONE_DAY, as_of)


def liability_cap(payments: list[tuple[str, date, Money]], refunded: dict[str, Money], as_of: date,
                  currency: str) -> Money:
    """R-BIL-11: the service fees paid for the product in the window, less what was refunded of them."""
    window = liability_window(as_of)
    kept = (amount - refunded.get(order_id, Money.zero(currency))
            for order_id, day, amount in payments if window.covers(day))
    return sum(kept, Money.zero(currency))
