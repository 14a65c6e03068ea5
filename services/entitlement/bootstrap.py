"""The composition root of entitlement: bootstrap(settings, clock=None) -> App, and SPEC."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine

from okki_api.entitlement.v1 import entitlement_pb2
from platformkit import telemetry
from platformkit.clock import Clock, OffsetFileClock, SystemClock
from platformkit.db import make_engine
from platformkit.directory import CellGuard, TenantDirectory
from platformkit.service import ServiceSpec
from platformkit.settings import Settings
from services.entitlement import handlers
from services.entitlement.adapters.tables import metadata
from services.entitlement.adapters.unit_of_work import EntitlementUnitOfWork
from services.entitlement.entrypoints.grpc_api import add_servicers


@dataclass
class App:
    engine: Engine
    directory_engine: Engine
    clock: Clock
    cell_guard: CellGuard

    def uow(self) -> EntitlementUnitOfWork:
        return EntitlementUnitOfWork(self.engine, metadata.tables, cell=self.cell_guard.cell, clock=self.clock,
                                     trace_headers=telemetry.current_headers)

    def close(self) -> None:
        self.engine.dispose()
        self.directory_engine.dispose()


def bootstrap(settings: Settings, clock: Clock | None = None) -> App:
    if clock is None:
        clock = OffsetFileClock(settings.clock_file) if settings.clock_file else SystemClock()
    directory_engine = make_engine(settings.directory_url.get_secret_value(), pool_size=2)
    return App(
        engine=make_engine(settings.database_url.get_secret_value()),
        directory_engine=directory_engine,
        clock=clock,
        cell_guard=CellGuard(TenantDirectory(directory_engine), settings.cell),
    )


SPEC = ServiceSpec(
    name="entitlement",
    metadata=metadata,
    migrations="services.entitlement.migrations",
    bootstrap=bootstrap,
    add_servicers=add_servicers,
    grpc_service_names=(entitlement_pb2.DESCRIPTOR.services_by_name["EntitlementService"].full_name,),
    consumer="services.entitlement.entrypoints.bus:EntitlementConsumer",
    sweep=lambda app: handlers.sweep(app.uow()),
)
