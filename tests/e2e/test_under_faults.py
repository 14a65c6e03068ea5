"""Fault tests against the running cells (issue 4): a steady load of sales -- tenant, order,
payment -- while parts fail. Clients retry retryable statuses with the same idempotency keys.

After each fault: every accepted order exists exactly once, every payment is applied exactly once,
every event was delivered (all outboxes drained), every audit record arrived and the chain
verifies, and no client got anything but success or a retryable status. Loopback only, bounded
in count and time.
"""
from __future__ import annotations

import subprocess
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import grpc
import pytest
import sqlalchemy as sa

from platformkit import topology
from tests.e2e.conftest import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.fault]
RETRYABLE = {grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED, grpc.StatusCode.ABORTED,
             grpc.StatusCode.RESOURCE_EXHAUSTED}
SALES_PER_CELL = 8
RETRY_BUDGET_SECONDS = 90.0
CURRENCY = {"sg": "SGD", "cn": "CNY"}
JURISDICTION = {"sg": "JURISDICTION_INTL", "cn": "JURISDICTION_PRC"}


@dataclass
class Tally:
    sent: int = 0
    accepted: list[tuple[str, str, str]] = field(default_factory=list)  # (cell, tenant_id, order_id)
    refused: list[str] = field(default_factory=list)  # non-retryable answers: must stay empty
    retries: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def call_with_retry(tally: Tally, method, request):
    deadline = time.monotonic() + RETRY_BUDGET_SECONDS
    pause = 0.1
    while True:
        try:
            return method(request, timeout=5)
        except grpc.RpcError as error:
            if error.code() not in RETRYABLE or time.monotonic() > deadline:
                raise
            with tally.lock:
                tally.retries += 1
            time.sleep(pause)
            pause = min(pause * 2, 1.0)


def sell(cells, tally: Tally, cell: str) -> None:
    id_pb, bill_pb = cells.pb("identity"), cells.pb("billing")
    identity, billing = cells.stub(cell, "identity", "gateway"), cells.stub(cell, "billing", "platformctl")
    with tally.lock:
        tally.sent += 1
    try:
        tenant = call_with_retry(tally, identity.CreateTenant, id_pb.CreateTenantRequest(
            jurisdiction=id_pb.Jurisdiction.Value(JURISDICTION[cell]), company_name="Fault Tolerant Ltd",
            channel=id_pb.CHANNEL_SELF_SERVICE, idempotency_key=str(uuid.uuid4())))
        order = call_with_retry(tally, billing.PlaceOrder, bill_pb.PlaceOrderRequest(
            tenant_id=tenant.tenant_id, channel=bill_pb.CHANNEL_SELF_SERVICE, product="crm", plan="resilient", seats=2,
            currency=CURRENCY[cell], idempotency_key=str(uuid.uuid4())))
        payment = bill_pb.RecordPaymentRequest(order_id=order.order_id, amount=order.amount_due,
                                               idempotency_key=str(uuid.uuid4()))
        call_with_retry(tally, billing.RecordPayment, payment)
        call_with_retry(tally, billing.RecordPayment, payment)  # a client retry after success changes nothing
    except grpc.RpcError as error:
        with tally.lock:
            tally.refused.append(f"{cell}: {error.code().name}: {error.details()}")
        return
    with tally.lock:
        tally.accepted.append((cell, tenant.tenant_id, order.order_id))


def run_load(cells, fault) -> Tally:
    """Sales in both cells on 4 client threads; `fault` runs once the load is under way."""
    tally = Tally()
    jobs = [cell for _ in range(SALES_PER_CELL) for cell in topology.load().cells]
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(sell, cells, tally, cell) for cell in jobs]
        time.sleep(0.5)
        fault()
        for future in futures:
            future.result()
    return tally


def scalar(cells, cell: str, service: str, sql: str, **params):
    engine = cells.engine(cell, service)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text(sql), params).scalar()
    finally:
        engine.dispose()


def rows(cells, cell: str, service: str, sql: str, **params) -> list:
    engine = cells.engine(cell, service)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text(sql), params).all()
    finally:
        engine.dispose()


def verify(cells, tally: Tally, fault_name: str) -> None:
    assert not tally.refused, f"{fault_name}: clients got non-retryable answers: {tally.refused}"
    topo = topology.load()
    # Every event was delivered: every outbox of every cell drains.
    for cell in topo.cells:
        for service in topo.services:
            wait_for(lambda: scalar(cells, cell, service,
                                    "SELECT count(*) FROM outbox WHERE published_at IS NULL") == 0,
                     timeout=120, what=f"{cell}/{service} outbox drained after {fault_name}")
    duplicated = lost = 0
    for cell, tenant_id, order_id in tally.accepted:
        orders = rows(cells, cell, "billing", "SELECT status FROM orders WHERE tenant_id = :t", t=tenant_id)
        duplicated += max(0, len(orders) - 1)
        lost += 0 if orders and orders[0].status == "paid" else 1
        applied = wait_for(lambda: scalar(cells, cell, "entitlement",
                                          "SELECT count(*) FROM grants WHERE order_id = :o", o=order_id),
                           timeout=60, what=f"order {order_id} applied")
        duplicated += applied - 1
        links = wait_for(lambda: scalar(cells, cell, "identity",
                                        "SELECT count(*) FROM activation_links WHERE tenant_id = :t", t=tenant_id),
                         timeout=60, what=f"activation link of {tenant_id}")
        duplicated += links - 1
    # Every audit record arrived (one per published event of these tenants) and the chain verifies.
    for cell in topo.cells:
        tenants = [t for c, t, _ in tally.accepted if c == cell]
        published = set()
        for service in ("identity", "billing", "entitlement"):
            published |= {r.event_id for r in rows(cells, cell, service,
                                                   "SELECT event_id FROM outbox WHERE tenant_id = ANY(:ts)",
                                                   ts=tenants)}
        wait_for(lambda: scalar(cells, cell, "audit", "SELECT count(*) FROM audit_log WHERE event_id = ANY(:ids)",
                                ids=list(published)) == len(published),
                 timeout=120, what=f"audit records of cell {cell} after {fault_name}")
        audit = cells.stub(cell, "audit", "platformctl")
        verdict = audit.VerifyChain(cells.pb("audit").VerifyChainRequest())
        assert verdict.ok, f"{cell} audit chain broken after {fault_name}: {verdict.problem}"
    print(f"\n[{fault_name}] sent={tally.sent} accepted={len(tally.accepted)} applied={len(tally.accepted) - lost} "
          f"lost={lost} duplicated={duplicated} client_retries={tally.retries}")
    assert lost == 0 and duplicated == 0
    assert len(tally.accepted) == tally.sent


def restart_rabbitmq() -> None:
    subprocess.run(["rabbitmqctl", "-q", "stop_app"], check=True, capture_output=True)
    time.sleep(2)
    subprocess.run(["rabbitmqctl", "-q", "start_app"], check=True, capture_output=True)
    subprocess.run(["rabbitmqctl", "-q", "await_startup"], check=False, capture_output=True)


def restart_postgresql() -> None:
    version = sorted(p.name for p in Path("/etc/postgresql").iterdir())[-1]
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True,
                   capture_output=True)
    subprocess.run(["pg_isready", "-h", "127.0.0.1", "-t", "30"], check=False, capture_output=True)


@pytest.fixture(scope="module")
def priced(cells):
    from okki_api.common.v1.common_pb2 import Money

    pb = cells.pb("billing")
    for cell, currency in CURRENCY.items():
        day = cells.clock_now(cell).date().isoformat()
        cells.stub(cell, "billing", "platformctl").SetPrice(pb.SetPriceRequest(
            product="crm", plan="resilient", unit=pb.PRICE_UNIT_PER_SEAT_YEAR,
            amount=Money(currency=currency, amount="500.00"), effective_from=day, idempotency_key=str(uuid.uuid4())))
    return cells


def test_rabbitmq_restarted_under_load_loses_and_duplicates_nothing(priced):
    verify(priced, run_load(priced, restart_rabbitmq), "rabbitmq restart")


def test_postgresql_restarted_under_load_loses_and_duplicates_nothing(priced):
    verify(priced, run_load(priced, restart_postgresql), "postgresql restart")


def test_billing_processes_killed_and_started_again_lose_and_duplicate_nothing(priced):
    supervisor = priced.supervisor

    def kill_billing():
        for cell in topology.load().cells:
            supervisor.kill(cell, "billing", "grpc")
            supervisor.kill(cell, "billing", "bus")
        time.sleep(2)
        for cell in topology.load().cells:
            supervisor.start_one(cell, "billing", "grpc")
            supervisor.start_one(cell, "billing", "bus")

    verify(priced, run_load(priced, kill_billing), "kill -9 billing")


def test_audit_stopped_for_a_while_receives_every_record_after(priced):
    supervisor = priced.supervisor

    def pause_audit():
        for cell in topology.load().cells:
            for kind in ("grpc", "bus"):
                supervisor.kill(cell, "audit", kind, sig=15)
        time.sleep(5)
        for cell in topology.load().cells:
            for kind in ("grpc", "bus"):
                supervisor.start_one(cell, "audit", kind)
        for cell in topology.load().cells:
            supervisor.wait_serving(cell, "audit", 60)

    verify(priced, run_load(priced, pause_audit), "audit stopped")
