"""Both cells as real processes (the same supervisor as `make run`), and clients to call them."""
from __future__ import annotations

import importlib
import time
from datetime import timedelta

import pytest
from kombu import Connection

from platformkit import topology
from platformkit.bus import bindings, queue_for
from platformkit.clock import OffsetFileClock
from platformkit.consumer_runner import consumer_class
from platformkit.db import make_engine
from platformkit.localenv import LocalEnv
from platformkit.supervisor import Supervisor
from platformkit.testing import truncate_all

E2E_ENV = LocalEnv(prefix="okkie2e", port_shift=2000, telemetry="file")


def _reset(env: LocalEnv) -> None:
    """Empty every database and queue of the e2e cells, and put their clocks back to now."""
    topo = topology.load()
    urls = [env.database_url(c, s) for c in topo.cells for s in topo.services] + [env.directory_url()]
    for url in urls:
        engine = make_engine(url, pool_size=1)
        try:
            truncate_all(engine)
        finally:
            engine.dispose()
    for cell in topo.cells:
        OffsetFileClock.write_offset(env.clock_file(cell), timedelta(0))
        with Connection(env.amqp_uri(cell)) as conn:
            channel = conn.channel()
            for service in topo.services:
                cls = consumer_class(service)
                for method, source, event_type in bindings(cls):
                    queue_for(cls.name, method, source, event_type)(channel).purge()
    trace_file = env.state_dir / "traces.jsonl"
    trace_file.unlink(missing_ok=True)


@pytest.fixture(scope="package")
def cells():
    """Both cells, started once for the e2e package and stopped when it ends."""
    E2E_ENV.prepare()
    _reset(E2E_ENV)
    supervisor = Supervisor(E2E_ENV, log_dir=E2E_ENV.state_dir / "logs")
    supervisor.start()
    try:
        supervisor.wait_healthy(timeout=120)
        yield Cells(E2E_ENV, supervisor)
    finally:
        supervisor.stop()


class Cells:
    """Stubs to both cells' services over mutual TLS, and control of each cell's clock."""

    def __init__(self, env: LocalEnv, supervisor: Supervisor):
        self.env, self.supervisor = env, supervisor
        self._channels = {}

    def stub(self, cell: str, service: str, workload: str = "gateway"):
        key = (cell, service, workload)
        if key not in self._channels:
            self._channels[key] = self.env.channel(cell, service, workload)
        module = importlib.import_module(f"okki_api.{service}.v1.{service}_pb2_grpc")
        name = "".join(part.title() for part in service.split("_")) + "ServiceStub"
        return getattr(module, name)(self._channels[key])

    def pb(self, service: str):
        return importlib.import_module(f"okki_api.{service}.v1.{service}_pb2")

    def move_clock(self, cell: str, delta: timedelta) -> None:
        path = self.env.clock_file(cell)
        OffsetFileClock.write_offset(path, OffsetFileClock.read_offset(path) + delta)

    def clock_now(self, cell: str):
        return OffsetFileClock(self.env.clock_file(cell)).now()

    def engine(self, cell: str, service: str):
        return make_engine(self.env.database_url(cell, service), pool_size=1)


def wait_for(predicate, timeout: float = 30.0, interval: float = 0.1, what: str = "condition"):
    """Poll until `predicate()` is truthy (events cross processes asynchronously)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)
