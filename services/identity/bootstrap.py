"""Identity's composition root: `bootstrap(settings, clock=None) -> App`, and SPEC for the platform."""
from __future__ import annotations

from okki_api.identity.v1 import identity_pb2
from platformkit.clock import Clock
from platformkit.runtime import ServiceApp
from platformkit.service import ServiceSpec
from platformkit.settings import Settings
from services.identity.adapters.clients import GrpcBilling, GrpcDataVault, GrpcEntitlement, Peers
from services.identity.adapters.passwords import Argon2Passwords
from services.identity.adapters.tables import metadata
from services.identity.adapters.unit_of_work import IdentityUnitOfWork
from services.identity.entrypoints.grpc_api import add_servicers
from services.identity.handlers import maintenance
from services.identity.handlers.sessions import SessionAuthenticator


class App(ServiceApp):
    """Everything identity's entry points need, built once per process. Identity registers the
    tenants it creates in the directory (R-RES-1) and is the authenticator: it resolves session
    tokens itself, never over gRPC."""

    needs_authenticator = False

    def __init__(self, settings: Settings, clock: Clock | None, peers: Peers | None):
        super().__init__(settings, clock)
        self.passwords = Argon2Passwords()
        self.authenticator = SessionAuthenticator(self.uow)
        self.peers = peers or Peers(billing=GrpcBilling(self.channel("billing")),
                                    entitlement=GrpcEntitlement(self.channel("entitlement")),
                                    data_vault=GrpcDataVault(self.channel("data_vault")))

    def uow(self) -> IdentityUnitOfWork:
        return IdentityUnitOfWork(self.engine, metadata.tables, cell=self.cell, clock=self.clock)


def bootstrap(settings: Settings, clock: Clock | None = None, *, peers: Peers | None = None) -> App:
    """Wire identity once per process; tests pass their own clock and peers."""
    return App(settings, clock, peers)


SPEC = ServiceSpec(
    name="identity",
    metadata=metadata,
    migrations="services.identity.migrations",
    bootstrap=bootstrap,
    add_servicers=add_servicers,
    grpc_service_names=(identity_pb2.DESCRIPTOR.services_by_name["IdentityService"].full_name,),
    consumer="services.identity.entrypoints.bus:IdentityConsumer",
    sweep=lambda app: maintenance.sweep(app.uow()),
)
