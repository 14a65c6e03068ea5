"""The service layer over an in-memory unit of work: replays, retries, residency, sweeps, usage."""
from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from entitlement_fakes import d

from contracts.events.v1.entitlement import (
    ExportWindowOpened, ProviderTerminationNoticed, TenantPurgeDue,
)
from platformkit.errors import AlreadyExists, InvalidArgument, NotFound, WrongCell
from services.entitlement import handlers
from services.entitlement.domain import commands
from services.entitlement.domain.errors import OrderRefused
from services.entitlement.domain.records import SUSPEND, TERMINATE
from services.entitlement.domain.states import State
from services.entitlement.domain.usage import ModuleUsage, UsageSignals

TENANT = "t-sg-1"


def order_paid(event_id: str = "ev-1", order_id: str = "o-1", tenant_id: str = TENANT, **changes):
    cmd = commands.ApplyPaidOrder(tenant_id, event_id, order_id, "new", "crm", "pro", 5, ("mail",), False,
                                  date(2026, 1, 5), date(2027, 1, 4))
    return dataclasses.replace(cmd, **changes)


def provider(action: str = TERMINATE, key: str = "k-1", effective_on: str = "2026-02-04", tenant_id: str = TENANT):
    return commands.NoticeProviderAction(tenant_id, "crm", action, d(effective_on), "product retired", key)


def state_of(uow, tenant_id: str = TENANT) -> State:
    with uow:
        return uow.tenancies.get(tenant_id).require("crm").state


# -- bus handlers: replays and per-order idempotency (R-ENT-1) -----------------------------------

def test_paid_order_activates_and_publishes_through_the_outbox_R_ENT_1(uow, guard):
    handlers.apply_paid_order(order_paid(), uow, guard)
    assert state_of(uow) == State.ACTIVE
    assert [(e.from_state, e.to_state) for e in uow.published] == [("none", "pending"), ("pending", "active")]


def test_a_redelivered_order_paid_changes_nothing_R_ENT_1(uow, guard):
    handlers.apply_paid_order(order_paid(), uow, guard)
    before = uow.snapshot()
    handlers.apply_paid_order(order_paid(), uow, guard)
    assert uow.snapshot() == before


def test_the_same_order_under_a_new_event_id_changes_no_entitlement_R_ENT_1(uow, guard):
    handlers.apply_paid_order(order_paid(), uow, guard)
    published = list(uow.published)
    handlers.apply_paid_order(order_paid(event_id="ev-2"), uow, guard)
    assert uow.published == published
    with uow:
        assert len(uow.tenancies.get(TENANT).require("crm").grants) == 1


def test_an_order_already_applied_to_another_tenant_is_refused_R_ENT_1(uow, guard):
    handlers.apply_paid_order(order_paid(), uow, guard)
    with pytest.raises(OrderRefused):
        handlers.apply_paid_order(order_paid(event_id="ev-2", tenant_id="t-sg-2"), uow, guard)


def test_a_refused_order_leaves_everything_unchanged_R_ENT_1(uow, guard):
    handlers.apply_paid_order(order_paid(), uow, guard)
    before = uow.snapshot()
    bad_renewal = order_paid("ev-2", "o-2", kind="renewal", period_start=date(2027, 2, 1), period_end=date(2028, 1, 31))
    with pytest.raises(OrderRefused):
        handlers.apply_paid_order(bad_renewal, uow, guard)
    assert uow.snapshot() == before


def test_redelivered_debt_events_change_nothing_R_BIL_7(uow, guard):
    handlers.apply_paid_order(order_paid(), uow, guard)
    handlers.mark_debt_overdue(commands.MarkDebtOverdue(TENANT, "ev-d1"), uow, guard)
    handlers.mark_debt_settled(commands.MarkDebtSettled(TENANT, "ev-d2"), uow, guard)
    before = uow.snapshot()
    handlers.mark_debt_overdue(commands.MarkDebtOverdue(TENANT, "ev-d1"), uow, guard)
    assert uow.snapshot() == before
    assert state_of(uow) == State.ACTIVE


# -- residency (R-RES-2) -------------------------------------------------------------------------

def test_another_cells_tenant_is_refused_and_nothing_is_written_R_RES_2(uow, guard):
    before = uow.snapshot()
    with pytest.raises(WrongCell):
        handlers.apply_paid_order(order_paid(tenant_id="t-cn-1"), uow, guard)
    with pytest.raises(WrongCell):
        handlers.notice_provider_action(provider(tenant_id="t-cn-1"), uow, guard)
    with pytest.raises(WrongCell):
        handlers.record_login(commands.RecordLogin("t-cn-1", "ev-l", date(2026, 1, 5)), uow, guard)
    with pytest.raises(WrongCell):
        handlers.check(commands.CheckAccess("t-cn-1", "core", None), uow, guard)
    assert uow.snapshot() == before


def test_an_unknown_tenant_is_not_found_R_RES_2(uow, guard):
    with pytest.raises(NotFound):
        handlers.tenant_status("t-unknown", uow, guard)


# -- mutating RPCs: idempotency keys -------------------------------------------------------------

def test_a_retried_provider_notice_with_the_same_key_changes_nothing_R_ENT_7(uow, guard):
    handlers.apply_paid_order(order_paid(), uow, guard)
    first = handlers.notice_provider_action(provider(), uow, guard)
    before = uow.snapshot()
    again = handlers.notice_provider_action(provider(), uow, guard)
    assert uow.snapshot() == before
    assert again == first
    assert len([e for e in uow.published if isinstance(e, ProviderTerminationNoticed)]) == 1


def test_an_idempotency_key_reused_for_another_request_is_refused(uow, guard):
    handlers.apply_paid_order(order_paid(), uow, guard)
    handlers.notice_provider_action(provider(), uow, guard)
    with pytest.raises(AlreadyExists):
        handlers.notice_provider_action(provider(effective_on="2026-03-01"), uow, guard)


def test_a_notice_under_30_days_is_refused_and_writes_nothing_R_ENT_7(uow, guard):
    handlers.apply_paid_order(order_paid(), uow, guard)
    before = uow.snapshot()
    with pytest.raises(InvalidArgument):
        handlers.notice_provider_action(provider(effective_on="2026-02-03"), uow, guard)
    assert uow.snapshot() == before


def test_retried_violation_notice_and_resolution_change_nothing_R_ENT_10(uow, guard):
    handlers.apply_paid_order(order_paid(), uow, guard)
    issue = commands.IssueViolationNotice(TENANT, "spam complaints", date(2026, 1, 20), "k-v")
    notice = handlers.issue_violation_notice(issue, uow, guard)
    before = uow.snapshot()
    assert handlers.issue_violation_notice(issue, uow, guard).notice_id == notice.notice_id
    assert uow.snapshot() == before
    resolve = commands.ResolveViolation(TENANT, notice.notice_id, "k-r")
    assert handlers.resolve_violation(resolve, uow, guard).status == "resolved"
    before = uow.snapshot()
    assert handlers.resolve_violation(resolve, uow, guard).status == "resolved"
    assert uow.snapshot() == before


def test_a_retried_resume_changes_nothing(uow, guard, clock):
    handlers.apply_paid_order(order_paid(), uow, guard)
    handlers.notice_provider_action(provider(SUSPEND), uow, guard)
    clock.advance(days=31)
    handlers.sweep(uow)
    resume = commands.ResumeProduct(TENANT, "crm", "k-resume")
    assert handlers.resume_product(resume, uow, guard).state == "active"
    before = uow.snapshot()
    assert handlers.resume_product(resume, uow, guard).state == "active"
    assert uow.snapshot() == before


# -- sweep ---------------------------------------------------------------------------------------

def test_the_sweep_applies_what_is_due_and_running_it_twice_changes_nothing(uow, guard, clock):
    handlers.apply_paid_order(order_paid(), uow, guard)
    clock.advance(days=365)  # 2027-01-05: the period ended yesterday
    handlers.sweep(uow)
    assert state_of(uow) == State.EXPIRED
    assert any(isinstance(e, ExportWindowOpened) for e in uow.published)
    before = uow.snapshot()
    assert handlers.sweep(uow).startswith("0 tenants due")
    assert uow.snapshot() == before


def test_the_sweep_purges_six_months_after_expiry_R_ENT_5(uow, guard, clock):
    handlers.apply_paid_order(order_paid(), uow, guard)
    clock.advance(days=365 + 181)  # 2027-07-05
    handlers.sweep(uow)
    assert state_of(uow) == State.PURGED
    assert [e.purge_on for e in uow.published if isinstance(e, TenantPurgeDue)] == [date(2027, 7, 5)]


def test_a_sweep_does_nothing_before_anything_is_due(uow, guard, clock):
    handlers.apply_paid_order(order_paid(), uow, guard)
    clock.advance(days=300)
    before = uow.snapshot()
    handlers.sweep(uow)
    assert uow.snapshot() == before


def test_status_reports_running_service_seats_and_export_window(uow, guard, clock):
    handlers.apply_paid_order(order_paid(), uow, guard)
    running = handlers.tenant_status(TENANT, uow, guard)
    assert (running.service_running, running.seats, running.export_window_open) == (True, 5, False)
    clock.advance(days=366)
    stopped = handlers.tenant_status(TENANT, uow, guard)
    assert (stopped.service_running, stopped.seats) == (False, 0)
    assert stopped.export_window_closes_on == date(2027, 2, 3)
    assert stopped.entitlements[0].entitlement.state == State.EXPIRED


# -- usage signals (R-ENT-8) ---------------------------------------------------------------------

def test_usage_signals_count_login_days_accounts_and_module_use_R_ENT_8(uow, guard):
    for event_id, day in (("l1", 5), ("l2", 5), ("l3", 6)):
        handlers.record_login(commands.RecordLogin(TENANT, event_id, date(2026, 1, day)), uow, guard)
    for event_id, account, change in (("a1", "acc-1", "created"), ("a2", "acc-2", "created"),
                                      ("a3", "acc-2", "cancelled"), ("a4", "acc-1", "locked")):
        handlers.record_account_change(
            commands.RecordAccountChange(TENANT, event_id, account, change, date(2026, 1, 10)), uow, guard,
            "entitlement.account_changed")
    for key in ("m1", "m2"):
        handlers.record_module_use(commands.RecordModuleUse(TENANT, "mail", key), uow, guard)
    signals = handlers.usage_signals(commands.GetUsageSignals(TENANT, 2026, 1), uow, guard)
    assert signals == UsageSignals(TENANT, "2026-01", login_days=2, open_accounts=1,
                                   modules=(ModuleUsage("mail", uses=2, days_used=1),))


def test_redelivered_usage_events_and_retried_module_use_count_once_R_ENT_8(uow, guard):
    login = commands.RecordLogin(TENANT, "l1", date(2026, 1, 5))
    use = commands.RecordModuleUse(TENANT, "mail", "m1")
    handlers.record_login(login, uow, guard)
    handlers.record_module_use(use, uow, guard)
    before = uow.snapshot()
    handlers.record_login(login, uow, guard)
    handlers.record_module_use(use, uow, guard)
    assert uow.snapshot() == before


def test_usage_signals_carry_counters_only_never_business_records_R_ENT_8():
    assert [f.name for f in dataclasses.fields(UsageSignals)] == \
        ["tenant_id", "month", "login_days", "open_accounts", "modules"]
    assert [f.name for f in dataclasses.fields(ModuleUsage)] == ["module", "uses", "days_used"]
