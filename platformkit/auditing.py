"""Audit requests from the platform layer: written to the service's outbox, appended by audit."""
from __future__ import annotations

import logging

from contracts.events.v1.audit import AuditRequested
from platformkit import topology
from platformkit.db import SqlUnitOfWork
from platformkit.events import PLATFORM_TENANT
from platformkit.telemetry import current_trace_id

log = logging.getLogger(__name__)


def audit_refusal(spec, settings, app, workload: str | None, method: str) -> None:
    """R-AUD-1: a call refused by the allow-list is recorded (actor, action, region, trace id)."""
    event = AuditRequested(
        tenant_id=PLATFORM_TENANT, actor=f"workload:{workload or 'unknown'}", action="rpc.refused",
        subject=method, purpose="access-control", outcome="denied",
        region=topology.load().cells[settings.cell].region, trace_id=current_trace_id(),
    )
    try:
        with SqlUnitOfWork(app.engine, spec.metadata.tables, cell=settings.cell, clock=app.clock) as uow:
            uow.publish(event)
            uow.commit()
    except Exception:  # noqa: BLE001 - the refusal stands even if the audit write fails; it is logged
        log.exception("could not record the audit of a refused call to %s", method)
