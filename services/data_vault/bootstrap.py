"""The vault's composition root: bootstrap(settings, clock=None) -> App, and the SPEC the platform serves."""
from __future__ import annotations

import grpc

from okki_api.data_vault.v1 import data_vault_pb2, data_vault_pb2_grpc
from platformkit.runtime import ServiceApp
from platformkit.service import ServiceSpec
from services.data_vault.adapters import tables
from services.data_vault.adapters.unit_of_work import DataVaultUnitOfWork
from services.data_vault.entrypoints.grpc_api import DataVaultServicer


class DataVaultApp(ServiceApp):
    """End users' sessions are resolved by identity (the runtime's authenticator)."""

    def uow(self) -> DataVaultUnitOfWork:
        return DataVaultUnitOfWork(self.engine, tables.platform, cell=self.cell, clock=self.clock)


def bootstrap(settings, clock=None, *, authenticator=None) -> DataVaultApp:
    """Wire the service once per process; tests pass their own clock and authenticator."""
    return DataVaultApp(settings, clock, authenticator=authenticator)


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
