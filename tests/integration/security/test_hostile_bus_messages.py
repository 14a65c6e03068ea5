"""Malformed and hostile bus messages (issue 4): dead-lettered with the reason, never applied, and
the consumer keeps running. Runs the data vault's real consumer process against RabbitMQ."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from datetime import date, datetime, timezone

import pytest
import sqlalchemy as sa
from kombu import Connection, Producer

from contracts.events.v1.entitlement import TenantPurgeDue
from platformkit.events import encode
from platformkit.relay import event_exchange
from platformkit.testing import TEST_ENV

pytestmark = pytest.mark.integration
NOW = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def vault_consumer(service_db, directory, clock):
    engine = service_db("data_vault", "sg")
    directory.register("t_sg", "intl", clock.now())
    directory.register("t_cn", "prc", clock.now())
    env = {**os.environ, **TEST_ENV.env("sg", "data_vault"), "OKKI_INSECURE_GRPC": "1", "OKKI_SWEEP_SECONDS": "3600"}
    env.pop("OKKI_TLS_DIR")
    proc = subprocess.Popen([sys.executable, "-m", "platformkit.cli", "bus", "--service", "data_vault", "--cell", "sg"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    yield engine, proc
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()


def publish_raw(body: bytes, content_type: str = "application/json", routing_key: str = "TenantPurgeDue") -> None:
    with Connection(TEST_ENV.amqp_uri("sg")) as conn:
        Producer(conn.channel()).publish(body, exchange=event_exchange("entitlement"), routing_key=routing_key,
                                         content_type=content_type, content_encoding="utf-8",
                                         declare=[event_exchange("entitlement")])


def purge_due(tenant_id: str, cell: str = "sg") -> dict:
    event = TenantPurgeDue(tenant_id=tenant_id, expired_on=date(2025, 6, 1), purge_on=date(2025, 12, 1))
    return encode(event, cell=cell, occurred_at=NOW, event_id=str(uuid.uuid4())).as_dict()


def dead_letters(engine) -> list[str]:
    with engine.connect() as conn:
        return conn.execute(sa.text("SELECT reason FROM dead_letters ORDER BY id")).scalars().all()


def wait_until(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_hostile_messages_are_dead_lettered_and_the_consumer_survives(vault_consumer):
    engine, proc = vault_consumer
    other_cell = purge_due("t_cn", cell="cn")
    other_tenant = purge_due("t_cn")
    wrong_version = purge_due("t_sg")
    wrong_version["version"] = 7
    missing_field = purge_due("t_sg")
    del missing_field["data"]["purge_on"]
    hostile = [
        b"{not json",
        json.dumps([1, 2, 3]).encode(),
        json.dumps(wrong_version).encode(),
        json.dumps(missing_field).encode(),
        json.dumps(other_cell).encode(),     # R-RES-2: an event of the cn cell
        json.dumps(other_tenant).encode(),   # R-RES-2: a valid-looking event about cn's tenant
    ]
    for body in hostile:
        publish_raw(body)
    publish_raw(b"\x80\x04K\x01.", content_type="application/x-python-serialize")  # a pickle: never unpickled
    publish_raw(b"x" * (300 * 1024))  # over the bus message size limit
    wait_until(lambda: len(dead_letters(engine)) >= len(hostile) + 2)
    reasons = dead_letters(engine)
    assert any("JSON" in r or "json" in r for r in reasons), reasons
    assert any("unknown event" in r for r in reasons)
    assert any("purge_on" in r for r in reasons)
    assert any("cell 'cn'" in r for r in reasons)
    assert any("WrongCell" in r for r in reasons)
    assert any("not accepted" in r for r in reasons)
    assert any("exceeds" in r for r in reasons)
    # Still alive, and a valid event after the garbage is applied.
    publish_raw(json.dumps(purge_due("t_sg")).encode())
    with engine.connect() as conn:
        wait_until(lambda: conn.execute(sa.text("SELECT count(*) FROM deletion_confirmations")).scalar() == 1)
    assert proc.poll() is None
