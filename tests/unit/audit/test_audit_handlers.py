"""The audit handlers with an in-memory unit of work: append once per event, verify, export a trail."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from platformkit.clock import FixedClock
from services.audit import handlers
from services.audit.domain import chain
from services.audit.domain.commands import AppendRecord

from .fakes import FakeUnitOfWork


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork(FixedClock(datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)))


def append(uow, event_id: str, tenant: str = "t-1"):
    entry = chain.Entry(event_id, "sg", tenant, "identity", "LoginRecorded", 1, "2026-01-05T09:00:00+00:00",
                        {"tenant_id": tenant, "account_id": "acc-1", "on": "2026-01-05"})
    return handlers.append_record(AppendRecord(entry), uow)


def test_each_event_appends_one_record_chained_to_the_head_R_AUD_2(uow):
    first, second = append(uow, "e-1"), append(uow, "e-2")
    assert (first.seq, second.seq) == (1, 2)
    assert second.prev_hash == first.hash
    assert uow.chain.head() == chain.ChainHead(2, second.hash)


def test_a_redelivered_event_appends_nothing_R_AUD_2(uow):
    append(uow, "e-1")
    assert append(uow, "e-1") is None
    assert len(uow.chain.rows) == 1


def test_verify_chain_reports_an_intact_log_R_AUD_2(uow):
    for n in range(3):
        append(uow, f"e-{n}")
    result = handlers.verify_chain(uow)
    assert (result.ok, result.record_count, result.head_hash) == (True, 3, uow.chain.head().hash)


def test_a_trail_holds_only_the_tenants_records_and_the_links_up_to_the_head(uow):
    append(uow, "e-1", tenant="t-other")
    mine = append(uow, "e-2")
    append(uow, "e-3", tenant="t-other")
    trail = handlers.export_trail("t-1", uow)
    assert trail.records == (mine,)
    assert [link.seq for link in trail.links] == [2, 3]
    assert trail.links[-1].hash == trail.head.hash


def test_a_tenant_without_records_gets_an_empty_trail(uow):
    append(uow, "e-1", tenant="t-other")
    trail = handlers.export_trail("t-1", uow)
    assert trail.records == () and trail.links == ()
