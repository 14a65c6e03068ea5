"""The composition root of entitlement: bootstrap(settings, clock=None) -> App, and SPEC."""
from __future__ import annotations

from okki_api.entitlement.v1 import entitlement_pb2
from platformkit.runtime import ServiceApp
from platformkit.service import ServiceSpec
from services.entitlement import handlers
from services.entitlement.adapters.tables import metadata
from services.entitlement.adapters.unit_of_work import EntitlementUnitOfWork
from services.entitlement.entrypoints.grpc_api import add_servicers


class App(ServiceApp):
    """Entitlement takes no end user's session; its callers are authenticated by mutual TLS."""

    needs_authenticator = False

    def uow(self) -> EntitlementUnitOfWork:
        return EntitlementUnitOfWork(self.engine, metadata.tables, cell=self.cell, clock=self.clock)


def bootstrap(settings, clock=None) -> App:
    """Wire entitlement once per process; tests pass their own clock."""
    return App(settings, clock)


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
