"""EntitlementService over real gRPC, in-process, against the real PostgreSQL."""
from __future__ import annotations

from datetime import date

import grpc
import pytest

from okki_api.entitlement.v1 import entitlement_pb2 as pb
from okki_api.entitlement.v1 import entitlement_pb2_grpc as pb_grpc
from platformkit.testing import refusal, make_settings, serve_in_process, table_counts
from services.entitlement import handlers
from services.entitlement.bootstrap import SPEC
from services.entitlement.domain.commands import ApplyPaidOrder


@pytest.fixture
def stub(app):
    with serve_in_process(SPEC, make_settings("entitlement", "sg"), app=app) as channel:
        yield pb_grpc.EntitlementServiceStub(channel)


def activate(app, tenant: str, seats: int = 5) -> None:
    """What the consumer does with billing.OrderPaid: crm for 2026-01-05..2027-01-04."""
    handlers.apply_paid_order(ApplyPaidOrder(tenant, f"ev-{tenant}", f"o-{tenant}", "new", "crm", "pro", seats,
                                             ("mail",), False, date(2026, 1, 5), date(2027, 1, 4)),
                              app.uow(), app.cell_guard)


# -- Check (R-ENT-3) -----------------------------------------------------------------------------

def test_check_answers_with_the_reason_for_now_past_and_future_R_ENT_3(app, stub, tenant):
    activate(app, tenant)
    assert stub.Check(pb.CheckRequest(tenant_id=tenant, feature="mail")) == \
        pb.CheckResponse(allowed=True, reason="entitled", state="active")
    assert stub.Check(pb.CheckRequest(tenant_id=tenant, feature="ai")).reason == "feature_not_in_plan"
    before = stub.Check(pb.CheckRequest(tenant_id=tenant, feature="core", at="2026-01-01T00:00:00Z"))
    assert (before.allowed, before.reason) == (False, "no_entitlement")
    after = stub.Check(pb.CheckRequest(tenant_id=tenant, feature="export", at="2027-01-10T12:00:00+08:00"))
    assert (after.allowed, after.reason, after.state) == (True, "export_window_open", "expired")


def test_a_bad_check_is_invalid_argument_naming_every_field_and_writes_nothing(stub, engine):
    before = table_counts(engine)
    error = refusal(stub.Check, pb.CheckRequest(tenant_id="", feature="no spaces", at="yesterday"))
    assert error["code"] == grpc.StatusCode.INVALID_ARGUMENT
    assert set(error["violations"]) == {"tenant_id", "feature", "at"}
    assert table_counts(engine) == before


def test_another_cells_tenant_is_refused_with_wrong_cell_R_RES_2(app, stub, engine, foreign_tenant):
    before = table_counts(engine)
    for call, request in (
        (stub.Check, pb.CheckRequest(tenant_id=foreign_tenant, feature="core")),
        (stub.ProviderSuspend, pb.ProviderSuspendRequest(tenant_id=foreign_tenant, product="crm",
                                                         effective_on="2026-03-01", reason="x", idempotency_key="k")),
        (stub.RecordModuleUse, pb.RecordModuleUseRequest(tenant_id=foreign_tenant, module="mail", idempotency_key="k")),
    ):
        error = refusal(call, request)
        assert (error["code"], error["reason"]) == (grpc.StatusCode.FAILED_PRECONDITION, "WRONG_CELL")
        assert error["metadata"]["home_cell"] == "cn"
    assert table_counts(engine) == before


def test_an_unknown_tenant_is_not_found(stub):
    assert refusal(stub.GetTenantStatus, pb.GetTenantStatusRequest(tenant_id="t-nobody"))["code"] == \
        grpc.StatusCode.NOT_FOUND


# -- status, sweep (R-ENT-4, R-ENT-5) ----------------------------------------------------------------

def test_status_follows_the_sweep_from_running_to_export_window_R_ENT_4(app, stub, tenant, clock):
    activate(app, tenant, seats=7)
    running = stub.GetTenantStatus(pb.GetTenantStatusRequest(tenant_id=tenant))
    assert (running.service_running, running.seats, running.export_window_open) == (True, 7, False)
    assert running.entitlements[0].period_end == "2027-01-04"
    clock.advance(days=365)
    assert stub.RunSweep(pb.RunSweepRequest()).summary.startswith("1 tenants due")
    stopped = stub.GetTenantStatus(pb.GetTenantStatusRequest(tenant_id=tenant))
    assert (stopped.service_running, stopped.export_window_open, stopped.export_window_closes_on) == \
        (False, True, "2027-02-03")
    assert (stopped.entitlements[0].state, stopped.entitlements[0].purge_on) == ("expired", "2027-07-05")


def test_running_the_sweep_twice_changes_nothing(app, stub, engine, tenant, clock):
    activate(app, tenant)
    clock.advance(days=365)
    stub.RunSweep(pb.RunSweepRequest())
    before = table_counts(engine)
    assert stub.RunSweep(pb.RunSweepRequest()).summary.startswith("0 tenants due")
    assert table_counts(engine) == before


def test_get_entitlements_lists_orders_and_history(app, stub, tenant):
    activate(app, tenant)
    [detail] = stub.GetEntitlements(pb.GetEntitlementsRequest(tenant_id=tenant)).entitlements
    assert [g.order_id for g in detail.grants] == [f"o-{tenant}"]
    assert [(h.from_state, h.to_state) for h in detail.history] == [("none", "pending"), ("pending", "active")]


# -- provider notices (R-ENT-7) ------------------------------------------------------------------

def terminate(tenant: str, effective_on: str = "2026-02-04", key: str = "k-1") -> pb.ProviderTerminateRequest:
    return pb.ProviderTerminateRequest(tenant_id=tenant, product="crm", effective_on=effective_on,
                                       reason="product retired", idempotency_key=key)


def test_a_termination_with_less_than_30_days_notice_is_invalid_and_writes_nothing_R_ENT_7(app, stub, engine, tenant):
    activate(app, tenant)
    before = table_counts(engine)
    error = refusal(stub.ProviderTerminate, terminate(tenant, "2026-02-03"))
    assert error["code"] == grpc.StatusCode.INVALID_ARGUMENT
    assert list(error["violations"]) == ["effective_on"]
    assert table_counts(engine) == before


def test_a_retried_termination_returns_the_same_notice_and_changes_nothing_R_ENT_7(app, stub, engine, tenant):
    activate(app, tenant)
    first = stub.ProviderTerminate(terminate(tenant))
    before = table_counts(engine)
    assert stub.ProviderTerminate(terminate(tenant)) == first
    assert table_counts(engine) == before
    assert (first.action, first.effective_on, first.status) == ("terminate", "2026-02-04", "pending")


def test_a_termination_takes_effect_through_the_sweep_when_due_R_ENT_7(app, stub, tenant, clock):
    activate(app, tenant)
    stub.ProviderTerminate(terminate(tenant))
    clock.advance(days=29)
    stub.RunSweep(pb.RunSweepRequest())
    assert stub.Check(pb.CheckRequest(tenant_id=tenant, feature="core")).allowed
    clock.advance(days=1)
    stub.RunSweep(pb.RunSweepRequest())
    assert stub.Check(pb.CheckRequest(tenant_id=tenant, feature="core")).state == "expired"


def test_a_missing_idempotency_key_is_invalid_argument(app, stub, tenant):
    error = refusal(stub.ProviderTerminate, terminate(tenant, key=""))
    assert error["code"] == grpc.StatusCode.INVALID_ARGUMENT and "idempotency_key" in error["violations"]


# -- violations (R-ENT-10) -----------------------------------------------------------------------

def test_an_uncorrected_violation_terminates_and_can_no_longer_be_resolved_R_ENT_10(app, stub, tenant, clock):
    activate(app, tenant)
    notice = stub.IssueViolationNotice(pb.IssueViolationNoticeRequest(
        tenant_id=tenant, reason="spam complaints", correct_by="2026-01-20", idempotency_key="k-v"))
    assert notice.status == "open"
    clock.advance(days=16)  # 2026-01-21
    stub.RunSweep(pb.RunSweepRequest())
    assert stub.GetTenantStatus(pb.GetTenantStatusRequest(tenant_id=tenant)).entitlements[0].state == "terminated"
    error = refusal(stub.ResolveViolation, pb.ResolveViolationRequest(
        tenant_id=tenant, notice_id=notice.notice_id, idempotency_key="k-r"))
    assert (error["code"], error["reason"]) == (grpc.StatusCode.FAILED_PRECONDITION, "DEADLINE_PASSED")


def test_a_violation_deadline_in_the_past_is_invalid_R_ENT_10(app, stub, tenant):
    activate(app, tenant)
    error = refusal(stub.IssueViolationNotice, pb.IssueViolationNoticeRequest(
        tenant_id=tenant, reason="spam", correct_by="2026-01-05", idempotency_key="k"))
    assert (error["code"], list(error["violations"])) == (grpc.StatusCode.INVALID_ARGUMENT, ["correct_by"])


# -- usage signals (R-ENT-8) -----------------------------------------------------------------------

def test_usage_signals_response_holds_counters_only_R_ENT_8():
    assert [f.name for f in pb.UsageSignals.DESCRIPTOR.fields] == \
        ["tenant_id", "month", "login_days", "open_accounts", "modules"]
    assert [f.name for f in pb.ModuleUsage.DESCRIPTOR.fields] == ["module", "uses", "days_used"]


def test_module_use_is_counted_once_per_idempotency_key_R_ENT_8(app, stub, engine, tenant):
    request = pb.RecordModuleUseRequest(tenant_id=tenant, module="mail", idempotency_key="k-1")
    stub.RecordModuleUse(request)
    before = table_counts(engine)
    stub.RecordModuleUse(request)
    assert table_counts(engine) == before
    signals = stub.GetUsageSignals(pb.GetUsageSignalsRequest(tenant_id=tenant, month="2026-01"))
    assert [(m.module, m.uses, m.days_used) for m in signals.modules] == [("mail", 1, 1)]


def test_a_bad_month_is_invalid_argument(stub, tenant):
    error = refusal(stub.GetUsageSignals, pb.GetUsageSignalsRequest(tenant_id=tenant, month="2026-13"))
    assert list(error["violations"]) == ["month"]
