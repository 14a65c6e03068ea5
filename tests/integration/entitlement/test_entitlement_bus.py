"""The bus consumer against the real PostgreSQL: decoding, replays, refusals and residency."""
from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
import sqlalchemy as sa

from contracts.events.v1.billing import DebtOverdue, OrderPaid
from contracts.events.v1.identity import LoginRecorded
from platformkit.events import encode
from platformkit.testing import table_counts
from services.entitlement.entrypoints.bus import EntitlementConsumer


@pytest.fixture
def consumer(app) -> EntitlementConsumer:
    """The consumer class as nameko would run it, with its App injected and no AMQP headers."""
    instance = EntitlementConsumer()
    instance.app, instance.headers = app, {}
    return instance


def message(app, event, event_id: str) -> dict:
    return encode(event, cell="sg", occurred_at=app.clock.now(), event_id=event_id).as_dict()


def order_paid(tenant: str, order_id: str = "o-1", kind: str = "new", start=date(2026, 1, 5),
               end=date(2027, 1, 4)) -> OrderPaid:
    return OrderPaid(tenant, order_id=order_id, kind=kind, product="crm", plan="pro", seats=5, modules=("mail",),
                     trial=False, paid_at=datetime(2026, 1, 5, 9, tzinfo=timezone.utc), period_start=start,
                     period_end=end)


def rows(engine, table: str) -> list:
    with engine.connect() as conn:
        return conn.execute(sa.text(f"SELECT * FROM {table}")).all()


def test_order_paid_activates_and_writes_the_events_to_the_outbox_R_ENT_1(consumer, app, engine, tenant):
    consumer.order_paid(message(app, order_paid(tenant), "ev-1"))
    assert [r.state for r in rows(engine, "entitlements")] == ["active"]
    assert [r.type for r in rows(engine, "outbox")] == ["EntitlementStateChanged"] * 2


def test_a_redelivered_order_paid_changes_nothing_R_ENT_1(consumer, app, engine, tenant):
    consumer.order_paid(message(app, order_paid(tenant), "ev-1"))
    before = table_counts(engine)
    consumer.order_paid(message(app, order_paid(tenant), "ev-1"))
    assert table_counts(engine) == before


def test_the_same_order_under_a_new_event_id_adds_no_grant_and_no_event_R_ENT_1(consumer, app, engine, tenant):
    consumer.order_paid(message(app, order_paid(tenant), "ev-1"))
    before = table_counts(engine)
    consumer.order_paid(message(app, order_paid(tenant), "ev-2"))
    after = table_counts(engine)
    assert after.pop("inbox") == before.pop("inbox") + 1
    assert after == before


def test_a_renewal_that_is_not_contiguous_is_dead_lettered_with_its_reason_R_ENT_1(consumer, app, engine, tenant):
    consumer.order_paid(message(app, order_paid(tenant), "ev-1"))
    before = table_counts(engine)
    consumer.order_paid(message(app, order_paid(tenant, "o-2", "renewal", date(2027, 2, 1), date(2028, 1, 31)),
                                "ev-2"))
    [dead] = rows(engine, "dead_letters")
    assert dead.reason.startswith("OrderRefused") and "a renewal must start on 2027-01-05" in dead.reason
    after = table_counts(engine)
    assert after.pop("dead_letters") == 1
    before.pop("dead_letters")
    assert after == before


def test_another_cells_tenant_is_dead_lettered_and_nothing_else_written_R_RES_2(consumer, app, engine,
                                                                               foreign_tenant):
    consumer.order_paid(message(app, order_paid(foreign_tenant), "ev-1"))
    counts = table_counts(engine)
    assert counts.pop("dead_letters") == 1
    assert set(counts.values()) == {0}


def test_a_debt_overdue_suspends_the_service_once_R_BIL_7(consumer, app, engine, tenant):
    consumer.order_paid(message(app, order_paid(tenant), "ev-1"))
    overdue = DebtOverdue(tenant, amount=Decimal("120.00"), currency="SGD",
                          since=date(2026, 1, 1))
    consumer.debt_overdue(message(app, overdue, "ev-2"))
    before = table_counts(engine)
    consumer.debt_overdue(message(app, overdue, "ev-2"))
    assert table_counts(engine) == before
    assert [r.state for r in rows(engine, "entitlements")] == ["suspended"]


def test_a_login_is_stored_as_a_day_only_R_ENT_8(consumer, app, engine, tenant):
    consumer.login_recorded(message(app, LoginRecorded(tenant, account_id="acc-1", on=date(2026, 1, 5)), "ev-1"))
    consumer.login_recorded(message(app, LoginRecorded(tenant, account_id="acc-2", on=date(2026, 1, 5)), "ev-2"))
    assert [tuple(r) for r in rows(engine, "usage_login_days")] == [(tenant, date(2026, 1, 5))]
