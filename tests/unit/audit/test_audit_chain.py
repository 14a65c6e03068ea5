"""The hash chain (R-AUD-2): how records link, and how verification finds the first broken one."""
from __future__ import annotations

import dataclasses
import hashlib
from datetime import datetime, timedelta, timezone

from services.audit.domain import chain

AT = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)


def entry(n: int, tenant: str = "t-1", **payload) -> chain.Entry:
    return chain.Entry(f"evt-{n}", "sg", tenant, "billing", "OrderPlaced", 1, AT.isoformat(),
                       payload or {"order_id": f"o-{n}"})


def build(n: int) -> tuple[list[chain.AuditRecord], chain.ChainHead]:
    head, records = chain.EMPTY, []
    for i in range(1, n + 1):
        record = chain.append(head, entry(i), AT + timedelta(seconds=i))
        records.append(record)
        head = chain.ChainHead(record.seq, record.hash)
    return records, head


def test_each_hash_is_sha256_of_the_previous_hash_and_the_canonical_body_R_AUD_2():
    records, _ = build(2)
    first, second = records
    assert first.prev_hash == chain.GENESIS and second.prev_hash == first.hash
    expected = hashlib.sha256((first.hash + second.body_json()).encode()).hexdigest()
    assert second.hash == expected


def test_the_canonical_body_does_not_depend_on_key_order_or_the_time_zone_it_is_read_in():
    singapore = timezone(timedelta(hours=8))
    a = chain.append(chain.EMPTY, entry(1, order_id="o", kind="new"), AT)
    b = chain.append(chain.EMPTY, entry(1, kind="new", order_id="o"), AT.astimezone(singapore))
    assert a.hash == b.hash


def test_an_intact_chain_verifies_with_its_count_and_head_hash_R_AUD_2():
    records, head = build(5)
    result = chain.verify(records, head)
    assert result == chain.Verification(True, 0, 5, head.hash, "")


def test_an_empty_chain_verifies():
    assert chain.verify([], chain.EMPTY) == chain.Verification(True, 0, 0, chain.GENESIS, "")


def test_a_changed_payload_is_reported_at_its_sequence_number_R_AUD_2():
    records, head = build(5)
    forged = dataclasses.replace(records[2].entry, payload={"order_id": "forged"})
    records[2] = dataclasses.replace(records[2], entry=forged)
    result = chain.verify(records, head)
    assert (result.ok, result.first_bad_seq, result.record_count) == (False, 3, 5)
    assert "does not match its hash" in result.problem


def test_a_rehashed_record_breaks_the_link_to_the_next_one_R_AUD_2():
    records, head = build(4)
    forged = dataclasses.replace(records[1].entry, payload={"order_id": "forged"})
    records[1] = chain.append(chain.ChainHead(1, records[0].hash), forged, records[1].recorded_at)
    result = chain.verify(records, head)
    assert (result.ok, result.first_bad_seq) == (False, 3)


def test_a_record_removed_from_the_middle_is_reported_missing_R_AUD_2():
    records, head = build(4)
    del records[1]
    result = chain.verify(records, head)
    assert (result.ok, result.first_bad_seq) == (False, 2)
    assert "missing" in result.problem


def test_records_cut_from_the_end_are_caught_by_the_head_R_AUD_2():
    records, head = build(4)
    result = chain.verify(records[:2], head)
    assert (result.ok, result.first_bad_seq, result.record_count) == (False, 3, 2)
