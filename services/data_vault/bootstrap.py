"""The vault's composition root: bootstrap(settings, clock=None) -> App, and the SPEC the platform serves."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable

import grpc
from sqlalchemy.engine import Engine

from okki_api.data_vault.v1 import data_vault_pb2, data_vault_pb2_grpc
from platformkit import grpcclient, telemetry
from platformkit.auth import Authenticator
from platformkit.clock import Clock, OffsetFileClock, SystemClock
from platformkit.db import make_engine
from platformkit.directory import CellGuard, TenantDirectory
from platformkit.service import ServiceSpec
from platformkit.settings import Settings
from services.data_vault.adapters import tables
from services.data_vault.adapters.unit_of_work import DataVaultUnitOfWork
from services.data_vault.entrypoints.grpc_api import DataVaultServicer


@dataclass
class DataVaultApp:
    engine: Engine
    clock: Clock
    cell_guard: CellGuard
    authenticator: Authenticator
    uow: Callable[[], DataVaultUnitOfWork]
    closers: tuple[Callable[[], None], ...]

    def close(self) -> None:
        for close in self.closers:
            close()


def bootstrap(settings: Settings, clock: Clock | None = None, *,
              authenticator: Authenticator | None = None) -> DataVaultApp:
    """Wire the vault once per process; tests pass their own clock and authenticator."""
    engine = make_engine(settings.database_url.get_secret_value())
    directory_engine = make_engine(settings.directory_url.get_secret_value(), pool_size=2)
    clock = clock or (OffsetFileClock(settings.clock_file) if settings.clock_file else SystemClock())
    closers: list[Callable[[], None]] = [engine.dispose, directory_engine.dispose]
    if authenticator is None:
        identity = grpcclient.channel(settings, "identity")
        closers.append(identity.close)
        authenticator = grpcclient.IdentityAuthenticator(identity)
    return DataVaultApp(
        engine=engine,
        clock=clock,
        cell_guard=CellGuard(TenantDirectory(directory_engine), settings.cell),
        authenticator=authenticator,
        uow=functools.partial(DataVaultUnitOfWork, engine, tables.platform, cell=settings.cell, clock=clock,
                              trace_headers=telemetry.current_headers),
        closers=tuple(closers),
    )


def add_servicers(server: grpc.Server, app: DataVaultApp) -> None:
    data_vault_pb2_grpc.add_DataVaultServiceServicer_to_server(DataVaultServicer(app), server)


SPEC = ServiceSpec(
    name="data_vault",
    metadata=tables.metadata,
    migrations="services.data_vault.migrations",
    bootstrap=bootstrap,
    add_servicers=add_servicers,
    grpc_service_names=(data_vault_pb2.DESCRIPTOR.services_by_name["DataVaultService"].full_name,),
    consumer="services.data_vault.entrypoints.bus:DataVaultConsumer",
    sweep=None,
)
