"""SREs read one trace across gRPC and the bus: the consumer span of an event is a child of the
RPC that committed it, and span attributes carry ids only -- never personal data."""
from __future__ import annotations

import json
import re

import pytest

from tests.e2e.conftest import wait_for
from tests.e2e.journey import Journey

pytestmark = pytest.mark.e2e
PERSONAL = re.compile(r"@|Acme Export|password", re.IGNORECASE)


def spans(cells) -> list[dict]:
    path = cells.env.state_dir / "traces.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def test_a_payment_and_the_events_it_causes_share_one_trace(cells):
    j = Journey(cells, "prc", plan="starter")
    j.set_price("700.00")
    tenant_id = j.create_tenant().tenant_id
    j.place_and_pay(tenant_id)

    def linked():
        everything = spans(cells)
        mine = [s for s in everything if s["name"] == "consume billing.OrderPaid"
                and s["attributes"].get("app.tenant_id") == tenant_id]
        if {s["service"] for s in mine} >= {"okki-entitlement", "okki-identity"}:
            return [s for s in everything if s["trace_id"] == mine[0]["trace_id"]], mine
        return None

    family, consumers = wait_for(linked, timeout=60, what="the OrderPaid consumer spans of this tenant")
    assert len({s["trace_id"] for s in consumers}) == 1, "every consumer joins the payment's trace"
    by_id = {s["span_id"]: s for s in family}
    [payment] = [s for s in family if s["name"].endswith("BillingService/RecordPayment") and s["kind"] == "SERVER"]
    assert payment["service"] == "okki-billing"
    for span in consumers:
        assert span["parent_id"] in by_id, "the consumer span hangs off the RPC's trace"


def test_span_attributes_carry_no_personal_data(cells):
    leaked = [s for s in spans(cells) if PERSONAL.search(json.dumps(s["attributes"]))]
    assert not leaked, leaked[:3]
