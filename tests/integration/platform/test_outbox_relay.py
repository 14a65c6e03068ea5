"""The transactional outbox and its relay against the real PostgreSQL and RabbitMQ."""
from __future__ import annotations

import subprocess
import threading
import time
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from kombu import Connection, Queue

from platformkit.clock import SystemClock
from platformkit.db import SqlUnitOfWork, make_engine, platform_tables
from platformkit.events import Event
from platformkit.migrate import ensure_database
from platformkit.relay import BusPublisher, OutboxRelay, event_exchange
from platformkit.testing import TEST_ENV, truncate_all

pytestmark = pytest.mark.integration


@dataclass(frozen=True)
class ProbeHappened(Event):
    SOURCE = "platformtest"
    TYPE = "ProbeHappened"
    seq: int


@pytest.fixture
def outbox_db():
    url = TEST_ENV.database_url("sg", "platformtest")
    ensure_database(url)
    metadata = sa.MetaData()
    tables = platform_tables(metadata)
    engine = make_engine(url, pool_size=4)
    metadata.create_all(engine)
    truncate_all(engine)
    yield engine, tables
    engine.dispose()


@pytest.fixture
def probe_queue(test_vhosts):
    queue = Queue("platformtest-probe", exchange=event_exchange("platformtest"), routing_key="ProbeHappened",
                  durable=True, auto_delete=False)
    with Connection(TEST_ENV.amqp_uri("sg")) as conn:
        bound = queue(conn.channel())
        bound.declare()
        bound.purge()
    return queue


def drain_queue(queue: Queue, expected: int, timeout: float = 60.0) -> list[dict]:
    got: list[dict] = []
    deadline = time.monotonic() + timeout
    while len(got) < expected and time.monotonic() < deadline:
        try:
            with Connection(TEST_ENV.amqp_uri("sg"), connect_timeout=2) as conn:
                bound = queue(conn.channel())
                while len(got) < expected and (message := bound.get(no_ack=True)) is not None:
                    got.append(message.payload)
        except OSError:
            pass
        if len(got) < expected:
            time.sleep(0.2)
    return got


def write(engine, tables, seqs) -> None:
    for seq in seqs:
        with SqlUnitOfWork(engine, tables, cell="sg", clock=SystemClock()) as uow:
            uow.publish(ProbeHappened(tenant_id="t_probe", seq=seq))
            uow.commit()


def relay_for(engine, tables) -> OutboxRelay:
    return OutboxRelay(engine, tables["outbox"], BusPublisher(TEST_ENV.amqp_uri("sg")), poll_seconds=0.2, batch=50,
                       dsn=TEST_ENV.database_url("sg", "platformtest").replace("+psycopg", ""))


def test_events_committed_with_state_reach_the_bus_once_relayed(outbox_db, probe_queue):
    engine, tables = outbox_db
    write(engine, tables, range(5))
    assert relay_for(engine, tables).drain() == 5
    received = drain_queue(probe_queue, 5)
    assert sorted(m["data"]["seq"] for m in received) == list(range(5))
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM outbox WHERE published_at IS NULL")).scalar() == 0


def test_a_rolled_back_transaction_publishes_nothing(outbox_db, probe_queue):
    engine, tables = outbox_db
    with SqlUnitOfWork(engine, tables, cell="sg", clock=SystemClock()) as uow:
        uow.publish(ProbeHappened(tenant_id="t_probe", seq=1))
    assert relay_for(engine, tables).drain() == 0


@pytest.mark.fault
def test_writes_succeed_while_rabbitmq_is_down_and_every_event_arrives_after(outbox_db, probe_queue):
    """Issue 2: RabbitMQ stopped during writes, started again: every event arrives."""
    engine, tables = outbox_db
    relay = relay_for(engine, tables)
    relay.start()
    try:
        write(engine, tables, range(0, 10))
        subprocess.run(["rabbitmqctl", "-q", "stop_app"], check=True, capture_output=True)
        try:
            write(engine, tables, range(10, 30))  # the database alone takes the writes
        finally:
            subprocess.run(["rabbitmqctl", "-q", "start_app"], check=True, capture_output=True)
            subprocess.run(["rabbitmqctl", "-q", "await_startup"], check=False, capture_output=True)
        received = drain_queue(probe_queue, 30, timeout=90)
    finally:
        relay.stop()
    seqs = [m["data"]["seq"] for m in received]
    assert set(seqs) == set(range(30)), f"lost: {sorted(set(range(30)) - set(seqs))}"


def test_concurrent_relays_never_send_a_row_twice_at_once(outbox_db, probe_queue):
    engine, tables = outbox_db
    write(engine, tables, range(40))
    relays = [relay_for(engine, tables) for _ in range(3)]
    counts = [0, 0, 0]

    def run(i):
        counts[i] = relays[i].drain()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(counts) == 40
    received = drain_queue(probe_queue, 40)
    assert sorted(m["data"]["seq"] for m in received) == list(range(40))
