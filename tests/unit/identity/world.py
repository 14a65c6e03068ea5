"""Drives identity's handlers the way its entry points do, over the fakes: the unit tests' vocabulary."""
from __future__ import annotations

import uuid
from datetime import date

from contracts.events.v1.billing import OrderPaid
from contracts.events.v1.entitlement import EntitlementStateChanged
from platformkit.auth import Principal
from platformkit.directory import CellGuard, StaticDirectory
from services.identity.adapters.clients import Peers
from services.identity.domain import commands
from services.identity.handlers import accounts, activation, entitlements, registration, sessions, tenants
from .fakes import FakeBilling, FakeDataVault, FakeEntitlement, FakePasswords, FakeUnitOfWork

COMPANY = "Acme Trading Ltd"
PASSWORD = "correct horse battery"
MAIN_EMAIL = "boss@acme-trading.example"


def key() -> str:
    return uuid.uuid4().hex


class World:
    def __init__(self, clock, cell: str = "sg"):
        self.clock, self.cell = clock, cell
        self.uow = FakeUnitOfWork(clock)
        self.directory = StaticDirectory()
        self.cell_guard = CellGuard(self.directory, cell)
        self.passwords = FakePasswords()
        self.billing, self.entitlement, self.vault = FakeBilling(), FakeEntitlement(), FakeDataVault()
        self.peers = Peers(billing=self.billing, entitlement=self.entitlement, data_vault=self.vault)

    @property
    def state(self):
        return self.uow.committed

    def events(self, kind: type) -> list:
        return [e for e in self.uow.events if isinstance(e, kind)]

    def create_tenant(self, jurisdiction: str = "intl", company_name: str = COMPANY, idempotency_key: str = ""):
        cmd = commands.CreateTenant(jurisdiction=jurisdiction, company_name=company_name, channel="self_service",
                                    distributor_id=None, idempotency_key=idempotency_key or key())
        return tenants.create_tenant(cmd, self.uow, self.directory, self.cell)

    def pay_order(self, tenant_id: str, event_id: str = "", order_id: str = "o-1", trial: bool = False):
        event = OrderPaid(tenant_id=tenant_id, order_id=order_id, kind="new", product="crm", plan="pro", seats=5,
                          modules=(), trial=trial, paid_at=self.clock.now())
        return activation.on_order_paid(event, event_id or key(), self.uow)

    def link_token(self, tenant_id: str) -> str:
        _link, token = activation.get_activation_link(tenant_id, self.uow, self.cell_guard)
        return token

    def register(self, token: str, email: str = MAIN_EMAIL, *, confirmed: bool = True, acknowledged: bool = False,
                 idempotency_key: str = ""):
        cmd = commands.Register(token=token, email=email, password=PASSWORD, company_name_confirmed=confirmed,
                                free_mail_acknowledged=acknowledged, idempotency_key=idempotency_key or key())
        return registration.register(cmd, self.uow, self.passwords, self.cell_guard)

    def login(self, email: str = MAIN_EMAIL, password: str = PASSWORD, ip: str = "203.0.113.7"):
        cmd = commands.Login(email=email, password=password, ip=ip, device="Firefox 140 on Linux")
        return sessions.login(cmd, self.uow, self.passwords)

    def sign_in(self, email: str = MAIN_EMAIL) -> Principal:
        return sessions.authenticate(self.login(email).token, self.uow)

    def onboard(self, email: str = MAIN_EMAIL, seats: int = 3, trial: bool = False) -> tuple[str, Principal]:
        """A tenant whose first order was paid and whose main account registered and signed in."""
        tenant = self.create_tenant()
        self.pay_order(tenant.tenant_id, trial=trial)
        self.register(self.link_token(tenant.tenant_id), email)
        self.grant(tenant.tenant_id, seats, trial=trial)
        return tenant.tenant_id, self.sign_in(email)

    def grant(self, tenant_id: str, seats: int, *, entitlement_id: str = "e-1", state: str = "active",
              trial: bool = False, on: date = date(2026, 1, 5)) -> None:
        event = EntitlementStateChanged(tenant_id=tenant_id, entitlement_id=entitlement_id, product="crm",
                                        from_state="pending", to_state=state, reason="order_paid", seats=seats,
                                        trial=trial, on=on)
        entitlements.on_entitlement_state_changed(event, key(), self.uow)

    def add_sub(self, actor: Principal, email: str, idempotency_key: str = ""):
        cmd = commands.CreateSubAccount(actor=actor, tenant_id=actor.tenant_id, email=email, password=PASSWORD,
                                        idempotency_key=idempotency_key or key())
        return accounts.create_sub_account(cmd, self.uow, self.passwords, self.cell_guard)
