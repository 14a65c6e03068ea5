"""The audit service layer: append to the chain, verify it (R-AUD-2), export a tenant's trail."""
from __future__ import annotations

from services.audit.domain import chain, commands, model

APPEND_CONSUMER = "audit.append_record"


def append_record(cmd: commands.AppendRecord, uow) -> chain.AuditRecord | None:
    """R-AUD-2: one record per event, chained to the head; None for a redelivered event."""
    with uow:
        if not uow.first_delivery(APPEND_CONSUMER, cmd.entry.event_id):
            return None
        head = uow.chain.lock_head()  # serialises appends, so the chain never forks
        record = chain.append(head, cmd.entry, uow.clock.now())
        uow.chain.add(record)
        uow.commit()
    return record


def verify_chain(uow) -> chain.Verification:
    """R-AUD-2: the verification command; platformctl calls it with an App's unit of work."""
    with uow:
        uow.chain.snapshot()
        head = uow.chain.head()
        return chain.verify(uow.chain.records(), head)


def export_trail(tenant_id: str, uow) -> model.Trail:
    """The tenant's records and the links from its first record to the head (minimal; R-AUD-4 later)."""
    with uow:
        uow.chain.snapshot()
        head = uow.chain.head()
        records = tuple(uow.chain.records_of(tenant_id))
        links = tuple(uow.chain.links(records[0].seq, head.seq)) if records else ()
    return model.Trail(tenant_id, records, links, head)
