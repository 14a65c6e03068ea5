"""Steps of a tenant's journey through a running cell, shared by the end-to-end tests."""
from __future__ import annotations

import uuid

import grpc

from okki_api.common.v1.common_pb2 import Money
from platformkit import topology

CASES = {"prc": ("cn", "CNY", "JURISDICTION_PRC"), "intl": ("sg", "SGD", "JURISDICTION_INTL")}


def key() -> str:
    return str(uuid.uuid4())


class Journey:
    def __init__(self, cells, jurisdiction: str, plan: str = "pro"):
        self.cells, self.plan = cells, plan
        self.cell, self.currency, self.jurisdiction_enum = CASES[jurisdiction]
        self.other_cell = next(c for c in topology.load().cells if c != self.cell)
        self.identity = cells.stub(self.cell, "identity", "gateway")
        self.identity_ops = cells.stub(self.cell, "identity", "platformctl")
        self.billing = cells.stub(self.cell, "billing", "platformctl")
        self.entitlement = cells.stub(self.cell, "entitlement", "platformctl")
        self.id_pb, self.bill_pb, self.ent_pb = cells.pb("identity"), cells.pb("billing"), cells.pb("entitlement")
        self.session = ""

    def sweep(self) -> None:
        for service in ("billing", "entitlement", "identity"):
            self.cells.stub(self.cell, service, "platformctl").RunSweep(self.cells.pb(service).RunSweepRequest())

    def status(self, tenant_id: str):
        return self.entitlement.GetTenantStatus(self.ent_pb.GetTenantStatusRequest(tenant_id=tenant_id))

    def check(self, tenant_id: str, feature: str = "core"):
        return self.entitlement.Check(self.ent_pb.CheckRequest(tenant_id=tenant_id, feature=feature))

    def place_and_pay(self, tenant_id: str, seats: int = 3):
        order = self.billing.PlaceOrder(self.bill_pb.PlaceOrderRequest(
            tenant_id=tenant_id, channel=self.bill_pb.CHANNEL_DISTRIBUTOR, distributor_id="dist-042",
            client=self.bill_pb.ClientBusinessInfo(company_name="Acme Export Co."), product="crm", plan=self.plan,
            seats=seats, currency=self.currency, idempotency_key=key()))
        paid = self.billing.RecordPayment(self.bill_pb.RecordPaymentRequest(
            order_id=order.order_id, amount=order.amount_due, idempotency_key=key()))
        assert paid.status == self.bill_pb.ORDER_STATUS_PAID
        return order, paid

    def login(self, email: str, password: str) -> str:
        reply = self.identity.Login(self.id_pb.LoginRequest(email=email, password=password, ip="203.0.113.7",
                                                            device="e2e-test"))
        return reply.session_token

    def as_user(self, token: str):
        return [("authorization", f"Bearer {token}")]

    def set_price(self, amount: str = "1000.00") -> None:
        pb = self.bill_pb
        self.billing.SetPrice(pb.SetPriceRequest(
            product="crm", plan=self.plan, unit=pb.PRICE_UNIT_PER_SEAT_YEAR,
            amount=Money(currency=self.currency, amount=amount),
            effective_from=self.cells.clock_now(self.cell).date().isoformat(), idempotency_key=key()))

    def create_tenant(self):
        return self.identity.CreateTenant(self.id_pb.CreateTenantRequest(
            jurisdiction=self.id_pb.Jurisdiction.Value(self.jurisdiction_enum), company_name="Acme Export Co.",
            channel=self.id_pb.CHANNEL_DISTRIBUTOR, distributor_id="dist-042", idempotency_key=key()))

    def activation_link(self, tenant_id: str):
        try:
            return self.identity_ops.GetActivationLink(self.id_pb.GetActivationLinkRequest(tenant_id=tenant_id))
        except grpc.RpcError as error:
            if error.code() in (grpc.StatusCode.NOT_FOUND, grpc.StatusCode.FAILED_PRECONDITION):
                return None
            raise

    def register_main(self, token: str, email: str, password: str) -> str:
        reply = self.identity.Register(self.id_pb.RegisterRequest(
            token=token, email=email, password=password, company_name_confirmed=True, idempotency_key=key()))
        return reply.account_id
