"""What a service hands the platform so it can be served, consumed, migrated and tested."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import grpc
import sqlalchemy as sa

from platformkit.clock import Clock
from platformkit.settings import Settings


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    metadata: sa.MetaData
    migrations: str  # dotted package of the Alembic script directory
    bootstrap: Callable[..., Any]  # (settings, clock=None) -> a platformkit.runtime.ServiceApp
    add_servicers: Callable[[grpc.Server, Any], None]
    grpc_service_names: tuple[str, ...]
    consumer: str  # dotted path "module:Class" of the nameko consumer (imported only under eventlet)
    sweep: Callable[[Any], Any] | None = None  # (app) -> summary; run by the timer and RunSweep

    def build(self, settings: Settings, clock: Clock | None = None):
        return self.bootstrap(settings, clock=clock)


def spec_of(service: str) -> ServiceSpec:
    import importlib

    return importlib.import_module(f"services.{service}.bootstrap").SPEC
