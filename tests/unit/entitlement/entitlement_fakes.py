"""Fakes of entitlement's own ports (an in-memory unit of work) and builders for unit tests."""
from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from contracts.events.v1.entitlement import EntitlementStateChanged
from platformkit.errors import AlreadyExists
from services.entitlement.domain.records import Grant
from services.entitlement.domain.tenancy import Tenancy
from services.entitlement.domain.usage import ModuleUsage

TENANT = "t-sg-1"


def at(day: str, hour: int = 9) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=timezone.utc)


def d(day: str) -> date:
    return date.fromisoformat(day)


def grant(order_id: str = "o-1", kind: str = "new", start: str | None = "2026-01-05",
          end: str | None = "2027-01-04", seats: int = 5, modules: tuple[str, ...] = ("mail",),
          trial: bool = False, recorded: datetime | None = None) -> Grant:
    return Grant(order_id, kind, "pro", seats, frozenset(modules), trial, d(start) if start else None,
                 d(end) if end else None, recorded or at(start or "2026-01-05"))


def paid(tenancy: Tenancy, g: Grant, product: str = "crm") -> Tenancy:
    tenancy.apply_order(product, g, g.recorded_at, f"ent-{product}")
    return tenancy


def moves(tenancy: Tenancy) -> list[tuple[str, str, str]]:
    return [(e.from_state, e.to_state, e.reason) for e in tenancy.events if isinstance(e, EntitlementStateChanged)]


def of_type(tenancy: Tenancy, cls) -> list:
    return [e for e in tenancy.events if isinstance(e, cls)]


@dataclass
class FakeState:
    tenancies: dict[str, Tenancy] = field(default_factory=dict)
    login_days: set[tuple[str, date]] = field(default_factory=set)
    accounts: dict[tuple[str, str], list] = field(default_factory=dict)
    module_days: dict[tuple[str, str, date], int] = field(default_factory=dict)
    idempotency: dict[tuple[str, str], list] = field(default_factory=dict)
    inbox: set[tuple[str, str]] = field(default_factory=set)


class FakeTenancies:
    def __init__(self, state: FakeState):
        self._s = state

    def lock(self, tenant_id: str, now: datetime) -> Tenancy:
        return self.get(tenant_id)

    def get(self, tenant_id: str) -> Tenancy:
        return copy.deepcopy(self._s.tenancies.get(tenant_id) or Tenancy(tenant_id))

    def order_tenant(self, order_id: str) -> str | None:
        return next((t.tenant_id for t in self._s.tenancies.values() if t.has_order(order_id)), None)

    def due(self, today: date) -> list[str]:
        return [tid for tid, t in self._s.tenancies.items() if t.next_due_on() and t.next_due_on() <= today]

    def save(self, tenancy: Tenancy, now: datetime) -> None:
        stored = copy.deepcopy(tenancy)
        stored.events = []
        self._s.tenancies[tenancy.tenant_id] = stored


class FakeUsage:
    def __init__(self, state: FakeState):
        self._s = state

    def record_login_day(self, tenant_id, day):
        self._s.login_days.add((tenant_id, day))

    def open_account(self, tenant_id, account_id, on):
        row = self._s.accounts.setdefault((tenant_id, account_id), [None, None])
        row[0] = row[0] or on

    def close_account(self, tenant_id, account_id, on):
        self._s.accounts.setdefault((tenant_id, account_id), [None, None])[1] = on

    def record_module_use(self, tenant_id, module, day):
        key = (tenant_id, module, day)
        self._s.module_days[key] = self._s.module_days.get(key, 0) + 1

    def login_days(self, tenant_id, first, last):
        return sum(1 for t, day in self._s.login_days if t == tenant_id and first <= day <= last)

    def open_accounts(self, tenant_id, on):
        return sum(1 for (t, _), (opened, closed) in self._s.accounts.items()
                   if t == tenant_id and opened and opened <= on and (closed is None or closed > on))

    def module_use(self, tenant_id, first, last):
        totals: dict[str, list[int]] = {}
        for (t, module, day), uses in self._s.module_days.items():
            if t == tenant_id and first <= day <= last:
                total = totals.setdefault(module, [0, 0])
                total[0] += uses
                total[1] += 1
        return tuple(ModuleUsage(m, u, n) for m, (u, n) in sorted(totals.items()))


class FakeIdempotency:
    def __init__(self, state: FakeState):
        self._s = state

    def claim(self, scope, key, fp):
        found = self._s.idempotency.get((scope, key))
        if found is None:
            self._s.idempotency[(scope, key)] = [fp, None]
            return None
        if found[0] != fp:
            raise AlreadyExists("idempotency key reused", reason="IDEMPOTENCY_KEY_REUSED")
        return found[1]

    def settle(self, scope, key, result_ref):
        self._s.idempotency[(scope, key)][1] = result_ref


class FakeUnitOfWork:
    """One 'transaction' over a copy of the committed state: kept on commit, dropped otherwise."""

    def __init__(self, clock):
        self.clock = clock
        self.committed = FakeState()
        self.published: list = []
        self.commits = 0

    def __enter__(self):
        self._work = copy.deepcopy(self.committed)
        self._events: list = []
        self.tenancies = FakeTenancies(self._work)
        self.usage = FakeUsage(self._work)
        self.idempotency = FakeIdempotency(self._work)
        return self

    def __exit__(self, *exc_info):
        self._events = []

    def first_delivery(self, consumer: str, event_id: str) -> bool:
        if (consumer, event_id) in self._work.inbox:
            return False
        self._work.inbox.add((consumer, event_id))
        return True

    def publish(self, event) -> None:
        self._events.append(event)

    def commit(self) -> None:
        self.committed = copy.deepcopy(self._work)
        self.published += self._events
        self._events = []
        self.commits += 1

    def snapshot(self):
        """The committed state and what was published: equal before and after a no-op."""
        return dataclasses.asdict(self.committed), list(self.published)
