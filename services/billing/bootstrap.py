"""Billing's composition root: bootstrap(settings, clock=None) -> App, and the SPEC the platform serves."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable

from sqlalchemy.engine import Engine

from okki_api.billing.v1 import billing_pb2
from platformkit.clock import Clock, OffsetFileClock, SystemClock
from platformkit.db import make_engine
from platformkit.directory import CellGuard, TenantDirectory
from platformkit.service import ServiceSpec
from platformkit.settings import Settings
from services.billing import handlers
from services.billing.adapters import tables
from services.billing.adapters.unit_of_work import BillingUnitOfWork
from services.billing.entrypoints.grpc_api import add_servicers


@dataclass
class BillingApp:
    """Billing calls no peer: a tenant's jurisdiction and cell come from the directory."""

    engine: Engine
    clock: Clock
    cell_guard: CellGuard
    uow: Callable[[], BillingUnitOfWork]
    closers: tuple[Callable[[], None], ...]

    def close(self) -> None:
        for close in self.closers:
            close()


def bootstrap(settings: Settings, clock: Clock | None = None) -> BillingApp:
    """Wire billing once per process; tests pass their own clock."""
    engine = make_engine(settings.database_url.get_secret_value())
    directory_engine = make_engine(settings.directory_url.get_secret_value(), pool_size=2)
    clock = clock or (OffsetFileClock(settings.clock_file) if settings.clock_file else SystemClock())
    return BillingApp(
        engine=engine,
        clock=clock,
        cell_guard=CellGuard(TenantDirectory(directory_engine), settings.cell),
        uow=functools.partial(BillingUnitOfWork, engine, cell=settings.cell, clock=clock),
        closers=(engine.dispose, directory_engine.dispose),
    )


def sweep(app: BillingApp) -> str:
    return handlers.sweep(app.uow)


SPEC = ServiceSpec(
    name="billing",
    metadata=tables.metadata,
    migrations="services.billing.migrations",
    bootstrap=bootstrap,
    add_servicers=add_servicers,
    grpc_service_names=(billing_pb2.DESCRIPTOR.services_by_name["BillingService"].full_name,),
    consumer="services.billing.entrypoints.bus:BillingConsumer",
    sweep=sweep,
)
