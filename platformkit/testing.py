"""Helpers for the project's own tests: test settings, and a servicer served over real gRPC in-process."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import grpc
import sqlalchemy as sa

from platformkit import grpcserver
from platformkit.auth import Principal
from platformkit.errors import Unauthenticated
from platformkit.grpcerrors import details_of
from platformkit.localenv import LocalEnv
from platformkit.service import ServiceSpec
from platformkit.settings import Settings

# Integration tests: own databases, vhosts and ports, beside `make run` and the e2e cells.
TEST_ENV = LocalEnv(prefix="okkitest", port_shift=1000, telemetry="none")


class StaticAuthenticator:
    """A fake of our Authenticator port: session tokens mapped to principals."""

    def __init__(self, sessions: dict[str, Principal] | None = None):
        self.sessions = dict(sessions or {})

    def authenticate(self, token: str) -> Principal:
        try:
            return self.sessions[token]
        except KeyError:
            raise Unauthenticated("the session token is not valid") from None


def refusal(call, *args, **kwargs) -> dict:
    """Make a call that must be refused; return its status code, reason, metadata and field violations."""
    try:
        call(*args, **kwargs)
    except grpc.RpcError as error:
        return details_of(error)
    raise AssertionError("the call was not refused")


def make_settings(service: str, cell: str = "sg", **overrides) -> Settings:
    """Settings for an in-process test of `service`: test databases and vhost, plaintext gRPC."""
    return TEST_ENV.settings(cell, service, **{"tls_dir": None, "insecure_grpc": True, **overrides})


@contextmanager
def serve_in_process(spec: ServiceSpec, settings: Settings, app=None) -> Iterator[grpc.Channel]:
    """Serve `spec` on an ephemeral port in this process and yield a channel to it."""
    owned = app is None
    app = app or spec.build(settings)
    server, _health, port = grpcserver.build(spec, settings.model_copy(update={"grpc_bind": "127.0.0.1:0"}), app)
    server.start()
    try:
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            yield channel
    finally:
        server.stop(None)
        if owned:
            app.close()


def truncate_all(engine: sa.engine.Engine) -> None:
    """Empty every table but Alembic's, so each test starts from a migrated, empty database."""
    with engine.begin() as conn:
        names = conn.execute(sa.text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
        )).scalars().all()
        if names:
            conn.execute(sa.text("TRUNCATE " + ", ".join(f'"{n}"' for n in names) + " RESTART IDENTITY CASCADE"))


def table_counts(engine: sa.engine.Engine) -> dict[str, int]:
    """Row count of every table: a refused call must leave these unchanged."""
    with engine.connect() as conn:
        names = conn.execute(sa.text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
        )).scalars().all()
        return {n: conn.execute(sa.text(f'SELECT count(*) FROM "{n}"')).scalar_one() for n in names}
