"""Mutual TLS between services (issue 4). Without OKKI_TLS_DIR the cell runs in plaintext."""
from __future__ import annotations

import grpc

from platformkit.settings import Settings


def server_credentials(settings: Settings) -> grpc.ServerCredentials | None:
    if settings.tls_dir is None:
        return None
    raise NotImplementedError("mutual TLS is not wired yet")


def channel_credentials(settings: Settings, service: str) -> grpc.ChannelCredentials | None:
    if settings.tls_dir is None:
        return None
    raise NotImplementedError("mutual TLS is not wired yet")


def channel_options(service: str, settings: Settings) -> list[tuple[str, str]]:
    return []
