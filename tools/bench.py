"""`make bench`: throughput of our plumbing as ratios against a baseline measured in the same run.

Absolute numbers on a shared 2-core machine are noise; a ratio against a baseline run side by side
is steadier. Each rate is the best of three rounds. Each line names what is compared, the two rates, the ratio and the target it must meet.
  1. outbox relay: committed events claimed, published with confirms and marked, vs publishing the
     same events straight to RabbitMQ with nameko's publisher (what a relay cannot beat);
  2. gRPC stack: calls through our server (mutual TLS, allow-list, interceptor), vs the same
     health call on a bare plaintext grpcio server;
  3. consumer decode: envelopes decoded and type-checked vs plain json.loads of the same bodies.
"""
from __future__ import annotations

import json
import sys
import tempfile
import time
from concurrent import futures
from dataclasses import dataclass
from pathlib import Path

import grpc
import sqlalchemy as sa
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from platformkit import events, grpcserver, mtls, pki, topology
from platformkit.clock import SystemClock
from platformkit.db import SqlUnitOfWork, make_engine, platform_tables
from platformkit.migrate import ensure_database
from platformkit.relay import BusPublisher, OutboxRelay
from platformkit.testing import TEST_ENV, StaticAuthenticator, make_settings, truncate_all

ROUNDS = 3


@dataclass
class Result:
    name: str
    ours: float
    baseline: float
    target: float
    unit: str

    @property
    def ratio(self) -> float:
        return self.ours / self.baseline

    @property
    def ok(self) -> bool:
        return self.ratio >= self.target


def rate(fn, n: int) -> float:
    """Best of ROUNDS runs of fn(n), in operations per second."""
    best = 0.0
    for _ in range(ROUNDS):
        started = time.perf_counter()
        fn(n)
        best = max(best, n / (time.perf_counter() - started))
    return best


def bench_relay(n: int = 400) -> Result:
    from contracts.events.v1.audit import AuditRequested

    url = TEST_ENV.database_url("sg", "bench")
    ensure_database(url)
    metadata = sa.MetaData()
    tables = platform_tables(metadata)
    engine = make_engine(url)
    metadata.create_all(engine)
    amqp = TEST_ENV.amqp_uri("sg")
    publisher = BusPublisher(amqp)
    relay = OutboxRelay(engine, tables["outbox"], publisher, poll_seconds=1, batch=200, dsn="")
    sample = AuditRequested(tenant_id="t_bench", actor="bench", action="bench", subject="s", purpose="p",
                            outcome="ok", region="ap-southeast-1", trace_id="")

    def committed(count: int) -> None:
        truncate_all(engine)
        with SqlUnitOfWork(engine, tables, cell="sg", clock=SystemClock()) as uow:
            for _ in range(count):
                uow.publish(sample)
            uow.commit()

    def relayed(count: int) -> None:
        assert relay.drain() == count

    def direct(count: int) -> None:
        for _ in range(count):
            publisher.publish(events.encode(sample, cell="sg", occurred_at=SystemClock().now()).as_dict(), {})

    best = 0.0
    for _ in range(ROUNDS):
        committed(n)
        started = time.perf_counter()
        relayed(n)
        best = max(best, n / (time.perf_counter() - started))
    result = Result("outbox relay (claim, publish, mark) vs direct publish", best, rate(direct, n), 0.7, "events/s")
    engine.dispose()
    return result


def bench_grpc(n: int = 1500) -> Result:
    from services.audit.bootstrap import SPEC

    root = Path(tempfile.mkdtemp())
    pki.ensure_cell(root, "sg", ["audit", "platformctl"])
    settings = make_settings("audit", "sg", tls_dir=root, insecure_grpc=False, grpc_bind="127.0.0.1:0")
    app = SPEC.bootstrap(settings, authenticator=StaticAuthenticator())
    ours, _health, port = grpcserver.build(SPEC, settings, app)
    ours.start()
    material = pki.load(root, "platformctl")
    secure = grpc.secure_channel(f"127.0.0.1:{port}", grpc.ssl_channel_credentials(material.ca, material.key, material.cert),
                                 options=[("grpc.ssl_target_name_override", mtls.LOCAL_TARGET_NAME)])
    bare = grpc.server(futures.ThreadPoolExecutor(max_workers=16))
    bare_health = health.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(bare_health, bare)
    bare_port = bare.add_insecure_port("127.0.0.1:0")
    bare.start()
    plain = grpc.insecure_channel(f"127.0.0.1:{bare_port}")

    def calls(channel):
        stub = health_pb2_grpc.HealthStub(channel)
        request = health_pb2.HealthCheckRequest()

        def run(count: int) -> None:
            for _ in range(count):
                stub.Check(request, timeout=5)
        return run

    result = Result("gRPC call, our stack (mTLS, allow-list) vs bare grpcio", rate(calls(secure), n),
                    rate(calls(plain), n), 0.5, "calls/s")
    secure.close()
    plain.close()
    ours.stop(None)
    bare.stop(None)
    app.close()
    return result


def bench_decode(n: int = 20000) -> Result:
    import contracts.events.v1  # noqa: F401 - registers the schemas
    from contracts.events.v1.billing import OrderPlaced
    from datetime import date, datetime, timezone

    body = json.dumps(events.encode(
        OrderPlaced(tenant_id="t_1", order_id="o_1", kind="new", channel="distributor", product="crm", plan="pro",
                    placed_on=date(2026, 1, 5)),
        cell="sg", occurred_at=datetime(2026, 1, 5, tzinfo=timezone.utc)).as_dict())

    def ours(count: int) -> None:
        for _ in range(count):
            events.decode(json.loads(body))

    def baseline(count: int) -> None:
        for _ in range(count):
            json.loads(body)

    return Result("event decode + type check vs json.loads", rate(ours, n), rate(baseline, n), 0.15, "events/s")


def main() -> int:
    from platformkit.localenv import ensure_vhosts

    ensure_vhosts([TEST_ENV.vhost(c) for c in topology.load().cells])
    results = [bench_relay(), bench_grpc(), bench_decode()]
    lines = ["| comparison | ours | baseline | ratio | target | ok |", "|---|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r.name} | {r.ours:,.0f} {r.unit} | {r.baseline:,.0f} {r.unit} | {r.ratio:.2f} | "
                     f">= {r.target} | {'yes' if r.ok else 'NO'} |")
    table = "\n".join(lines)
    sys.stdout.write(table + "\n")
    Path("var").mkdir(exist_ok=True)
    Path("var/bench.md").write_text(table + "\n")
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
