"""Starts and watches every process of the chosen cells: `make run`, the e2e and the fault tests.

One source of the process list: topology (config/platform.toml) x {grpc, bus}. A process that
dies unexpectedly is restarted with a short back-off; `kill` and `start` let fault tests play.
"""
from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from platformkit import topology
from platformkit.localenv import LocalEnv

log = logging.getLogger(__name__)
KINDS = ("grpc", "bus")


@dataclass
class Proc:
    cell: str
    service: str
    kind: str
    popen: subprocess.Popen | None = None
    wanted: bool = True

    @property
    def label(self) -> str:
        return f"{self.cell}/{self.service}/{self.kind}"


@dataclass
class Supervisor:
    env: LocalEnv
    cells: tuple[str, ...] = ()
    log_dir: Path | None = None  # None: children write to this process's stdout/stderr
    auto_restart: bool = True
    procs: dict[tuple[str, str, str], Proc] = field(default_factory=dict)

    def __post_init__(self):
        topo = topology.load()
        self.cells = self.cells or tuple(topo.cells)
        for cell in self.cells:
            for service in topo.services:
                for kind in KINDS:
                    self.procs[(cell, service, kind)] = Proc(cell, service, kind)
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._watcher = threading.Thread(target=self._watch, name="supervisor", daemon=True)

    def start(self) -> None:
        for proc in self.procs.values():
            self._spawn(proc)
        self._watcher.start()

    def _spawn(self, proc: Proc) -> None:
        env = {**os.environ, **self.env.env(proc.cell, proc.service)}
        cmd = [sys.executable, "-m", "platformkit.cli", proc.kind, "--service", proc.service, "--cell", proc.cell]
        out = None
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            out = open(self.log_dir / f"{proc.cell}-{proc.service}-{proc.kind}.log", "ab")
        proc.popen = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT if out else None,
                                      start_new_session=True)
        proc.wanted = True
        if out is not None:
            out.close()

    def _watch(self) -> None:
        while not self._stopping.wait(0.5):
            with self._lock:
                for proc in self.procs.values():
                    if proc.wanted and proc.popen and proc.popen.poll() is not None and self.auto_restart:
                        log.warning("%s exited with %s; restarting", proc.label, proc.popen.returncode)
                        self._spawn(proc)

    def kill(self, cell: str, service: str, kind: str, sig: int = signal.SIGKILL) -> None:
        """Kill a process and keep it down until `start_one` (fault tests)."""
        with self._lock:
            proc = self.procs[(cell, service, kind)]
            proc.wanted = False
            proc.popen.send_signal(sig)
            proc.popen.wait(10)

    def start_one(self, cell: str, service: str, kind: str) -> None:
        with self._lock:
            self._spawn(self.procs[(cell, service, kind)])

    def wait_healthy(self, timeout: float = 90.0) -> None:
        """Every gRPC server answers SERVING (the bus processes declare nothing we wait on:
        their queues were declared at migration time, so no event is lost before they start)."""
        deadline = time.monotonic() + timeout
        for cell in self.cells:
            for service in topology.load().services:
                self.wait_serving(cell, service, deadline - time.monotonic())

    def wait_serving(self, cell: str, service: str, timeout: float) -> None:
        target = self.env.endpoint(cell, service)
        deadline = time.monotonic() + timeout
        with self.env.channel(cell, service) as chan:
            stub = health_pb2_grpc.HealthStub(chan)
            while True:
                try:
                    reply = stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=1)
                    if reply.status == health_pb2.HealthCheckResponse.SERVING:
                        return
                except grpc.RpcError:
                    pass
                proc = self.procs[(cell, service, "grpc")]
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{cell}/{service} gRPC not serving on {target} (exit code {proc.popen.poll()})")
                time.sleep(0.2)

    def stop(self, timeout: float = 15.0) -> None:
        self._stopping.set()
        with self._lock:
            for proc in self.procs.values():
                proc.wanted = False
                if proc.popen and proc.popen.poll() is None:
                    proc.popen.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + timeout
            for proc in self.procs.values():
                if proc.popen is None:
                    continue
                try:
                    proc.popen.wait(max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    log.warning("%s did not stop in time; killing it", proc.label)
                    proc.popen.kill()
                    proc.popen.wait()
