"""Repositories against the real PostgreSQL: a tenancy survives a round trip whole."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from services.entitlement.domain.records import SUSPEND, Grant, ProviderNotice, ViolationNotice
from services.entitlement.domain.states import State

NOW = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)


def grant(order_id: str, kind: str, start: date | None, end: date | None, at: datetime, seats: int = 5) -> Grant:
    return Grant(order_id, kind, "pro", seats, frozenset({"mail", "ai"}), False, start, end, at)


def build_and_save(app, tenant: str) -> None:
    with app.uow() as uow:
        tenancy = uow.tenancies.lock(tenant, NOW)
        tenancy.apply_order("crm", grant("o-1", "new", date(2026, 1, 5), date(2027, 1, 4), NOW), NOW, "e-1")
        tenancy.apply_order("crm", grant("o-2", "add_on", None, None, NOW, seats=7), NOW, "unused")
        tenancy.notice_provider("crm", ProviderNotice("n-1", SUSPEND, "upgrade", NOW.date(),
                                                      date(2026, 3, 1), NOW), NOW)
        tenancy.issue_violation(ViolationNotice("v-1", "spam", NOW, date(2026, 2, 1)), NOW)
        tenancy.debt_overdue(NOW)
        uow.tenancies.save(tenancy, NOW)
        uow.commit()


def test_a_tenancy_round_trips_with_grants_history_notices_and_holds(app, tenant):
    build_and_save(app, tenant)
    with app.uow() as uow:
        loaded = uow.tenancies.get(tenant)
    crm = loaded.require("crm")
    assert loaded.in_debt is True
    assert crm.state == State.SUSPENDED
    assert [g.order_id for g in crm.grants] == ["o-1", "o-2"]
    assert crm.grants[0].modules == {"mail", "ai"}
    assert [t.to_state for t in crm.history] == [State.PENDING, State.ACTIVE, State.SUSPENDED]
    assert crm.notices[0].status == "pending"
    assert loaded.violations[0].status == "open"
    assert crm.seats_on(NOW.date()) == 7


def test_saving_again_adds_only_what_is_new(app, tenant):
    build_and_save(app, tenant)
    later = NOW + timedelta(days=1)
    with app.uow() as uow:
        tenancy = uow.tenancies.lock(tenant, later)
        tenancy.debt_settled(later)
        tenancy.resolve_violation("v-1", later)
        uow.tenancies.save(tenancy, later)
        uow.commit()
    with app.uow() as uow:
        loaded = uow.tenancies.get(tenant)
    assert [t.to_state for t in loaded.require("crm").history][-1] == State.ACTIVE
    assert loaded.violations[0].status == "resolved"
    assert loaded.in_debt is False


def test_due_lists_tenants_whose_next_change_is_due(app, tenant):
    build_and_save(app, tenant)  # the violation lapses on 2026-02-02
    with app.uow() as uow:
        assert uow.tenancies.due(date(2026, 2, 1)) == []
        assert uow.tenancies.due(date(2026, 2, 2)) == [tenant]


def test_an_order_is_traced_to_its_tenant(app, tenant):
    build_and_save(app, tenant)
    with app.uow() as uow:
        assert uow.tenancies.order_tenant("o-1") == tenant
        assert uow.tenancies.order_tenant("o-unknown") is None


def test_an_unknown_tenant_reads_as_an_empty_tenancy(app, tenant):
    with app.uow() as uow:
        empty = uow.tenancies.get(tenant)
    assert (empty.entitlements, empty.violations, empty.in_debt) == ([], [], False)
