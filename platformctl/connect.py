"""Where platformctl connects: the local cells by default, or endpoints named in the environment.

Calls go over mutual TLS with the `platformctl` workload certificate of the cell. A command about
a tenant asks the tenant directory which cell serves it (R-RES-2) and calls that cell.
"""
from __future__ import annotations

import importlib
import os
from functools import lru_cache

import grpc
import typer

from platformkit import topology
from platformkit.db import make_engine
from platformkit.directory import TenantDirectory
from platformkit.localenv import LocalEnv


@lru_cache(maxsize=1)
def env() -> LocalEnv:
    """The local cells of `make run` by default; OKKI_ENV_PREFIX and OKKI_PORT_SHIFT name others."""
    return LocalEnv(prefix=os.environ.get("OKKI_ENV_PREFIX", "okki"), port_shift=int(os.environ.get("OKKI_PORT_SHIFT", "0")))


def stub(cell: str, service: str):
    module = importlib.import_module(f"okki_api.{service}.v1.{service}_pb2_grpc")
    name = "".join(part.title() for part in service.split("_")) + "ServiceStub"
    return getattr(module, name)(_channel(cell, service))


@lru_cache(maxsize=None)
def _channel(cell: str, service: str) -> grpc.Channel:
    return env().channel(cell, service, "platformctl")


def pb(service: str):
    return importlib.import_module(f"okki_api.{service}.v1.{service}_pb2")


def cell_of(tenant_id: str) -> str:
    entry = TenantDirectory(make_engine(env().directory_url(), pool_size=1)).lookup(tenant_id)
    if entry is None:
        raise typer.BadParameter(f"tenant {tenant_id} is not in the directory", param_hint="TENANT_ID")
    return entry.cell


def cell_for_jurisdiction(jurisdiction: str) -> str:
    return topology.load().cell_for(jurisdiction).name
