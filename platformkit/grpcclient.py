"""Channels to peers in the same cell, with retries on UNAVAILABLE, and the identity authenticator."""
from __future__ import annotations

import json

import grpc

from platformkit import mtls
from platformkit.auth import Principal
from platformkit.errors import Unauthenticated, Unavailable
from platformkit.settings import Settings

_RETRY = json.dumps({
    "methodConfig": [{
        "name": [{}],
        "retryPolicy": {
            "maxAttempts": 4,
            "initialBackoff": "0.1s",
            "maxBackoff": "1s",
            "backoffMultiplier": 2,
            "retryableStatusCodes": ["UNAVAILABLE"],
        },
    }]
})


def channel(settings: Settings, service: str, workload: str | None = None) -> grpc.Channel:
    """A channel to `service` in this cell, over mutual TLS as `workload` (default: this service)."""
    target = settings.endpoint_of(service)
    options = [
        ("grpc.service_config", _RETRY),
        ("grpc.enable_retries", 1),
        ("grpc.max_receive_message_length", settings.max_message_bytes),
    ]
    credentials = mtls.channel_credentials(settings, service, workload)
    if credentials is None:
        return grpc.insecure_channel(target, options=options)
    return grpc.secure_channel(target, credentials, options=options + mtls.channel_options(service, settings))


class IdentityAuthenticator:
    """Resolves a session token by asking identity (sessions are revocable, so no local cache)."""

    def __init__(self, chan: grpc.Channel, timeout: float = 3.0):
        from okki_api.identity.v1 import identity_pb2, identity_pb2_grpc

        self._pb = identity_pb2
        self._stub = identity_pb2_grpc.IdentityServiceStub(chan)
        self._timeout = timeout

    def authenticate(self, token: str) -> Principal:
        try:
            reply = self._stub.Authenticate(self._pb.AuthenticateRequest(session_token=token), timeout=self._timeout)
        except grpc.RpcError as exc:
            if exc.code() in (grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.PERMISSION_DENIED,
                              grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.NOT_FOUND):
                raise Unauthenticated("the session token is not valid") from None
            raise Unavailable("identity could not be reached to check the session") from None
        return Principal(reply.tenant_id, reply.account_id, reply.role, reply.session_id)
