"""Mutual TLS between workloads of a cell: every connection presents a certificate of the cell's CA.

A client with no certificate, or with one from another cell's CA, fails the handshake; which
workload may call which RPC is then decided by platformkit.access from the peer's SPIFFE id.
"""
from __future__ import annotations

import grpc

from platformkit import pki
from platformkit.settings import Settings

# Certificates name "localhost" for local runs; in the cloud the endpoints' DNS names are used.
LOCAL_TARGET_NAME = "localhost"


def server_credentials(settings: Settings) -> grpc.ServerCredentials | None:
    if settings.tls_dir is None:
        _insecure_allowed(settings)
        return None
    material = pki.load(settings.tls_dir, settings.service)
    return grpc.ssl_server_credentials([(material.key, material.cert)], root_certificates=material.ca,
                                       require_client_auth=True)


def channel_credentials(settings: Settings, service: str, workload: str | None = None) -> grpc.ChannelCredentials | None:
    """Credentials of this process's workload (default: settings.service) to call `service`."""
    if settings.tls_dir is None:
        _insecure_allowed(settings)
        return None
    material = pki.load(settings.tls_dir, workload or settings.service)
    return grpc.ssl_channel_credentials(material.ca, material.key, material.cert)


def channel_options(service: str, settings: Settings) -> list[tuple[str, str]]:
    target = settings.endpoint_of(service)
    if target.startswith("127.0.0.1:") or target.startswith("localhost:"):
        return [("grpc.ssl_target_name_override", LOCAL_TARGET_NAME)]
    return []


def _insecure_allowed(settings: Settings) -> None:
    if not settings.insecure_grpc:
        raise SystemExit("OKKI_TLS_DIR is not set: refusing to run gRPC without mutual TLS "
                         "(set OKKI_INSECURE_GRPC=1 only for in-process tests)")


def peer_workload(context: grpc.ServicerContext, cell: str) -> str | None:
    """The calling workload's name from its SPIFFE id, if it belongs to `cell`."""
    ids = (context.auth_context() or {}).get("peer_spiffe_id") or []
    for raw in ids:
        value = raw.decode() if isinstance(raw, bytes) else raw
        prefix = f"spiffe://{cell}/"
        if value.startswith(prefix):
            return value[len(prefix):]
    return None
