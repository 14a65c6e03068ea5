"""Logins, sessions and third-party links (R-ID-5, R-ID-6, R-ID-9, R-ID-10)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import NoReturn

from contracts.events.v1.identity import AccountChanged, LoginRecorded
from platformkit.auth import Principal, require_tenant
from platformkit.errors import AlreadyExists, DomainError, PermissionDenied, Unauthenticated
from services.identity.domain import commands
from services.identity.domain.errors import InvalidCredentials
from services.identity.domain.model import SESSION_TTL, Account, LoginRecord, Session, ensure_may_sign_in
from services.identity.domain.tokens import digest, new_id, new_token, subject_digest
from services.identity.handlers._shared import account_in_tenant, claim, settle

SUCCESS, UNKNOWN_ACCOUNT, WRONG_PASSWORD = "success", "unknown_account", "wrong_password"
OPERATION_REVOKE, OPERATION_LINK = "RevokeSessions", "LinkThirdPartyLogin"


@dataclass(frozen=True)
class SignedIn:
    session: Session
    token: str  # handed to the client once; identity keeps its digest
    role: str


def login(cmd: commands.Login, uow, passwords) -> SignedIn:
    """R-ID-9: every attempt leaves a login record; unknown email and wrong password look alike."""
    with uow:
        account = uow.accounts.by_email(cmd.email)
        if account is None:
            passwords.burn(cmd.password)
            _refuse(uow, None, cmd, UNKNOWN_ACCOUNT, InvalidCredentials())
        if not passwords.verify(account.password_hash, cmd.password):
            _refuse(uow, account, cmd, WRONG_PASSWORD, InvalidCredentials())
        return _sign_in(uow, account, cmd)


def login_with_third_party(cmd: commands.LoginWithThirdParty, uow) -> SignedIn:
    """R-ID-10: a third-party subject signs in only to the existing account it was linked to."""
    with uow:
        account_id = uow.third_party.account_for(cmd.provider, subject_digest(cmd.provider, cmd.subject))
        account = uow.accounts.get(account_id) if account_id else None
        if account is None:
            _refuse(uow, None, cmd, UNKNOWN_ACCOUNT, InvalidCredentials())
        return _sign_in(uow, account, cmd)


def _sign_in(uow, account: Account, cmd) -> SignedIn:
    now = uow.clock.now()
    try:
        ensure_may_sign_in(account, uow.restrictions.of_account(account.account_id), now)
    except DomainError as refusal:
        _refuse(uow, account, cmd, refusal.reason.lower(), refusal)
    token = new_token()
    session = Session(session_id=new_id("s"), account_id=account.account_id, tenant_id=account.tenant_id,
                      created_at=now, expires_at=now + SESSION_TTL)
    uow.sessions.add(session, digest(token))
    _record(uow, account, cmd, SUCCESS)
    # R-ID-9: the bus gets the account and the day only; time, IP and device stay here.
    uow.publish(LoginRecorded(tenant_id=account.tenant_id, account_id=account.account_id, on=now.date()))
    uow.commit()
    return SignedIn(session, token, account.role)


def _record(uow, account: Account | None, cmd, outcome: str) -> None:
    uow.logins.add(LoginRecord(
        account_id=account.account_id if account else None, tenant_id=account.tenant_id if account else None,
        at=uow.clock.now(), ip=cmd.ip, device=cmd.device, outcome=outcome,
    ))


def _refuse(uow, account: Account | None, cmd, outcome: str, error: DomainError) -> NoReturn:
    """Failed attempts are login records too (R-ID-9): commit the record, then refuse."""
    _record(uow, account, cmd, outcome)
    uow.commit()
    raise error


def authenticate(token: str, uow) -> Principal:
    """A live session of an account that may sign in (R-ID-5, R-ID-6) -> its principal, role read now."""
    with uow:
        now = uow.clock.now()
        session = uow.sessions.by_token_hash(digest(token))
        account = uow.accounts.get(session.account_id) if session and session.is_live(now) else None
        if account is None:
            raise Unauthenticated("the session is unknown, expired or revoked", reason="SESSION_INVALID")
        ensure_may_sign_in(account, uow.restrictions.of_account(account.account_id), now)
    return Principal(account.tenant_id, account.account_id, account.role, session.session_id)


class SessionAuthenticator:
    """platformkit.auth's Authenticator for identity's own servicer: resolves tokens locally."""

    def __init__(self, uow_factory):
        self._uow = uow_factory

    def authenticate(self, token: str) -> Principal:
        return authenticate(token, self._uow())


def logout(cmd: commands.Logout, uow) -> None:
    with uow:
        uow.sessions.revoke(cmd.actor.session_id, uow.clock.now())
        uow.commit()


def revoke_sessions(cmd: commands.RevokeSessions, uow) -> int:
    """The account itself, or its tenant's main account, ends every session of an account."""
    require_tenant(cmd.actor, cmd.tenant_id)
    if cmd.actor.account_id != cmd.account_id and not cmd.actor.is_main:
        raise PermissionDenied("only the account itself or the main account may do this", reason="MAIN_ACCOUNT_REQUIRED")
    with uow:
        done = claim(uow, OPERATION_REVOKE, cmd, cmd.tenant_id)
        if done:
            return int(done)
        account = account_in_tenant(uow, cmd.tenant_id, cmd.account_id)
        revoked = uow.sessions.revoke_all(account.account_id, uow.clock.now())
        settle(uow, OPERATION_REVOKE, cmd, str(revoked), cmd.tenant_id)
        uow.commit()
    return revoked


def link_third_party(cmd: commands.LinkThirdPartyLogin, uow) -> str:
    """R-ID-10: links a third-party subject (stored as a digest) to the caller's existing account."""
    actor = cmd.actor
    with uow:
        if claim(uow, OPERATION_LINK, cmd, actor.tenant_id):
            return actor.account_id
        account = account_in_tenant(uow, actor.tenant_id, actor.account_id)
        subject_hash = subject_digest(cmd.provider, cmd.subject)
        linked = uow.third_party.add(cmd.provider, subject_hash, account, uow.clock.now())
        if not linked and uow.third_party.account_for(cmd.provider, subject_hash) != account.account_id:
            raise AlreadyExists("this third-party login is linked to another account",
                                reason="THIRD_PARTY_ALREADY_LINKED")
        if linked:
            uow.publish(AccountChanged(tenant_id=account.tenant_id, account_id=account.account_id,
                                       change="third_party_linked", reason=cmd.provider))
        settle(uow, OPERATION_LINK, cmd, account.account_id, actor.tenant_id)
        uow.commit()
    return account.account_id
