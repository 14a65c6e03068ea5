"""An in-memory unit of work for the vault's handlers: the same ports, no I/O."""
from __future__ import annotations

from platformkit.clock import Clock
from platformkit.errors import AlreadyExists, NotFound
from services.data_vault.domain import model


class FakeIdempotency:
    def __init__(self):
        self.keys: dict[tuple[str, str], list] = {}

    def claim(self, scope: str, key: str, fp: str) -> str | None:
        stored = self.keys.setdefault((scope, key), [fp, None])
        if stored[0] != fp:
            raise AlreadyExists("key reused", reason="IDEMPOTENCY_KEY_REUSED")
        return stored[1]

    def settle(self, scope: str, key: str, result_ref: str) -> None:
        self.keys[(scope, key)][1] = result_ref


class _ByTenant:
    def __init__(self, id_field: str):
        self.rows: dict[str, object] = {}
        self._id = id_field

    def add(self, item) -> None:
        self.rows[getattr(item, self._id)] = item

    def get(self, item_id: str):
        if item_id not in self.rows:
            raise NotFound(item_id)
        return self.rows[item_id]

    def any_for(self, tenant_id: str) -> bool:
        return any(r.tenant_id == tenant_id for r in self.rows.values())


class FakeDeletions:
    def __init__(self):
        self.rows: dict[str, model.DeletionConfirmation] = {}

    def add(self, confirmation: model.DeletionConfirmation) -> None:
        self.rows[confirmation.tenant_id] = confirmation

    def for_tenant(self, tenant_id: str) -> model.DeletionConfirmation | None:
        return self.rows.get(tenant_id)


class FakeHoldings:
    def __init__(self, collections: dict[str, _ByTenant]):
        self._collections = collections

    def count(self, tenant_id: str) -> dict[str, int]:
        return {name: sum(r.tenant_id == tenant_id for r in c.rows.values()) for name, c in self._collections.items()}

    def delete(self, tenant_id: str) -> dict[str, int]:
        counts = self.count(tenant_id)
        for c in self._collections.values():
            c.rows = {k: r for k, r in c.rows.items() if r.tenant_id != tenant_id}
        return counts


class FakeUnitOfWork:
    def __init__(self, clock: Clock, cell: str = "sg"):
        self.clock, self.cell = clock, cell
        self.exports = _ByTenant("export_id")
        self.waivers = _ByTenant("waiver_id")
        self.deletions = FakeDeletions()
        self.holdings = FakeHoldings({"exports": self.exports, "export_waivers": self.waivers})
        self.idempotency = FakeIdempotency()
        self.inbox: set[tuple[str, str]] = set()
        self.published: list = []
        self._pending: list = []
        self.commits = 0

    def __enter__(self):
        self._pending = []
        return self

    def __exit__(self, *exc_info):
        self._pending = []

    def first_delivery(self, consumer: str, event_id: str) -> bool:
        if (consumer, event_id) in self.inbox:
            return False
        self.inbox.add((consumer, event_id))
        return True

    def publish(self, event) -> None:
        self._pending.append(event)

    def commit(self) -> None:
        self.published.extend(self._pending)
        self._pending = []
        self.commits += 1
