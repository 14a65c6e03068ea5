"""The EntitlementService servicer: request -> validate -> handler -> response. Nothing else."""
from __future__ import annotations

from datetime import date, datetime

from okki_api.entitlement.v1 import entitlement_pb2 as pb
from okki_api.entitlement.v1 import entitlement_pb2_grpc as pb_grpc
from services.entitlement import handlers
from services.entitlement.domain import views
from services.entitlement.domain.records import ProviderNotice, ViolationNotice
from services.entitlement.entrypoints import requests


class EntitlementServicer(pb_grpc.EntitlementServiceServicer):
    def __init__(self, app):
        self._app = app

    def _run(self, handler, command):
        return handler(command, self._app.uow(), self._app.cell_guard)

    def Check(self, request, context):
        decision = self._run(handlers.check, requests.check_access(request))
        return pb.CheckResponse(allowed=decision.allowed, reason=decision.reason, state=decision.state)

    def GetTenantStatus(self, request, context):
        status = self._run(handlers.tenant_status, requests.tenant_id(request))
        return pb.TenantStatus(
            service_running=status.service_running,
            entitlements=[_summary(v) for v in status.entitlements],
            export_window_open=status.export_window_open,
            export_window_closes_on=_day(status.export_window_closes_on),
            seats=status.seats,
        )

    def GetEntitlements(self, request, context):
        status = self._run(handlers.tenant_status, requests.tenant_id(request))
        return pb.GetEntitlementsResponse(entitlements=[_detail(v) for v in status.entitlements])

    def GetUsageSignals(self, request, context):
        signals = self._run(handlers.usage_signals, requests.usage_signals(request))
        return pb.UsageSignals(
            tenant_id=signals.tenant_id, month=signals.month, login_days=signals.login_days,
            open_accounts=signals.open_accounts,
            modules=[pb.ModuleUsage(module=m.module, uses=m.uses, days_used=m.days_used) for m in signals.modules],
        )

    def RecordModuleUse(self, request, context):
        self._run(handlers.record_module_use, requests.module_use(request))
        return pb.RecordModuleUseResponse()

    def ProviderSuspend(self, request, context):
        outcome = self._run(handlers.notice_provider_action, requests.provider_suspend(request))
        return _notice(outcome.entitlement_id, outcome.notice)

    def ProviderTerminate(self, request, context):
        outcome = self._run(handlers.notice_provider_action, requests.provider_terminate(request))
        return _notice(outcome.entitlement_id, outcome.notice)

    def ProviderResume(self, request, context):
        outcome = self._run(handlers.resume_product, requests.provider_resume(request))
        return pb.ProviderResumeResponse(entitlement_id=outcome.entitlement_id, state=outcome.state)

    def IssueViolationNotice(self, request, context):
        cmd = requests.violation_notice(request)
        return _violation(cmd.tenant_id, self._run(handlers.issue_violation_notice, cmd))

    def ResolveViolation(self, request, context):
        cmd = requests.resolve_violation(request)
        return _violation(cmd.tenant_id, self._run(handlers.resolve_violation, cmd))

    def RunSweep(self, request, context):
        return pb.RunSweepResponse(summary=handlers.sweep(self._app.uow()))


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _instant(value: datetime | None) -> str:
    return value.isoformat() if value else ""


def _summary(v: views.EntitlementView) -> pb.EntitlementSummary:
    e = v.entitlement
    return pb.EntitlementSummary(
        entitlement_id=e.entitlement_id, product=e.product, plan=v.plan, state=e.state.value, trial=v.trial,
        seats=v.seats, modules=sorted(v.modules), period_start=_day(v.period_start), period_end=_day(v.period_end),
        export_window_closes_on=_day(v.export_window_closes_on), purge_on=_day(v.purge_on),
    )


def _detail(v: views.EntitlementView) -> pb.EntitlementDetail:
    e = v.entitlement
    return pb.EntitlementDetail(
        summary=_summary(v),
        grants=[pb.Grant(order_id=g.order_id, kind=g.kind, plan=g.plan, seats=g.seats, modules=sorted(g.modules),
                         trial=g.trial, period_start=_day(g.start), period_end=_day(g.end),
                         recorded_at=_instant(g.recorded_at)) for g in e.grants],
        history=[pb.StateTransition(from_state=h.from_state.value, to_state=h.to_state.value, reason=h.reason,
                                    at=_instant(h.at)) for h in e.history],
        notices=[_notice(e.entitlement_id, n) for n in e.notices],
    )


def _notice(entitlement_id: str, n: ProviderNotice) -> pb.ProviderNotice:
    return pb.ProviderNotice(notice_id=n.notice_id, entitlement_id=entitlement_id, action=n.action,
                             noticed_on=_day(n.noticed_on), effective_on=_day(n.effective_on), status=n.status)


def _violation(tenant_id: str, n: ViolationNotice) -> pb.ViolationNotice:
    return pb.ViolationNotice(notice_id=n.notice_id, tenant_id=tenant_id, correct_by=_day(n.correct_by),
                              status=n.status)


def add_servicers(server, app) -> None:
    pb_grpc.add_EntitlementServiceServicer_to_server(EntitlementServicer(app), server)
