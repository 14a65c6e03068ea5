"""The audit composition root: bootstrap(settings, clock=None) -> App, and the SPEC the platform serves."""
from __future__ import annotations

import grpc

from okki_api.audit.v1 import audit_pb2, audit_pb2_grpc
from platformkit.runtime import ServiceApp
from platformkit.service import ServiceSpec
from services.audit.adapters import tables
from services.audit.adapters.unit_of_work import AuditUnitOfWork
from services.audit.entrypoints.grpc_api import AuditServicer


class AuditApp(ServiceApp):
    """End users' sessions are resolved by identity (the runtime's authenticator)."""

    def uow(self) -> AuditUnitOfWork:
        return AuditUnitOfWork(self.engine, tables.platform, cell=self.cell, clock=self.clock)


def bootstrap(settings, clock=None, *, authenticator=None) -> AuditApp:
    """Wire the service once per process; tests pass their own clock and authenticator."""
    return AuditApp(settings, clock, authenticator=authenticator)


def add_servicers(server: grpc.Server, app: AuditApp) -> None:
    audit_pb2_grpc.add_AuditServiceServicer_to_server(AuditServicer(app), server)


SPEC = ServiceSpec(
    name="audit",
    metadata=tables.metadata,
    migrations="services.audit.migrations",
    bootstrap=bootstrap,
    add_servicers=add_servicers,
    grpc_service_names=(audit_pb2.DESCRIPTOR.services_by_name["AuditService"].full_name,),
    consumer="services.audit.entrypoints.bus:AuditConsumer",
    sweep=None,
)
