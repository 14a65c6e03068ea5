"""Which workload may call which RPC: the allow-list in config/access.toml, enforced per call.

Deny by default: a method not listed falls back to the service's "*" entry, and a service with
no entry admits nobody. Health and reflection are open to every workload of the cell.
"""
from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from platformkit.errors import PermissionDenied

ACCESS_PATH = Path(__file__).resolve().parent.parent / "config" / "access.toml"
OPEN_SERVICES = ("grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection",
                 "grpc.reflection.v1.ServerReflection")


@lru_cache(maxsize=1)
def policy(path: Path = ACCESS_PATH) -> dict[str, dict[str, frozenset[str]]]:
    raw = tomllib.loads(path.read_text())
    return {service: {method: frozenset(callers) for method, callers in methods.items()}
            for service, methods in raw.items()}


def split(full_method: str) -> tuple[str, str]:
    """'/okki.billing.v1.BillingService/PlaceOrder' -> ('okki.billing.v1.BillingService', 'PlaceOrder')."""
    _, service, method = full_method.split("/", 2)
    return service, method


def allowed(service_name: str, full_method: str, workload: str | None) -> bool:
    grpc_service, method = split(full_method)
    if grpc_service in OPEN_SERVICES:
        return workload is not None
    rules = policy().get(service_name, {})
    callers = rules.get(method, rules.get("*", frozenset()))
    return workload in callers


def check(service_name: str, full_method: str, workload: str | None) -> None:
    if not allowed(service_name, full_method, workload):
        raise PermissionDenied(f"workload {workload or 'unknown'!r} may not call {full_method}",
                               reason="CALLER_NOT_ALLOWED", metadata={"caller": workload or ""})
