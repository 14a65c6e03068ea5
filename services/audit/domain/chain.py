"""The hash chain (R-AUD-2): each record's hash = sha256(prev_hash || canonical JSON of its body)."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable

GENESIS = "0" * 64
HASH_ALGORITHM = "sha256(prev_hash_hex || canonical_json_utf8)"


@dataclass(frozen=True)
class Entry:
    """What happened: a bus event's identity and its payload (ids and codes only)."""

    event_id: str
    cell: str
    tenant_id: str
    source: str
    type: str
    version: int
    occurred_at: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class ChainHead:
    seq: int
    hash: str


EMPTY = ChainHead(0, GENESIS)


@dataclass(frozen=True)
class AuditRecord:
    seq: int
    entry: Entry
    recorded_at: datetime
    prev_hash: str
    hash: str

    def body_json(self) -> str:
        return canonical_json(body(self.seq, self.entry, self.recorded_at))


@dataclass(frozen=True)
class Verification:
    ok: bool
    first_bad_seq: int  # 0 when ok
    record_count: int
    head_hash: str
    problem: str = ""


def body(seq: int, entry: Entry, recorded_at: datetime) -> dict[str, Any]:
    return {
        "seq": seq,
        "event_id": entry.event_id,
        "cell": entry.cell,
        "tenant_id": entry.tenant_id,
        "source": entry.source,
        "type": entry.type,
        "version": entry.version,
        "occurred_at": entry.occurred_at,
        # Normalised to UTC so the hash does not depend on the database session's time zone.
        "recorded_at": recorded_at.astimezone(timezone.utc).isoformat(),
        "payload": entry.payload,
    }


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def digest(prev_hash: str, body_json: str) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + body_json.encode("utf-8")).hexdigest()


def append(head: ChainHead, entry: Entry, recorded_at: datetime) -> AuditRecord:
    """The record that follows `head`: the next sequence number, chained to the head's hash."""
    seq = head.seq + 1
    return AuditRecord(seq, entry, recorded_at, head.hash,
                       digest(head.hash, canonical_json(body(seq, entry, recorded_at))))


def verify(records: Iterable[AuditRecord], head: ChainHead) -> Verification:
    """R-AUD-2: recompute every hash in order; report the first record that breaks the chain.

    Scanning goes on after a break (from the stored hashes) so the count covers the whole log.
    The stored head must match the last record, which catches records cut from the end.
    """
    prev, count, first_bad, problem = GENESIS, 0, 0, ""
    for record in records:
        count += 1
        fault = _fault(record, count, prev)
        if fault and not first_bad:
            first_bad, problem = count, fault
        prev = record.hash
    if not first_bad and (head.seq, head.hash) != (count, prev):
        first_bad = min(head.seq, count) + 1
        problem = f"the chain head (seq {head.seq}) does not match the last record (seq {count})"
    return Verification(not first_bad, first_bad, count, prev, problem)


def _fault(record: AuditRecord, expected_seq: int, prev_hash: str) -> str:
    if record.seq != expected_seq:
        return f"record {expected_seq} is missing"
    if record.prev_hash != prev_hash:
        return f"record {record.seq} does not point at the hash of record {record.seq - 1}"
    if digest(record.prev_hash, record.body_json()) != record.hash:
        return f"record {record.seq} does not match its hash"
    return ""
