"""In-memory fakes of billing's unit of work and repositories (our own ports), for unit tests."""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from platformkit.errors import AlreadyExists
from services.billing.domain.account import Account, LedgerEntry
from services.billing.domain.catalog import Price, UsagePrice
from services.billing.domain.money import Money
from services.billing.domain.orders import Order, OrderStatus
from services.billing.domain.promotions import Promotion
from services.billing.domain.refunds import Refund
from services.billing.domain.usage import UsageCycle


@dataclass
class Store:
    prices: dict = field(default_factory=dict)
    usage_prices: dict = field(default_factory=dict)
    promotions: dict = field(default_factory=dict)
    accounts: dict = field(default_factory=dict)
    orders: dict = field(default_factory=dict)
    refunds: dict = field(default_factory=dict)
    usage: dict = field(default_factory=dict)
    ledger: list = field(default_factory=list)
    idempotency: dict = field(default_factory=dict)
    inbox: set = field(default_factory=set)


def _add_once(table: dict, key, value) -> None:
    if key in table:
        raise AlreadyExists(f"{key} already exists")
    table[key] = value


class FakePrices:
    def __init__(self, store: Store):
        self._s = store

    def add(self, price: Price, at: datetime) -> None:
        key = (price.product, price.plan, price.module, price.amount.currency, price.effective_from)
        _add_once(self._s.prices, key, price)

    def of_plan(self, product: str, plan: str, currency: str) -> list[Price]:
        return [p for p in self._s.prices.values()
                if (p.product, p.plan, p.amount.currency) == (product, plan, currency)]

    def list(self, product: str | None) -> list[Price]:
        return [p for p in self._s.prices.values() if product in (None, p.product)]


class FakeUsagePrices:
    def __init__(self, store: Store):
        self._s = store

    def add(self, price: UsagePrice, at: datetime) -> None:
        _add_once(self._s.usage_prices, (price.meter, price.unit_price.currency, price.effective_from), price)

    def of_meter(self, meter: str, currency: str) -> list[UsagePrice]:
        return [p for p in self._s.usage_prices.values() if (p.meter, p.unit_price.currency) == (meter, currency)]

    def list(self, meter: str | None) -> list[UsagePrice]:
        return [p for p in self._s.usage_prices.values() if meter in (None, p.meter)]


class FakePromotions:
    def __init__(self, store: Store):
        self._s = store

    def add(self, promo: Promotion, at: datetime) -> None:
        _add_once(self._s.promotions, promo.code, promo)

    def get_many(self, codes) -> dict[str, Promotion]:
        return {c: self._s.promotions[c] for c in codes if c in self._s.promotions}


class FakeAccounts:
    def __init__(self, store: Store):
        self._s = store

    def get(self, tenant_id: str, *, lock: bool = False) -> Account | None:
        return self._s.accounts.get(tenant_id)

    def add(self, account: Account) -> None:
        self._s.accounts.setdefault(account.tenant_id, account)

    def update(self, account: Account) -> None:
        self._s.accounts[account.tenant_id] = account

    def overdue_unnotified(self) -> list[str]:
        return [a.tenant_id for a in self._s.accounts.values() if a.balance < 0 and not a.overdue_notified]


class FakeOrders:
    def __init__(self, store: Store):
        self._s = store

    def add(self, order: Order) -> None:
        _add_once(self._s.orders, order.order_id, order)

    def update(self, order: Order) -> None:
        self._s.orders[order.order_id] = order

    def get(self, order_id: str, *, lock: bool = False) -> Order | None:
        return self._s.orders.get(order_id)

    def _sorted(self) -> list[Order]:
        return sorted(self._s.orders.values(), key=lambda o: (o.placed_at, o.order_id))

    def of_product(self, tenant_id: str, product: str) -> list[Order]:
        return [o for o in self._sorted() if (o.tenant_id, o.product) == (tenant_id, product)]

    def page(self, tenant_id: str, after, limit: int) -> list[Order]:
        mine = [o for o in self._sorted() if o.tenant_id == tenant_id and (after is None or
                                                                           (o.placed_at, o.order_id) > after)]
        return mine[:limit]

    def awaiting_payment(self, *, placed_before=None, tenant_id=None) -> list[str]:
        return [o.order_id for o in self._sorted() if o.status is OrderStatus.PLACED
                and (placed_before is None or o.placed_at < placed_before)
                and tenant_id in (None, o.tenant_id)]

    def payments(self, tenant_id: str, product: str) -> list:
        return [(o.order_id, o.paid_at.date(), o.amount_due) for o in self.of_product(tenant_id, product)
                if o.status in (OrderStatus.PAID, OrderStatus.REFUNDED)]


class FakeRefunds:
    def __init__(self, store: Store):
        self._s = store

    def add(self, refund: Refund) -> None:
        if any(r.order_id == refund.order_id for r in self._s.refunds.values()):
            raise AssertionError("the refunds table allows one refund per order")
        self._s.refunds[refund.refund_id] = refund

    def get(self, refund_id: str) -> Refund | None:
        return self._s.refunds.get(refund_id)

    def of_product(self, tenant_id: str, product: str) -> dict:
        return {r.order_id: r.amount for r in self._s.refunds.values()
                if (r.tenant_id, r.product) == (tenant_id, product)}


class FakeUsage:
    def __init__(self, store: Store):
        self._s = store

    def get(self, tenant_id, meter, cycle, starts_at, *, lock: bool = False) -> UsageCycle | None:
        return self._s.usage.get((tenant_id, meter, cycle, starts_at))

    def save(self, usage: UsageCycle) -> None:
        self._s.usage[(usage.tenant_id, usage.meter, usage.cycle, usage.starts_at)] = usage

    def closed_unrated(self, now: datetime) -> list:
        return [k for k, u in sorted(self._s.usage.items(), key=lambda kv: kv[1].ends_at)
                if u.rated_at is None and u.ends_at <= now]


class FakeLedger:
    def __init__(self, store: Store):
        self._s = store

    def add(self, entry: LedgerEntry) -> None:
        self._s.ledger.append(entry)


class FakeIdempotency:
    def __init__(self, store: Store):
        self._s = store

    def claim(self, scope: str, key: str, fp: str) -> str | None:
        found = self._s.idempotency.get((scope, key))
        if found is None:
            self._s.idempotency[(scope, key)] = [fp, None]
            return None
        if found[0] != fp:
            raise AlreadyExists("idempotency key reused", reason="IDEMPOTENCY_KEY_REUSED")
        return found[1]

    def settle(self, scope: str, key: str, result_ref: str) -> None:
        self._s.idempotency[(scope, key)][1] = result_ref


class FakeUnitOfWork:
    """Commits make changes and events stick; leaving the block without commit rolls back."""

    def __init__(self, clock, cell: str = "sg"):
        self.clock, self.cell = clock, cell
        self.store = Store()
        self.events: list = []  # committed events, in order

    def __enter__(self):
        self._snapshot = copy.deepcopy(self.store)
        self._pending: list = []
        self._committed = False
        for name, repo in (("prices", FakePrices), ("usage_prices", FakeUsagePrices),
                           ("promotions", FakePromotions), ("accounts", FakeAccounts), ("orders", FakeOrders),
                           ("refunds", FakeRefunds), ("usage", FakeUsage), ("ledger", FakeLedger),
                           ("idempotency", FakeIdempotency)):
            setattr(self, name, repo(self.store))
        return self

    def __exit__(self, *exc_info):
        if not self._committed:
            self.store = self._snapshot

    def publish(self, event) -> None:
        self._pending.append(event)

    def first_delivery(self, consumer: str, event_id: str) -> bool:
        if (consumer, event_id) in self.store.inbox:
            return False
        self.store.inbox.add((consumer, event_id))
        return True

    def commit(self) -> None:
        self.events.extend(self._pending)
        self._pending = []
        self._committed = True

    def __call__(self) -> "FakeUnitOfWork":
        """The fake is its own factory, so sweeps can open it again and again."""
        return self

    def of_type(self, event_type) -> list:
        return [e for e in self.events if isinstance(e, event_type)]


def money(amount: str, currency: str = "USD") -> Money:
    return Money(currency, Decimal(amount))
