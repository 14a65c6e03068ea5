"""Requests -> commands: every field checked and every violation reported at once, before any write."""
from __future__ import annotations

import re

from platformkit import validation as check
from platformkit.errors import Violations
from services.entitlement.domain import commands
from services.entitlement.domain.records import SUSPEND, TERMINATE

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def check_access(req) -> commands.CheckAccess:
    v = Violations()
    query = commands.CheckAccess(
        tenant_id=check.identifier(v, "tenant_id", req.tenant_id),
        feature=check.identifier(v, "feature", req.feature),
        at=check.instant(v, "at", req.at),
    )
    v.raise_if_any()
    return query


def tenant_id(req) -> str:
    v = Violations()
    value = check.identifier(v, "tenant_id", req.tenant_id)
    v.raise_if_any()
    return value


def usage_signals(req) -> commands.GetUsageSignals:
    v = Violations()
    tenant = check.identifier(v, "tenant_id", req.tenant_id)
    match = _MONTH.match(req.month)
    if not match:
        v.add("month", "must be a month YYYY-MM")
    v.raise_if_any()
    return commands.GetUsageSignals(tenant, int(match.group(1)), int(match.group(2)))


def module_use(req) -> commands.RecordModuleUse:
    v = Violations()
    cmd = commands.RecordModuleUse(
        tenant_id=check.identifier(v, "tenant_id", req.tenant_id),
        module=check.identifier(v, "module", req.module),
        idempotency_key=check.idempotency_key(v, req.idempotency_key),
    )
    v.raise_if_any()
    return cmd


def provider_suspend(req) -> commands.NoticeProviderAction:
    return _provider_notice(req, SUSPEND)


def provider_terminate(req) -> commands.NoticeProviderAction:
    return _provider_notice(req, TERMINATE)


def _provider_notice(req, action: str) -> commands.NoticeProviderAction:
    v = Violations()
    cmd = commands.NoticeProviderAction(
        tenant_id=check.identifier(v, "tenant_id", req.tenant_id),
        product=check.identifier(v, "product", req.product),
        action=action,
        effective_on=check.iso_date(v, "effective_on", req.effective_on),
        reason=check.text(v, "reason", req.reason),
        idempotency_key=check.idempotency_key(v, req.idempotency_key),
    )
    v.raise_if_any()
    return cmd


def provider_resume(req) -> commands.ResumeProduct:
    v = Violations()
    cmd = commands.ResumeProduct(
        tenant_id=check.identifier(v, "tenant_id", req.tenant_id),
        product=check.identifier(v, "product", req.product),
        idempotency_key=check.idempotency_key(v, req.idempotency_key),
    )
    v.raise_if_any()
    return cmd


def violation_notice(req) -> commands.IssueViolationNotice:
    v = Violations()
    cmd = commands.IssueViolationNotice(
        tenant_id=check.identifier(v, "tenant_id", req.tenant_id),
        reason=check.text(v, "reason", req.reason),
        correct_by=check.iso_date(v, "correct_by", req.correct_by),
        idempotency_key=check.idempotency_key(v, req.idempotency_key),
    )
    v.raise_if_any()
    return cmd


def resolve_violation(req) -> commands.ResolveViolation:
    v = Violations()
    cmd = commands.ResolveViolation(
        tenant_id=check.identifier(v, "tenant_id", req.tenant_id),
        notice_id=check.identifier(v, "notice_id", req.notice_id),
        idempotency_key=check.idempotency_key(v, req.idempotency_key),
    )
    v.raise_if_any()
    return cmd


