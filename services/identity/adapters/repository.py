"""Identity's repositories over one Connection: the only place with SQL."""
from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.engine import Connection

from services.identity.adapters import tables as t
from services.identity.domain.model import (
    LINK_EXPIRED, LINK_PENDING, REQUEST_PENDING, Account, ActivationLink, EntitlementSeats, LoginRecord,
    RegistrationFlag, ReplacementRequest, Restriction, Session, Tenant,
)
from services.identity.domain.tokens import new_id

M = TypeVar("M")


def _load(model: type[M], row: Any) -> M | None:
    if row is None:
        return None
    return model(**{f.name: row._mapping[f.name] for f in dataclasses.fields(model)})


def _values(entity: Any) -> dict[str, Any]:
    return dataclasses.asdict(entity)


class _Repository:
    def __init__(self, connection: Connection):
        self._c = connection


class TenantRepository(_Repository):
    def add(self, tenant: Tenant) -> None:
        self._c.execute(sa.insert(t.tenants).values(_values(tenant)))

    def get(self, tenant_id: str, *, for_update: bool = False) -> Tenant | None:
        """`for_update` serialises account changes of one tenant (the seat count, R-ID-4)."""
        query = sa.select(t.tenants).where(t.tenants.c.tenant_id == tenant_id)
        if for_update:
            query = query.with_for_update()
        return _load(Tenant, self._c.execute(query).first())

    def rename(self, tenant_id: str, company_name: str) -> None:
        self._c.execute(sa.update(t.tenants).where(t.tenants.c.tenant_id == tenant_id).values(company_name=company_name))


class AccountRepository(_Repository):
    def add(self, account: Account) -> None:
        self._c.execute(sa.insert(t.accounts).values(_values(account)))

    def get(self, account_id: str) -> Account | None:
        return _load(Account, self._c.execute(sa.select(t.accounts).where(t.accounts.c.account_id == account_id)).first())

    def by_email(self, email: str) -> Account | None:
        return _load(Account, self._c.execute(sa.select(t.accounts).where(t.accounts.c.email == email)).first())

    def main_of(self, tenant_id: str) -> Account | None:
        query = sa.select(t.accounts).where(t.accounts.c.tenant_id == tenant_id, t.accounts.c.role == "main")
        return _load(Account, self._c.execute(query).first())

    def of_tenant(self, tenant_id: str) -> list[Account]:
        query = sa.select(t.accounts).where(t.accounts.c.tenant_id == tenant_id).order_by(t.accounts.c.created_at)
        return [_load(Account, row) for row in self._c.execute(query)]

    def count_of_tenant(self, tenant_id: str) -> int:
        query = sa.select(sa.func.count()).select_from(t.accounts).where(t.accounts.c.tenant_id == tenant_id)
        return self._c.execute(query).scalar_one()

    def _update(self, account_id: str, **values: Any) -> None:
        self._c.execute(sa.update(t.accounts).where(t.accounts.c.account_id == account_id).values(**values))

    def set_password(self, account_id: str, password_hash: str) -> None:
        self._update(account_id, password_hash=password_hash)

    def lock(self, account_id: str, at: datetime) -> None:
        self._update(account_id, locked_at=at)

    def set_role(self, account_id: str, role: str) -> None:
        self._update(account_id, role=role)

    def delete(self, account_id: str) -> None:
        """Hard delete; its sessions, login records, restrictions and links cascade (R-ID-4, R-ID-7)."""
        self._c.execute(sa.delete(t.accounts).where(t.accounts.c.account_id == account_id))

    def delete_tenant(self, tenant_id: str) -> int:
        """R-ID-7, R-ID-8: every account of the tenant and everything it owns, irreversibly."""
        return self._c.execute(sa.delete(t.accounts).where(t.accounts.c.tenant_id == tenant_id)).rowcount


class SessionRepository(_Repository):
    def add(self, session: Session, token_hash: str) -> None:
        self._c.execute(sa.insert(t.sessions).values(token_hash=token_hash, **_values(session)))

    def by_token_hash(self, token_hash: str) -> Session | None:
        return _load(Session, self._c.execute(sa.select(t.sessions).where(t.sessions.c.token_hash == token_hash)).first())

    def revoke(self, session_id: str, at: datetime) -> None:
        self._c.execute(sa.update(t.sessions).where(t.sessions.c.session_id == session_id, t.sessions.c.revoked_at.is_(None))
                        .values(revoked_at=at))

    def revoke_all(self, account_id: str, at: datetime) -> int:
        query = (sa.update(t.sessions).where(t.sessions.c.account_id == account_id, t.sessions.c.revoked_at.is_(None))
                 .values(revoked_at=at))
        return self._c.execute(query).rowcount

    def delete_expired(self, now: datetime) -> int:
        return self._c.execute(sa.delete(t.sessions).where(t.sessions.c.expires_at <= now)).rowcount


class LoginRecordRepository(_Repository):
    def add(self, record: LoginRecord) -> None:
        self._c.execute(sa.insert(t.login_records).values(_values(record)))

    def of_account(self, account_id: str) -> list[LoginRecord]:
        query = sa.select(t.login_records).where(t.login_records.c.account_id == account_id).order_by(t.login_records.c.id)
        return [_load(LoginRecord, row) for row in self._c.execute(query)]


class RestrictionRepository(_Repository):
    def add(self, restriction: Restriction) -> None:
        self._c.execute(sa.insert(t.restrictions).values(_values(restriction)))

    def get(self, restriction_id: str) -> Restriction | None:
        query = sa.select(t.restrictions).where(t.restrictions.c.restriction_id == restriction_id)
        return _load(Restriction, self._c.execute(query).first())

    def of_account(self, account_id: str) -> list[Restriction]:
        query = sa.select(t.restrictions).where(t.restrictions.c.account_id == account_id)
        return [_load(Restriction, row) for row in self._c.execute(query)]

    def lift(self, restriction_id: str, at: datetime, reason: str) -> None:
        self._c.execute(sa.update(t.restrictions).where(t.restrictions.c.restriction_id == restriction_id)
                        .values(lifted_at=at, lift_reason=reason))


class ThirdPartyRepository(_Repository):
    def add(self, provider: str, subject_hash: str, account: Account, at: datetime) -> bool:
        """False when this subject is already linked (to this or another account)."""
        inserted = self._c.execute(
            insert(t.third_party_logins)
            .values(provider=provider, subject_hash=subject_hash, account_id=account.account_id,
                    tenant_id=account.tenant_id, linked_at=at)
            .on_conflict_do_nothing()
            .returning(t.third_party_logins.c.account_id)
        ).first()
        return inserted is not None

    def account_for(self, provider: str, subject_hash: str) -> str | None:
        query = sa.select(t.third_party_logins.c.account_id).where(
            t.third_party_logins.c.provider == provider, t.third_party_logins.c.subject_hash == subject_hash)
        return self._c.execute(query).scalar_one_or_none()


class ReplacementRepository(_Repository):
    def add(self, request: ReplacementRequest) -> None:
        self._c.execute(sa.insert(t.replacement_requests).values(_values(request)))

    def get(self, request_id: str) -> ReplacementRequest | None:
        query = sa.select(t.replacement_requests).where(t.replacement_requests.c.request_id == request_id)
        return _load(ReplacementRequest, self._c.execute(query).first())

    def pending_of_tenant(self, tenant_id: str) -> ReplacementRequest | None:
        query = sa.select(t.replacement_requests).where(
            t.replacement_requests.c.tenant_id == tenant_id, t.replacement_requests.c.status == REQUEST_PENDING)
        return _load(ReplacementRequest, self._c.execute(query).first())

    def decide(self, request_id: str, status: str, at: datetime) -> None:
        self._c.execute(sa.update(t.replacement_requests).where(t.replacement_requests.c.request_id == request_id)
                        .values(status=status, decided_at=at))


class ActivationLinkRepository(_Repository):
    """R-ID-1: links by token digest; the plaintext token lives only in the link's notification."""

    def add(self, link: ActivationLink, token_hash: str, token: str) -> None:
        self._c.execute(sa.insert(t.activation_links).values(token_hash=token_hash, **_values(link)))
        payload = {"token": token, "company_name": link.company_name, "expires_at": link.expires_at.isoformat()}
        self._c.execute(sa.insert(t.notifications).values(
            notification_id=new_id("n"), tenant_id=link.tenant_id, link_id=link.link_id,
            kind="activation_link", payload=payload, created_at=link.created_at))

    def get(self, link_id: str) -> ActivationLink | None:
        query = sa.select(t.activation_links).where(t.activation_links.c.link_id == link_id)
        return _load(ActivationLink, self._c.execute(query).first())

    def by_token_hash(self, token_hash: str) -> ActivationLink | None:
        query = sa.select(t.activation_links).where(t.activation_links.c.token_hash == token_hash)
        return _load(ActivationLink, self._c.execute(query).first())

    def _live(self, tenant_id: str, now: datetime):
        links = t.activation_links
        return links.c.tenant_id == tenant_id, links.c.status == LINK_PENDING, links.c.expires_at > now

    def live_of_tenant(self, tenant_id: str, now: datetime) -> ActivationLink | None:
        query = sa.select(t.activation_links).where(*self._live(tenant_id, now))
        return _load(ActivationLink, self._c.execute(query).first())

    def pending_token(self, tenant_id: str, now: datetime) -> tuple[ActivationLink, str] | None:
        query = (sa.select(t.activation_links, t.notifications.c.payload)
                 .join(t.notifications, t.notifications.c.link_id == t.activation_links.c.link_id)
                 .where(*self._live(tenant_id, now)))
        row = self._c.execute(query).first()
        return None if row is None else (_load(ActivationLink, row), row.payload["token"])

    def retire(self, link_id: str, status: str, at: datetime) -> None:
        """Used, flagged or expired: the link is dead, so its plaintext token is deleted."""
        self._c.execute(sa.update(t.activation_links).where(t.activation_links.c.link_id == link_id)
                        .values(status=status, retired_at=at))
        self._c.execute(sa.delete(t.notifications).where(t.notifications.c.link_id == link_id))

    def expire_due(self, now: datetime) -> int:
        links = t.activation_links
        expired = self._c.execute(
            sa.update(links).where(links.c.status == LINK_PENDING, links.c.expires_at <= now)
            .values(status=LINK_EXPIRED).returning(links.c.link_id)
        ).scalars().all()
        if expired:
            self._c.execute(sa.delete(t.notifications).where(t.notifications.c.link_id.in_(expired)))
        return len(expired)

    def delete_tenant(self, tenant_id: str) -> int:
        """Links with their notifications and flags (cascade)."""
        return self._c.execute(sa.delete(t.activation_links).where(t.activation_links.c.tenant_id == tenant_id)).rowcount


class FlagRepository(_Repository):
    def add(self, flag: RegistrationFlag) -> None:
        self._c.execute(sa.insert(t.registration_flags).values(_values(flag)))

    def get(self, flag_id: str) -> RegistrationFlag | None:
        query = sa.select(t.registration_flags).where(t.registration_flags.c.flag_id == flag_id)
        return _load(RegistrationFlag, self._c.execute(query).first())

    def open_flags(self, tenant_id: str | None) -> list[RegistrationFlag]:
        flags = t.registration_flags
        query = sa.select(flags).where(flags.c.resolved_at.is_(None)).order_by(flags.c.flagged_at)
        if tenant_id:
            query = query.where(flags.c.tenant_id == tenant_id)
        return [_load(RegistrationFlag, row) for row in self._c.execute(query)]

    def resolve(self, flag_id: str, at: datetime) -> None:
        self._c.execute(sa.update(t.registration_flags).where(t.registration_flags.c.flag_id == flag_id)
                        .values(resolved_at=at))


class EntitlementRepository(_Repository):
    def apply(self, seats: EntitlementSeats) -> None:
        """Upsert one entitlement's state; a change dated before the stored one arrived late and is ignored."""
        table = t.tenant_entitlements
        values = _values(seats)
        self._c.execute(
            insert(table).values(values)
            .on_conflict_do_update(index_elements=[table.c.entitlement_id], set_=values,
                                   where=table.c.changed_on <= seats.changed_on)
        )

    def of_tenant(self, tenant_id: str) -> list[EntitlementSeats]:
        query = sa.select(t.tenant_entitlements).where(t.tenant_entitlements.c.tenant_id == tenant_id)
        return [_load(EntitlementSeats, row) for row in self._c.execute(query)]
