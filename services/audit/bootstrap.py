"""The audit composition root: bootstrap(settings, clock=None) -> App, and the SPEC the platform serves."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable

import grpc
from sqlalchemy.engine import Engine

from okki_api.audit.v1 import audit_pb2, audit_pb2_grpc
from platformkit import grpcclient, telemetry
from platformkit.auth import Authenticator
from platformkit.clock import Clock, OffsetFileClock, SystemClock
from platformkit.db import make_engine
from platformkit.directory import CellGuard, TenantDirectory
from platformkit.service import ServiceSpec
from platformkit.settings import Settings
from services.audit.adapters import tables
from services.audit.adapters.unit_of_work import AuditUnitOfWork
from services.audit.entrypoints.grpc_api import AuditServicer


@dataclass
class AuditApp:
    engine: Engine
    clock: Clock
    cell_guard: CellGuard
    authenticator: Authenticator
    uow: Callable[[], AuditUnitOfWork]
    closers: tuple[Callable[[], None], ...]

    def close(self) -> None:
        for close in self.closers:
            close()


def bootstrap(settings: Settings, clock: Clock | None = None, *,
              authenticator: Authenticator | None = None) -> AuditApp:
    """Wire the audit service once per process; tests pass their own clock and authenticator."""
    engine = make_engine(settings.database_url.get_secret_value())
    directory_engine = make_engine(settings.directory_url.get_secret_value(), pool_size=2)
    clock = clock or (OffsetFileClock(settings.clock_file) if settings.clock_file else SystemClock())
    closers: list[Callable[[], None]] = [engine.dispose, directory_engine.dispose]
    if authenticator is None:
        identity = grpcclient.channel(settings, "identity")
        closers.append(identity.close)
        authenticator = grpcclient.IdentityAuthenticator(identity)
    return AuditApp(
        engine=engine,
        clock=clock,
        cell_guard=CellGuard(TenantDirectory(directory_engine), settings.cell),
        authenticator=authenticator,
        uow=functools.partial(AuditUnitOfWork, engine, tables.platform, cell=settings.cell, clock=clock,
                              trace_headers=telemetry.current_headers),
        closers=tuple(closers),
    )


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
