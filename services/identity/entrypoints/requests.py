"""Request messages -> commands. Every field violation is collected and raised before any write."""
from __future__ import annotations

import ipaddress
import re

from okki_api.identity.v1 import identity_pb2 as pb
from platformkit import validation
from platformkit.auth import Principal
from platformkit.errors import Violations
from services.identity.domain import commands
from services.identity.domain.model import PERMANENT, TEMPORARY

JURISDICTIONS = {pb.JURISDICTION_INTL: "intl", pb.JURISDICTION_PRC: "prc"}
CHANNELS = {pb.CHANNEL_DISTRIBUTOR: "distributor", pb.CHANNEL_SELF_SERVICE: "self_service"}
RESTRICTION_KINDS = {pb.RESTRICTION_KIND_TEMPORARY: TEMPORARY, pb.RESTRICTION_KIND_PERMANENT: PERMANENT}
PROVIDERS = {pb.THIRD_PARTY_PROVIDER_WECHAT: "wechat", pb.THIRD_PARTY_PROVIDER_DINGTALK: "dingtalk",
             pb.THIRD_PARTY_PROVIDER_GOOGLE: "google"}
_EMAIL = re.compile(r"^[^@\s]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
PASSWORD_MIN, PASSWORD_MAX = 10, 128
SECRET_MAX = 256
COMPANY_NAME_MAX = 256
DEVICE_MAX = 256


def _enum(v: Violations, name: str, value: int, mapping: dict[int, str], enum_type) -> str:
    if value not in mapping:
        v.add(name, f"must be one of {', '.join(enum_type.Name(k) for k in mapping)}")
        return ""
    return mapping[value]


def _email(v: Violations, value: str) -> str:
    value = value.strip().lower()
    if not value:
        v.add("email", "is required")
    elif len(value) > 254 or not _EMAIL.match(value):
        v.add("email", "must be an email address")
    return value


def _password(v: Violations, value: str) -> str:
    if not PASSWORD_MIN <= len(value) <= PASSWORD_MAX:
        v.add("password", f"must be {PASSWORD_MIN} to {PASSWORD_MAX} characters")
    elif not value.strip():
        v.add("password", "must not be blank")
    return value


def _secret(v: Violations, name: str, value: str) -> str:
    if not value:
        v.add(name, "is required")
    elif len(value) > SECRET_MAX or not value.isprintable():
        v.add(name, f"must be at most {SECRET_MAX} printable characters")
    return value


def _ip(v: Violations, value: str) -> str:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        v.add("ip", "must be an IPv4 or IPv6 address")
        return value


def tenant_id(value: str, *, required: bool = True) -> str:
    v = Violations()
    validation.identifier(v, "tenant_id", value, required=required)
    v.raise_if_any()
    return value


def token(name: str, value: str) -> str:
    v = Violations()
    _secret(v, name, value)
    v.raise_if_any()
    return value


def create_tenant(req: pb.CreateTenantRequest) -> commands.CreateTenant:
    v = Violations()
    jurisdiction = _enum(v, "jurisdiction", req.jurisdiction, JURISDICTIONS, pb.Jurisdiction)
    channel = _enum(v, "channel", req.channel, CHANNELS, pb.Channel)
    company_name = validation.text(v, "company_name", req.company_name, max_len=COMPANY_NAME_MAX)
    validation.identifier(v, "distributor_id", req.distributor_id, required=channel == "distributor")
    if channel == "self_service" and req.distributor_id:
        v.add("distributor_id", "must be empty for a self-service tenant")
    validation.idempotency_key(v, req.idempotency_key)
    v.raise_if_any()
    return commands.CreateTenant(jurisdiction=jurisdiction, company_name=company_name, channel=channel,
                                 distributor_id=req.distributor_id or None, idempotency_key=req.idempotency_key)


def resolve_flag(req: pb.ResolveFlaggedRegistrationRequest) -> commands.ResolveFlaggedRegistration:
    v = Violations()
    validation.identifier(v, "tenant_id", req.tenant_id)
    validation.identifier(v, "flag_id", req.flag_id)
    company_name = validation.text(v, "company_name", req.company_name, max_len=COMPANY_NAME_MAX)
    validation.idempotency_key(v, req.idempotency_key)
    v.raise_if_any()
    return commands.ResolveFlaggedRegistration(tenant_id=req.tenant_id, flag_id=req.flag_id,
                                               company_name=company_name, idempotency_key=req.idempotency_key)


def register(req: pb.RegisterRequest) -> commands.Register:
    """Email and password matter only once the registrant confirmed the company name (R-ID-2)."""
    v = Violations()
    _secret(v, "token", req.token)
    email = _email(v, req.email) if req.company_name_confirmed else ""
    if req.company_name_confirmed:
        _password(v, req.password)
    validation.idempotency_key(v, req.idempotency_key)
    v.raise_if_any()
    return commands.Register(token=req.token, email=email, password=req.password,
                             company_name_confirmed=req.company_name_confirmed,
                             free_mail_acknowledged=req.free_mail_acknowledged, idempotency_key=req.idempotency_key)


def _client(v: Violations, ip: str, device: str) -> tuple[str, str]:
    return _ip(v, ip), validation.text(v, "device", device, required=False, max_len=DEVICE_MAX)


def login(req: pb.LoginRequest) -> commands.Login:
    v = Violations()
    email = _email(v, req.email)
    if not req.password or len(req.password) > PASSWORD_MAX:
        v.add("password", f"is required, at most {PASSWORD_MAX} characters")
    ip, device = _client(v, req.ip, req.device)
    v.raise_if_any()
    return commands.Login(email=email, password=req.password, ip=ip, device=device)


def login_with_third_party(req: pb.LoginWithThirdPartyRequest) -> commands.LoginWithThirdParty:
    v = Violations()
    provider = _enum(v, "provider", req.provider, PROVIDERS, pb.ThirdPartyProvider)
    _secret(v, "subject", req.subject)
    ip, device = _client(v, req.ip, req.device)
    v.raise_if_any()
    return commands.LoginWithThirdParty(provider=provider, subject=req.subject, ip=ip, device=device)


def revoke_sessions(req: pb.RevokeSessionsRequest, actor: Principal) -> commands.RevokeSessions:
    v = _tenant_account(req)
    v.raise_if_any()
    return commands.RevokeSessions(actor=actor, tenant_id=req.tenant_id, account_id=req.account_id,
                                   idempotency_key=req.idempotency_key)


def link_third_party(req: pb.LinkThirdPartyLoginRequest, actor: Principal) -> commands.LinkThirdPartyLogin:
    v = Violations()
    provider = _enum(v, "provider", req.provider, PROVIDERS, pb.ThirdPartyProvider)
    _secret(v, "subject", req.subject)
    validation.idempotency_key(v, req.idempotency_key)
    v.raise_if_any()
    return commands.LinkThirdPartyLogin(actor=actor, provider=provider, subject=req.subject,
                                        idempotency_key=req.idempotency_key)


def create_sub_account(req: pb.CreateSubAccountRequest, actor: Principal) -> commands.CreateSubAccount:
    v = Violations()
    validation.identifier(v, "tenant_id", req.tenant_id)
    email = _email(v, req.email)
    _password(v, req.password)
    validation.idempotency_key(v, req.idempotency_key)
    v.raise_if_any()
    return commands.CreateSubAccount(actor=actor, tenant_id=req.tenant_id, email=email, password=req.password,
                                     idempotency_key=req.idempotency_key)


def reset_sub_account_password(req: pb.ResetSubAccountPasswordRequest,
                               actor: Principal) -> commands.ResetSubAccountPassword:
    v = _tenant_account(req)
    _password(v, req.password)
    v.raise_if_any()
    return commands.ResetSubAccountPassword(actor=actor, tenant_id=req.tenant_id, account_id=req.account_id,
                                            password=req.password, idempotency_key=req.idempotency_key)


def cancel_sub_account(req: pb.CancelSubAccountRequest, actor: Principal) -> commands.CancelSubAccount:
    _tenant_account(req).raise_if_any()
    return commands.CancelSubAccount(actor=actor, tenant_id=req.tenant_id, account_id=req.account_id,
                                     idempotency_key=req.idempotency_key)


def report_compromise(req: pb.ReportCompromiseRequest) -> commands.ReportCompromise:
    _tenant_account(req).raise_if_any()
    return commands.ReportCompromise(tenant_id=req.tenant_id, account_id=req.account_id,
                                     idempotency_key=req.idempotency_key)


def restrict_account(req: pb.RestrictAccountRequest) -> commands.RestrictAccount:
    """R-ID-6: a reason is required; a temporary restriction ends at `until`, a permanent one never."""
    v = _tenant_account(req)
    kind = _enum(v, "kind", req.kind, RESTRICTION_KINDS, pb.RestrictionKind)
    until = None
    if kind == TEMPORARY and not req.until:
        v.add("until", "is required for a temporary restriction")
    elif kind == TEMPORARY:
        until = validation.instant(v, "until", req.until)
    elif kind == PERMANENT and req.until:
        v.add("until", "must be empty for a permanent restriction")
    reason = validation.text(v, "reason", req.reason, max_len=2000)
    v.raise_if_any()
    return commands.RestrictAccount(tenant_id=req.tenant_id, account_id=req.account_id, kind=kind, until=until,
                                    reason=reason, idempotency_key=req.idempotency_key)


def lift_restriction(req: pb.LiftRestrictionRequest) -> commands.LiftRestriction:
    v = Violations()
    validation.identifier(v, "tenant_id", req.tenant_id)
    validation.identifier(v, "restriction_id", req.restriction_id)
    reason = validation.text(v, "reason", req.reason, max_len=2000)
    validation.idempotency_key(v, req.idempotency_key)
    v.raise_if_any()
    return commands.LiftRestriction(tenant_id=req.tenant_id, restriction_id=req.restriction_id, reason=reason,
                                    idempotency_key=req.idempotency_key)


def request_replacement(req: pb.RequestMainAccountReplacementRequest,
                        actor: Principal) -> commands.RequestMainAccountReplacement:
    v = Violations()
    validation.identifier(v, "tenant_id", req.tenant_id)
    validation.identifier(v, "new_account_id", req.new_account_id)
    validation.idempotency_key(v, req.idempotency_key)
    v.raise_if_any()
    return commands.RequestMainAccountReplacement(actor=actor, tenant_id=req.tenant_id,
                                                  new_account_id=req.new_account_id,
                                                  idempotency_key=req.idempotency_key)


def decide_replacement(req: pb.DecideMainAccountReplacementRequest,
                       approve: bool) -> commands.DecideMainAccountReplacement:
    v = Violations()
    validation.identifier(v, "tenant_id", req.tenant_id)
    validation.identifier(v, "request_id", req.request_id)
    validation.idempotency_key(v, req.idempotency_key)
    v.raise_if_any()
    return commands.DecideMainAccountReplacement(tenant_id=req.tenant_id, request_id=req.request_id,
                                                 approve=approve, idempotency_key=req.idempotency_key)


def cancel_main_account(req: pb.CancelMainAccountRequest, actor: Principal) -> commands.CancelMainAccount:
    v = Violations()
    validation.identifier(v, "tenant_id", req.tenant_id)
    validation.idempotency_key(v, req.idempotency_key)
    v.raise_if_any()
    return commands.CancelMainAccount(actor=actor, tenant_id=req.tenant_id, idempotency_key=req.idempotency_key)


def _tenant_account(req) -> Violations:
    """tenant_id, account_id and idempotency_key, the fields most account requests share."""
    v = Violations()
    validation.identifier(v, "tenant_id", req.tenant_id)
    validation.identifier(v, "account_id", req.account_id)
    validation.idempotency_key(v, req.idempotency_key)
    return v
