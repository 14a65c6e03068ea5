"""Billing served in-process over real gRPC, on its migrated test database, with a fixed clock."""
from __future__ import annotations

from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from nameko.testing.services import worker_factory

from okki_api.billing.v1 import billing_pb2 as pb
from okki_api.billing.v1 import billing_pb2_grpc as pb_grpc
from okki_api.common.v1 import common_pb2
from platformkit.events import encode
from platformkit.testing import make_settings, serve_in_process
from services.billing.adapters import tables
from services.billing.bootstrap import SPEC, bootstrap
from services.billing.entrypoints.bus import BillingConsumer

INTL, INTL_2, PRC, UNKNOWN = "t-sg-1", "t-sg-2", "t-cn-1", "t-nowhere"


def usd(amount: str, currency: str = "USD") -> common_pb2.Money:
    return common_pb2.Money(currency=currency, amount=amount)


@dataclass
class Billing:
    engine: sa.engine.Engine
    app: object
    stub: pb_grpc.BillingServiceStub
    clock: object
    cell: str

    def set_price(self, amount: str = "1200.00", *, module: str = "", currency: str = "USD", key: str = "",
                  unit=pb.PRICE_UNIT_PER_SEAT_YEAR, effective_from: str = "") -> pb.Price:
        effective_from = effective_from or self.clock.today().isoformat()
        return self.stub.SetPrice(pb.SetPriceRequest(
            product="crm", plan="pro", module=module, unit=unit, amount=usd(amount, currency),
            effective_from=effective_from, idempotency_key=key or f"price-{module}-{currency}-{effective_from}"))

    def place(self, tenant: str = INTL, key: str = "order-1", **fields) -> pb.Order:
        values = dict(tenant_id=tenant, channel=pb.CHANNEL_SELF_SERVICE, product="crm", plan="pro", seats=10,
                      currency="USD", idempotency_key=key)
        values.update(fields)
        return self.stub.PlaceOrder(pb.PlaceOrderRequest(**values))

    def pay(self, order: pb.Order, key: str = "pay-1") -> pb.Order:
        return self.stub.RecordPayment(pb.RecordPaymentRequest(order_id=order.order_id, amount=order.amount_due,
                                                               idempotency_key=key))

    def sweep(self) -> str:
        return self.stub.RunSweep(pb.RunSweepRequest()).summary

    def outbox(self) -> list[dict]:
        outbox = tables.platform["outbox"]
        with self.engine.connect() as conn:
            return [row.envelope for row in conn.execute(sa.select(outbox.c.envelope).order_by(outbox.c.id))]

    def published(self) -> list[str]:
        return [envelope["type"] for envelope in self.outbox()]

    def deliver(self, event, event_id: str, handler: str) -> None:
        """As the bus would: the consumer's handler gets the encoded envelope."""
        payload = encode(event, cell=self.cell, occurred_at=self.clock.now(), event_id=event_id).as_dict()
        getattr(worker_factory(BillingConsumer, app=self.app, headers={}), handler)(payload)


def _serve(service_db, directory, clock, cell: str):
    engine = service_db("billing", cell)
    for tenant, jurisdiction in ((INTL, "intl"), (INTL_2, "intl"), (PRC, "prc")):
        directory.register(tenant, jurisdiction, clock.now())
    settings = make_settings("billing", cell)
    app = bootstrap(settings, clock=clock)
    try:
        with serve_in_process(SPEC, settings, app=app) as channel:
            yield Billing(engine, app, pb_grpc.BillingServiceStub(channel), clock, cell)
    finally:
        app.close()


@pytest.fixture
def billing(service_db, directory, clock):
    yield from _serve(service_db, directory, clock, "sg")


@pytest.fixture
def billing_cn(service_db, directory, clock):
    yield from _serve(service_db, directory, clock, "cn")
