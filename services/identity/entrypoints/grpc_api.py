"""IdentityService: request -> validated command -> handler -> response. Nothing else happens here."""
from __future__ import annotations

import grpc

from okki_api.identity.v1 import identity_pb2 as pb
from okki_api.identity.v1 import identity_pb2_grpc
from platformkit import auth
from services.identity.domain import commands
from services.identity.entrypoints import messages, requests
from services.identity.handlers import (
    accounts, activation, cancellation, maintenance, registration, replacement, security, sessions, tenants,
)


class IdentityServicer(identity_pb2_grpc.IdentityServiceServicer):
    def __init__(self, app):
        self._app = app

    def _actor(self) -> auth.Principal:
        return auth.principal(self._app.authenticator)

    def CreateTenant(self, request, context):
        cmd = requests.create_tenant(request)
        tenant = tenants.create_tenant(cmd, self._app.uow(), self._app.directory, self._app.cell)
        return messages.tenant(tenant)

    def GetActivationLink(self, request, context):
        tenant_id = requests.tenant_id(request.tenant_id)
        return messages.activation_link(*activation.get_activation_link(tenant_id, self._app.uow(), self._app.cell_guard))

    def OpenActivationLink(self, request, context):
        link = activation.open_activation_link(requests.token("token", request.token), self._app.uow(),
                                               self._app.cell_guard)
        return pb.ActivationLinkView(company_name=link.company_name, expires_at=messages.instant(link.expires_at))

    def Register(self, request, context):
        cmd = requests.register(request)
        return messages.registration(registration.register(cmd, self._app.uow(), self._app.passwords,
                                                           self._app.cell_guard))

    def ListFlaggedRegistrations(self, request, context):
        tenant_id = requests.tenant_id(request.tenant_id, required=False)
        flags = activation.open_flags(tenant_id, self._app.uow(), self._app.cell_guard)
        return pb.ListFlaggedRegistrationsResponse(flags=[messages.flag(f) for f in flags])

    def ResolveFlaggedRegistration(self, request, context):
        cmd = requests.resolve_flag(request)
        return messages.activation_link(*activation.resolve_flag(cmd, self._app.uow(), self._app.cell_guard))

    def Login(self, request, context):
        cmd = requests.login(request)
        return messages.signed_in(sessions.login(cmd, self._app.uow(), self._app.passwords))

    def LoginWithThirdParty(self, request, context):
        cmd = requests.login_with_third_party(request)
        return messages.signed_in(sessions.login_with_third_party(cmd, self._app.uow()))

    def Authenticate(self, request, context):
        principal = sessions.authenticate(requests.token("session_token", request.session_token), self._app.uow())
        return pb.AuthenticatedPrincipal(tenant_id=principal.tenant_id, account_id=principal.account_id,
                                         role=principal.role, session_id=principal.session_id)

    def Logout(self, request, context):
        sessions.logout(commands.Logout(actor=self._actor()), self._app.uow())
        return pb.LogoutResponse()

    def RevokeSessions(self, request, context):
        cmd = requests.revoke_sessions(request, self._actor())
        return pb.RevokeSessionsResponse(revoked=sessions.revoke_sessions(cmd, self._app.uow()))

    def LinkThirdPartyLogin(self, request, context):
        cmd = requests.link_third_party(request, self._actor())
        return pb.LinkThirdPartyLoginResponse(account_id=sessions.link_third_party(cmd, self._app.uow()))

    def ListAccounts(self, request, context):
        actor, tenant_id = self._actor(), requests.tenant_id(request.tenant_id)
        return messages.account_list(*accounts.list_accounts(actor, tenant_id, self._app.uow(), self._app.cell_guard))

    def CreateSubAccount(self, request, context):
        cmd = requests.create_sub_account(request, self._actor())
        return messages.account(accounts.create_sub_account(cmd, self._app.uow(), self._app.passwords,
                                                            self._app.cell_guard))

    def ResetSubAccountPassword(self, request, context):
        cmd = requests.reset_sub_account_password(request, self._actor())
        return messages.account(accounts.reset_sub_account_password(cmd, self._app.uow(), self._app.passwords,
                                                                    self._app.cell_guard))

    def CancelSubAccount(self, request, context):
        cmd = requests.cancel_sub_account(request, self._actor())
        accounts.cancel_sub_account(cmd, self._app.uow(), self._app.cell_guard)
        return pb.CancelSubAccountResponse()

    def ReportCompromise(self, request, context):
        cmd = requests.report_compromise(request)
        return messages.account(security.report_compromise(cmd, self._app.uow(), self._app.cell_guard))

    def RestrictAccount(self, request, context):
        cmd = requests.restrict_account(request)
        return messages.restriction(security.restrict_account(cmd, self._app.uow(), self._app.cell_guard))

    def LiftRestriction(self, request, context):
        cmd = requests.lift_restriction(request)
        return messages.restriction(security.lift_restriction(cmd, self._app.uow(), self._app.cell_guard))

    def RequestMainAccountReplacement(self, request, context):
        cmd = requests.request_replacement(request, self._actor())
        return messages.replacement(replacement.request_replacement(cmd, self._app.uow(), self._app.cell_guard))

    def ApproveMainAccountReplacement(self, request, context):
        cmd = requests.decide_replacement(request, approve=True)
        return messages.replacement(replacement.decide_replacement(cmd, self._app.uow(), self._app.cell_guard))

    def RejectMainAccountReplacement(self, request, context):
        cmd = requests.decide_replacement(request, approve=False)
        return messages.replacement(replacement.decide_replacement(cmd, self._app.uow(), self._app.cell_guard))

    def CancelMainAccount(self, request, context):
        cmd = requests.cancel_main_account(request, self._actor())
        deleted = cancellation.cancel_main_account(cmd, self._app.uow(), self._app.peers, self._app.cell_guard)
        return pb.CancelMainAccountResponse(accounts_deleted=deleted)

    def RunSweep(self, request, context):
        return pb.RunSweepResponse(summary=maintenance.sweep(self._app.uow()))


def add_servicers(server: grpc.Server, app) -> None:
    identity_pb2_grpc.add_IdentityServiceServicer_to_server(IdentityServicer(app), server)
