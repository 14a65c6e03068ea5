"""Domain objects -> response messages."""
from __future__ import annotations

from datetime import datetime

from okki_api.identity.v1 import identity_pb2 as pb
from platformkit import topology
from services.identity.domain.model import Account, ActivationLink, RegistrationFlag, ReplacementRequest, Restriction, Tenant
from services.identity.entrypoints.requests import RESTRICTION_KINDS
from services.identity.handlers.accounts import AccountView
from services.identity.handlers.registration import FLAGGED, Registration
from services.identity.handlers.sessions import SignedIn

_KIND_OF = {name: number for number, name in RESTRICTION_KINDS.items()}


def instant(value: datetime | None) -> str:
    return value.isoformat() if value else ""


def tenant(t: Tenant) -> pb.Tenant:
    return pb.Tenant(tenant_id=t.tenant_id, jurisdiction=t.jurisdiction, cell=topology.load().cell_for(t.jurisdiction).name,
                     channel=t.channel, distributor_id=t.distributor_id or "", created_at=instant(t.created_at))


def activation_link(link: ActivationLink, token: str) -> pb.ActivationLink:
    return pb.ActivationLink(tenant_id=link.tenant_id, token=token, company_name=link.company_name,
                             expires_at=instant(link.expires_at))


def registration(r: Registration) -> pb.RegisterResponse:
    outcome = pb.REGISTRATION_OUTCOME_FLAGGED if r.outcome == FLAGGED else pb.REGISTRATION_OUTCOME_REGISTERED
    return pb.RegisterResponse(outcome=outcome, tenant_id=r.tenant_id, account_id=r.account_id, flag_id=r.flag_id)


def flag(f: RegistrationFlag) -> pb.FlaggedRegistration:
    return pb.FlaggedRegistration(flag_id=f.flag_id, tenant_id=f.tenant_id, company_name_shown=f.company_name_shown,
                                  flagged_at=instant(f.flagged_at))


def signed_in(s: SignedIn) -> pb.LoginResponse:
    return pb.LoginResponse(session_token=s.token, expires_at=instant(s.session.expires_at),
                            tenant_id=s.session.tenant_id, account_id=s.session.account_id, role=s.role)


def account(a: Account, *, restricted: bool = False) -> pb.Account:
    return pb.Account(account_id=a.account_id, tenant_id=a.tenant_id, email=a.email, role=a.role,
                      locked=a.locked_at is not None, restricted=restricted, created_at=instant(a.created_at))


def account_list(views: list[AccountView], seats: int) -> pb.ListAccountsResponse:
    return pb.ListAccountsResponse(accounts=[account(v.account, restricted=v.restricted) for v in views], seats=seats)


def restriction(r: Restriction) -> pb.Restriction:
    return pb.Restriction(restriction_id=r.restriction_id, tenant_id=r.tenant_id, account_id=r.account_id,
                          kind=_KIND_OF[r.kind], until=instant(r.until), reason=r.reason,
                          created_at=instant(r.created_at), lifted_at=instant(r.lifted_at))


def replacement(r: ReplacementRequest) -> pb.MainAccountReplacement:
    return pb.MainAccountReplacement(request_id=r.request_id, tenant_id=r.tenant_id, from_account_id=r.from_account_id,
                                     to_account_id=r.to_account_id, status=r.status)
