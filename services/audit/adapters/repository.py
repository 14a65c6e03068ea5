"""The chain repository over one Connection; the audit SQL lives only here."""
from __future__ import annotations

from typing import Iterator

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.engine import Connection

from services.audit.adapters.tables import HEAD_ID, audit_log, chain_head
from services.audit.domain.chain import EMPTY, AuditRecord, ChainHead, Entry
from services.audit.domain.model import ChainLink

_STREAM_BATCH = 1000


class ChainRepository:
    def __init__(self, connection: Connection):
        self._c = connection

    def snapshot(self) -> None:
        """Read the head and the records from one snapshot (first statement of the transaction)."""
        self._c.execute(sa.text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))

    def lock_head(self) -> ChainHead:
        """The head, locked until the transaction ends; created on the first append."""
        head = self._select_head(for_update=True)
        if head is None:
            self._c.execute(insert(chain_head).values(id=HEAD_ID, seq=EMPTY.seq, hash=EMPTY.hash)
                            .on_conflict_do_nothing())
            head = self._select_head(for_update=True)
        return head

    def head(self) -> ChainHead:
        return self._select_head(for_update=False) or EMPTY

    def add(self, record: AuditRecord) -> None:
        e = record.entry
        self._c.execute(sa.insert(audit_log).values(
            seq=record.seq, event_id=e.event_id, cell=e.cell, tenant_id=e.tenant_id, source=e.source,
            type=e.type, version=e.version, occurred_at=e.occurred_at, recorded_at=record.recorded_at,
            payload=e.payload, prev_hash=record.prev_hash, hash=record.hash,
        ))
        self._c.execute(sa.update(chain_head).where(chain_head.c.id == HEAD_ID)
                        .values(seq=record.seq, hash=record.hash))

    def records(self) -> Iterator[AuditRecord]:
        """Every record in order, streamed from a server-side cursor."""
        rows = self._c.execute(sa.select(audit_log).order_by(audit_log.c.seq)
                               .execution_options(yield_per=_STREAM_BATCH))
        return (_record(row) for row in rows)

    def records_of(self, tenant_id: str) -> Iterator[AuditRecord]:
        rows = self._c.execute(sa.select(audit_log).where(audit_log.c.tenant_id == tenant_id).order_by(audit_log.c.seq))
        return (_record(row) for row in rows)

    def links(self, from_seq: int, to_seq: int) -> Iterator[ChainLink]:
        t = audit_log
        rows = self._c.execute(sa.select(t.c.seq, t.c.prev_hash, t.c.hash)
                               .where(t.c.seq.between(from_seq, to_seq)).order_by(t.c.seq))
        return (ChainLink(row.seq, row.prev_hash, row.hash) for row in rows)

    def _select_head(self, *, for_update: bool) -> ChainHead | None:
        query = sa.select(chain_head.c.seq, chain_head.c.hash).where(chain_head.c.id == HEAD_ID)
        row = self._c.execute(query.with_for_update() if for_update else query).first()
        return ChainHead(row.seq, row.hash) if row else None


def _record(row) -> AuditRecord:
    entry = Entry(row.event_id, row.cell, row.tenant_id, row.source, row.type, row.version,
                  row.occurred_at, row.payload)
    return AuditRecord(row.seq, entry, row.recorded_at, row.prev_hash, row.hash)
