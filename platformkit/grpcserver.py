"""Serves one service's gRPC API: health, reflection, error mapping, caller context, the outbox relay."""
from __future__ import annotations

import logging
import signal
import threading
from concurrent import futures

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from platformkit import access, auth, mtls, telemetry
from platformkit.auditing import audit_refusal
from platformkit.errors import PermissionDenied
from platformkit.grpcerrors import abort
from platformkit.ratelimit import TenantRateLimiter
from platformkit.service import ServiceSpec
from platformkit.settings import Settings

log = logging.getLogger(__name__)


class CallContextInterceptor(grpc.ServerInterceptor):
    """Per call: check the caller against the allow-list, limit a tenant's rate from the public
    edge, bind the bearer token for `auth.principal`, and map every exception to a status."""

    def __init__(self, spec: ServiceSpec, settings: Settings, app):
        self._spec, self._settings, self._app = spec, settings, app
        self._mtls = settings.tls_dir is not None
        self._limiter = TenantRateLimiter(settings.tenant_rate_per_second, settings.tenant_rate_burst)

    def _admit(self, method: str, request, context) -> None:
        if not self._mtls:
            return
        workload = mtls.peer_workload(context, self._settings.cell)
        try:
            access.check(self._spec.name, method, workload)
        except PermissionDenied:
            audit_refusal(self._spec, self._settings, self._app, workload, method)
            raise
        if workload == "gateway":
            self._limiter.take(getattr(request, "tenant_id", "") or "anonymous")

    def intercept_service(self, continuation, handler_call_details):
        handler = continuation(handler_call_details)
        if handler is None or handler.unary_unary is None:
            return handler
        behavior = handler.unary_unary
        method = handler_call_details.method
        bearer = auth.bearer_from(handler_call_details.invocation_metadata)

        def guarded(request, context):
            handle = auth.begin_call(bearer)
            try:
                self._admit(method, request, context)
                return behavior(request, context)
            except Exception as exc:  # noqa: BLE001 - mapped to a deliberate status, never swallowed
                if context.code() not in (None, grpc.StatusCode.OK):
                    raise  # the servicer already ended the call deliberately
                abort(context, exc)
            finally:
                auth.end_call(handle)

        return grpc.unary_unary_rpc_method_handler(
            guarded, request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )


def server_options(settings: Settings) -> list[tuple[str, int]]:
    return [
        ("grpc.max_receive_message_length", settings.max_message_bytes),
        ("grpc.max_send_message_length", settings.max_message_bytes),
        ("grpc.so_reuseport", 0),
    ]


def build(spec: ServiceSpec, settings: Settings, app) -> tuple[grpc.Server, health.HealthServicer, int]:
    """A ready-to-start server for `spec`, bound to settings.grpc_bind; returns the bound port."""
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=settings.grpc_workers, thread_name_prefix=f"grpc-{spec.name}"),
        interceptors=[CallContextInterceptor(spec, settings, app)],
        options=server_options(settings),
    )
    spec.add_servicers(server, app)
    health_servicer = health.HealthServicer(experimental_non_blocking=True)
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    names = (*spec.grpc_service_names, health.SERVICE_NAME, reflection.SERVICE_NAME)
    reflection.enable_server_reflection(names, server)
    port = _bind(server, settings)
    for name in ("", *spec.grpc_service_names):
        health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    return server, health_servicer, port


def _bind(server: grpc.Server, settings: Settings) -> int:
    credentials = mtls.server_credentials(settings)
    if credentials is None:
        return server.add_insecure_port(settings.grpc_bind)
    return server.add_secure_port(settings.grpc_bind, credentials)


def serve(spec: ServiceSpec, settings: Settings) -> None:
    """Run until SIGTERM/SIGINT, then stop gracefully: NOT_SERVING, drain calls, stop the relay."""
    from platformkit.relay import OutboxRelay

    telemetry.setup(settings, "grpc")
    app = spec.build(settings)
    server, health_servicer, port = build(spec, settings, app)
    relay = OutboxRelay.for_app(spec, settings, app)
    stopping = threading.Event()

    def _stop(signum, _frame):
        log.info("signal %s: stopping %s", signum, spec.name)
        stopping.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    server.start()
    relay.start()
    log.info("%s gRPC serving on %s (cell %s)", spec.name, settings.grpc_bind, settings.cell)
    stopping.wait()
    health_servicer.enter_graceful_shutdown()
    server.stop(grace=5).wait()
    relay.stop()
    app.close()
