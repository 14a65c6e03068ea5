"""In-memory fakes of identity's ports: a unit of work whose repositories keep state in dicts.

Each `with uow:` works on a copy of the committed state; only `commit()` makes it (and the events
published in it) visible, so a refused call leaves the fake "database" unchanged, as PostgreSQL would.
"""
from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass, field, replace

from platformkit.errors import AlreadyExists
from services.identity.domain.model import (
    LINK_EXPIRED, LINK_PENDING, REQUEST_PENDING, Account, ActivationLink, EntitlementSeats, LoginRecord,
    RegistrationFlag, ReplacementRequest, Restriction, Session, Tenant,
)


@dataclass
class State:
    tenants: dict[str, Tenant] = field(default_factory=dict)
    accounts: dict[str, Account] = field(default_factory=dict)
    sessions: dict[str, tuple[Session, str]] = field(default_factory=dict)
    logins: list[LoginRecord] = field(default_factory=list)
    restrictions: dict[str, Restriction] = field(default_factory=dict)
    third_party: dict[tuple[str, str], Account] = field(default_factory=dict)
    replacements: dict[str, ReplacementRequest] = field(default_factory=dict)
    links: dict[str, tuple[ActivationLink, str]] = field(default_factory=dict)
    notifications: dict[str, str] = field(default_factory=dict)  # link id -> plaintext token
    flags: dict[str, RegistrationFlag] = field(default_factory=dict)
    entitlements: dict[str, EntitlementSeats] = field(default_factory=dict)
    idempotency: dict[tuple[str, str], list[str | None]] = field(default_factory=dict)
    inbox: set[tuple[str, str]] = field(default_factory=set)

    def sizes(self) -> dict[str, int]:
        return {f.name: len(getattr(self, f.name)) for f in dataclasses.fields(self)}


class _Repo:
    def __init__(self, state: State):
        self.s = state


class FakeTenants(_Repo):
    def add(self, tenant):
        self.s.tenants[tenant.tenant_id] = tenant

    def get(self, tenant_id, *, for_update=False):
        return self.s.tenants.get(tenant_id)

    def rename(self, tenant_id, company_name):
        self.s.tenants[tenant_id] = replace(self.s.tenants[tenant_id], company_name=company_name)


class FakeAccounts(_Repo):
    def add(self, account):
        assert not any(a.email == account.email for a in self.s.accounts.values()), "unique email"
        self.s.accounts[account.account_id] = account

    def get(self, account_id):
        return self.s.accounts.get(account_id)

    def by_email(self, email):
        return next((a for a in self.s.accounts.values() if a.email == email), None)

    def main_of(self, tenant_id):
        return next((a for a in self.of_tenant(tenant_id) if a.is_main), None)

    def of_tenant(self, tenant_id):
        return [a for a in self.s.accounts.values() if a.tenant_id == tenant_id]

    def count_of_tenant(self, tenant_id):
        return len(self.of_tenant(tenant_id))

    def _update(self, account_id, **values):
        self.s.accounts[account_id] = replace(self.s.accounts[account_id], **values)

    def set_password(self, account_id, password_hash):
        self._update(account_id, password_hash=password_hash)

    def lock(self, account_id, at):
        self._update(account_id, locked_at=at)

    def set_role(self, account_id, role):
        self._update(account_id, role=role)

    def delete(self, account_id):
        """Mirrors the ON DELETE CASCADE of the real tables."""
        s = self.s
        del s.accounts[account_id]
        s.sessions = {k: v for k, v in s.sessions.items() if v[0].account_id != account_id}
        s.logins = [r for r in s.logins if r.account_id != account_id]
        s.restrictions = {k: r for k, r in s.restrictions.items() if r.account_id != account_id}
        s.third_party = {k: a for k, a in s.third_party.items() if a.account_id != account_id}
        s.replacements = {k: r for k, r in s.replacements.items()
                          if account_id not in (r.from_account_id, r.to_account_id)}

    def delete_tenant(self, tenant_id):
        ids = [a.account_id for a in self.of_tenant(tenant_id)]
        for account_id in ids:
            self.delete(account_id)
        return len(ids)


class FakeSessions(_Repo):
    def add(self, session, token_hash):
        self.s.sessions[session.session_id] = (session, token_hash)

    def by_token_hash(self, token_hash):
        return next((s for s, h in self.s.sessions.values() if h == token_hash), None)

    def revoke(self, session_id, at):
        session, token_hash = self.s.sessions[session_id]
        if session.revoked_at is None:
            self.s.sessions[session_id] = (replace(session, revoked_at=at), token_hash)

    def revoke_all(self, account_id, at):
        live = [s.session_id for s, _ in self.s.sessions.values() if s.account_id == account_id and s.revoked_at is None]
        for session_id in live:
            self.revoke(session_id, at)
        return len(live)

    def delete_expired(self, now):
        expired = [k for k, (s, _) in self.s.sessions.items() if s.expires_at <= now]
        for key in expired:
            del self.s.sessions[key]
        return len(expired)


class FakeLogins(_Repo):
    def add(self, record):
        self.s.logins.append(record)

    def of_account(self, account_id):
        return [r for r in self.s.logins if r.account_id == account_id]


class FakeRestrictions(_Repo):
    def add(self, restriction):
        self.s.restrictions[restriction.restriction_id] = restriction

    def get(self, restriction_id):
        return self.s.restrictions.get(restriction_id)

    def of_account(self, account_id):
        return [r for r in self.s.restrictions.values() if r.account_id == account_id]

    def lift(self, restriction_id, at, reason):
        self.s.restrictions[restriction_id] = replace(self.s.restrictions[restriction_id], lifted_at=at)


class FakeThirdParty(_Repo):
    def add(self, provider, subject_hash, account, at):
        if (provider, subject_hash) in self.s.third_party:
            return False
        self.s.third_party[(provider, subject_hash)] = account
        return True

    def account_for(self, provider, subject_hash):
        account = self.s.third_party.get((provider, subject_hash))
        return account.account_id if account else None


class FakeReplacements(_Repo):
    def add(self, request):
        self.s.replacements[request.request_id] = request

    def get(self, request_id):
        return self.s.replacements.get(request_id)

    def pending_of_tenant(self, tenant_id):
        return next((r for r in self.s.replacements.values()
                     if r.tenant_id == tenant_id and r.status == REQUEST_PENDING), None)

    def decide(self, request_id, status, at):
        self.s.replacements[request_id] = replace(self.s.replacements[request_id], status=status, decided_at=at)


class FakeLinks(_Repo):
    def add(self, link, token_hash, token):
        self.s.links[link.link_id] = (link, token_hash)
        self.s.notifications[link.link_id] = token

    def get(self, link_id):
        found = self.s.links.get(link_id)
        return found[0] if found else None

    def by_token_hash(self, token_hash):
        return next((link for link, h in self.s.links.values() if h == token_hash), None)

    def live_of_tenant(self, tenant_id, now):
        return next((link for link, _ in self.s.links.values() if link.tenant_id == tenant_id and link.is_live(now)), None)

    def pending_token(self, tenant_id, now):
        link = self.live_of_tenant(tenant_id, now)
        return (link, self.s.notifications[link.link_id]) if link else None

    def retire(self, link_id, status, at):
        link, token_hash = self.s.links[link_id]
        self.s.links[link_id] = (replace(link, status=status), token_hash)
        self.s.notifications.pop(link_id, None)

    def expire_due(self, now):
        due = [link.link_id for link, _ in self.s.links.values() if link.status == LINK_PENDING and link.expires_at <= now]
        for link_id in due:
            self.retire(link_id, LINK_EXPIRED, now)
        return len(due)

    def delete_tenant(self, tenant_id):
        ids = [k for k, (link, _) in self.s.links.items() if link.tenant_id == tenant_id]
        for link_id in ids:
            del self.s.links[link_id]
            self.s.notifications.pop(link_id, None)
        self.s.flags = {k: f for k, f in self.s.flags.items() if f.link_id not in ids}
        return len(ids)


class FakeFlags(_Repo):
    def add(self, flag):
        self.s.flags[flag.flag_id] = flag

    def get(self, flag_id):
        return self.s.flags.get(flag_id)

    def open_flags(self, tenant_id):
        return [f for f in self.s.flags.values() if f.resolved_at is None and (tenant_id is None or f.tenant_id == tenant_id)]

    def resolve(self, flag_id, at):
        self.s.flags[flag_id] = replace(self.s.flags[flag_id], resolved_at=at)


class FakeEntitlements(_Repo):
    def apply(self, seats):
        stored = self.s.entitlements.get(seats.entitlement_id)
        if stored is None or stored.changed_on <= seats.changed_on:
            self.s.entitlements[seats.entitlement_id] = seats

    def of_tenant(self, tenant_id):
        return [e for e in self.s.entitlements.values() if e.tenant_id == tenant_id]


class FakeIdempotency(_Repo):
    def claim(self, scope, key, fp):
        stored = self.s.idempotency.get((scope, key))
        if stored is None:
            self.s.idempotency[(scope, key)] = [fp, None]
            return None
        if stored[0] != fp:
            raise AlreadyExists("idempotency key reused", reason="IDEMPOTENCY_KEY_REUSED")
        return stored[1]

    def settle(self, scope, key, result_ref):
        self.s.idempotency[(scope, key)][1] = result_ref


class FakeUnitOfWork:
    def __init__(self, clock):
        self.clock = clock
        self.committed = State()
        self.events: list = []  # what reached the outbox
        self.commits = 0

    def __enter__(self):
        self.state = copy.deepcopy(self.committed)
        self._pending = []
        for name, repo in (("tenants", FakeTenants), ("accounts", FakeAccounts), ("sessions", FakeSessions),
                           ("logins", FakeLogins), ("restrictions", FakeRestrictions),
                           ("third_party", FakeThirdParty), ("replacements", FakeReplacements),
                           ("links", FakeLinks), ("flags", FakeFlags), ("entitlements", FakeEntitlements),
                           ("idempotency", FakeIdempotency)):
            setattr(self, name, repo(self.state))
        return self

    def __exit__(self, *exc_info):
        self._pending = []

    def publish(self, event):
        self._pending.append(event)

    def first_delivery(self, consumer, event_id):
        if (consumer, event_id) in self.state.inbox:
            return False
        self.state.inbox.add((consumer, event_id))
        return True

    def commit(self):
        self.committed = self.state
        self.events.extend(self._pending)
        self._pending = []
        self.commits += 1

    def rollback(self):
        self._pending = []


class FakePasswords:
    """Stands in for argon2id where the hash itself is not under test (R-ID-10 is tested with argon2)."""

    def hash(self, password: str) -> str:
        return f"fake${password[::-1]}"

    def verify(self, password_hash: str, password: str) -> bool:
        return password_hash == self.hash(password)

    def burn(self, password: str) -> None:
        self.burned = getattr(self, "burned", 0) + 1


@dataclass
class FakeBilling:
    has_debt: bool = False

    def has_outstanding_debt(self, tenant_id: str) -> bool:
        return self.has_debt


@dataclass
class FakeEntitlement:
    running: bool = False

    def service_running(self, tenant_id: str) -> bool:
        return self.running


@dataclass
class FakeDataVault:
    settled: bool = True

    def data_settled(self, tenant_id: str) -> bool:
        return self.settled
