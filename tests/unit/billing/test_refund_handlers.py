"""Refund and liability-cap handlers (R-BIL-9, R-BIL-11) over the fake unit of work."""
from datetime import date

import pytest

from contracts.events.v1 import billing as events
from platformkit.errors import FailedPrecondition
from services.billing import handlers
from services.billing.domain import commands as cmds
from services.billing.domain.orders import OrderKind, OrderStatus
from services.billing.domain.refunds import RefundCause
from tests.unit.billing.conftest import INTL, buy, place, seed_catalog
from tests.unit.billing.fakes import money


@pytest.fixture(autouse=True)
def catalog(uow):
    seed_catalog(uow)


def refund(uow, order, cause=RefundCause.PROVIDER_TERMINATION, key="r-1", on=None):
    return handlers.request_refund(cmds.RequestRefund(order.order_id, cause, on, key), uow)


def cap(uow, guard, as_of=None):
    return handlers.get_liability_cap(cmds.GetLiabilityCap(INTL, "crm", as_of), uow, guard)[0]


def test_client_breach_gets_no_refund_and_nothing_is_recorded_R_BIL_9(uow, guard):
    order = buy(uow, guard, "o1")
    with pytest.raises(FailedPrecondition):
        refund(uow, order, RefundCause.CLIENT_BREACH)
    assert uow.store.refunds == {} and uow.of_type(events.RefundIssued) == []


def test_provider_termination_refunds_the_unconsumed_part_once_R_BIL_9(uow, guard, clock):
    order = buy(uow, guard, "o1")  # 12000.00 for 2026-01-05 .. 2027-01-04
    clock.set(clock.now().replace(month=10, day=19))
    issued = refund(uow, order)
    assert (issued.unused_days, issued.amount) == (77, money("2531.51"))  # 12000 x 77/365
    assert refund(uow, order) == issued  # a retry changes nothing
    [event] = uow.of_type(events.RefundIssued)
    assert (event.amount, event.currency, event.order_id) == (issued.amount.amount, "USD", order.order_id)
    assert handlers.get_order(order.order_id, uow).status is OrderStatus.REFUNDED
    with pytest.raises(FailedPrecondition):
        refund(uow, order, key="r-2")


def test_a_terminated_period_ends_early_so_a_later_order_is_a_reorder_R_BIL_9(uow, guard, clock):
    order = buy(uow, guard, "o1")
    clock.set(clock.now().replace(month=6, day=1))
    refund(uow, order, on=date(2026, 5, 31))
    assert place(uow, guard, idempotency_key="o2").kind is OrderKind.REORDER


def test_the_liability_cap_counts_the_past_12_months_of_fees_net_of_refunds_R_BIL_11(uow, guard, clock):
    order = buy(uow, guard, "o1")
    assert cap(uow, guard) == money("12000.00")
    clock.set(clock.now().replace(month=10, day=19))
    refund(uow, order)
    assert cap(uow, guard) == money("9468.49")
    assert cap(uow, guard, date(2027, 1, 4)) == money("9468.49")
    assert cap(uow, guard, date(2027, 1, 5)) == money("0.00")  # paid 12 months before: out of the window


def test_a_tenant_that_never_paid_has_no_cap_R_BIL_11(uow, guard):
    assert cap(uow, guard) is None
