"""The sweep: every time-based rule, run by the bus timer and by the RunSweep RPC."""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from contracts.events.v1 import billing as events
from services.billing.domain import account as acct
from services.billing.domain import orders, usage
from services.billing.domain.account import LedgerEntry
from services.billing.domain.money import Money
from services.billing.handlers.common import new_id, usage_price_on
from services.billing.handlers.orders import void_order

UowFactory = Callable[[], object]


def sweep(uow_factory: UowFactory) -> str:
    """Every time-based rule; each item in its own short transaction, so no sweep holds many locks."""
    voided = void_unpaid_orders(uow_factory)
    rated = rate_closed_cycles(uow_factory)
    overdue = announce_overdue_debts(uow_factory)
    return f"voided {voided} unpaid orders; rated {rated} usage cycles; {overdue} debts became overdue"


def void_unpaid_orders(uow_factory: UowFactory) -> int:
    """R-BIL-3: a prepaid order still unpaid 7 days after it was placed is voided."""
    with uow_factory() as uow:
        ids = uow.orders.awaiting_payment(placed_before=uow.clock.now() - orders.UNPAID_VOID_AFTER)
    count = 0
    for order_id in ids:
        with uow_factory() as uow:
            order = uow.orders.get(order_id, lock=True)
            if orders.is_stale(order, uow.clock.now()):
                void_order(uow, order, "unpaid_7_days")
                uow.commit()
                count += 1
    return count


def rate_closed_cycles(uow_factory: UowFactory) -> int:
    """R-BIL-6: each ended billing cycle is rated and deducted from the balance, once."""
    with uow_factory() as uow:
        keys = uow.usage.closed_unrated(uow.clock.now())
    count = 0
    for key in keys:
        with uow_factory() as uow:
            if _rate(uow, *key):
                uow.commit()
                count += 1
    return count


def _rate(uow, tenant_id: str, meter: str, cycle: usage.BillingCycle, starts_at: datetime) -> bool:
    account = uow.accounts.get(tenant_id, lock=True)  # lock order: account, then cycle
    found = uow.usage.get(tenant_id, meter, cycle, starts_at, lock=True)
    now = uow.clock.now()
    if not usage.is_closed(found, now):
        return False
    price = usage_price_on(uow, meter, account.currency, starts_at.date())
    rated = usage.rated(found, price.unit_price, now)
    uow.usage.save(rated)
    uow.accounts.update(acct.charge(account, rated.charge, now.date()))
    uow.ledger.add(LedgerEntry(new_id(), tenant_id, "usage", -rated.charge,
                               f"{meter}|{cycle.value}|{starts_at.isoformat()}", now))
    return True


def announce_overdue_debts(uow_factory: UowFactory) -> int:
    """R-BIL-7: DebtOverdue, once per debt, so entitlement may suspend the service until paid."""
    with uow_factory() as uow:
        tenants = uow.accounts.overdue_unnotified()
    count = 0
    for tenant_id in tenants:
        with uow_factory() as uow:
            account = uow.accounts.get(tenant_id, lock=True)
            if acct.needs_overdue_notice(account):
                uow.accounts.update(acct.notified(account))
                owed = Money(account.currency, account.owed).rounded()
                uow.publish(events.DebtOverdue(tenant_id=tenant_id, amount=owed.amount, currency=owed.currency,
                                               since=account.overdue_since))
                uow.commit()
                count += 1
    return count
