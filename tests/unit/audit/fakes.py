"""An in-memory unit of work for the audit handlers: the same chain port, no I/O."""
from __future__ import annotations

from platformkit.clock import Clock
from services.audit.domain.chain import EMPTY, AuditRecord, ChainHead
from services.audit.domain.model import ChainLink


class FakeChain:
    def __init__(self):
        self.rows: list[AuditRecord] = []
        self.stored_head = EMPTY

    def snapshot(self) -> None:
        """One process, one thread: every read is already a snapshot."""

    def lock_head(self) -> ChainHead:
        return self.stored_head

    def head(self) -> ChainHead:
        return self.stored_head

    def add(self, record: AuditRecord) -> None:
        self.rows.append(record)
        self.stored_head = ChainHead(record.seq, record.hash)

    def records(self):
        return iter(self.rows)

    def records_of(self, tenant_id: str):
        return (r for r in self.rows if r.entry.tenant_id == tenant_id)

    def links(self, from_seq: int, to_seq: int):
        return (ChainLink(r.seq, r.prev_hash, r.hash) for r in self.rows if from_seq <= r.seq <= to_seq)


class FakeUnitOfWork:
    def __init__(self, clock: Clock, cell: str = "sg"):
        self.clock, self.cell = clock, cell
        self.chain = FakeChain()
        self.inbox: set[tuple[str, str]] = set()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        pass

    def first_delivery(self, consumer: str, event_id: str) -> bool:
        if (consumer, event_id) in self.inbox:
            return False
        self.inbox.add((consumer, event_id))
        return True

    def commit(self) -> None:
        pass
