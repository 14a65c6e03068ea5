"""Billing's composition root: bootstrap(settings, clock=None) -> App, and the SPEC the platform serves."""
from __future__ import annotations

from okki_api.billing.v1 import billing_pb2
from platformkit.runtime import ServiceApp
from platformkit.service import ServiceSpec
from services.billing import handlers
from services.billing.adapters import tables
from services.billing.adapters.unit_of_work import BillingUnitOfWork
from services.billing.entrypoints.grpc_api import add_servicers


class BillingApp(ServiceApp):
    """Billing calls no peer and takes no end user's session: a tenant's jurisdiction and cell
    come from the directory, its callers are authenticated by mutual TLS."""

    needs_authenticator = False

    def uow(self) -> BillingUnitOfWork:
        return BillingUnitOfWork(self.engine, cell=self.cell, clock=self.clock)


def bootstrap(settings, clock=None) -> BillingApp:
    """Wire billing once per process; tests pass their own clock."""
    return BillingApp(settings, clock)


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
