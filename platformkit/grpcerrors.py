"""Maps platformkit.errors to rich gRPC status (google.rpc details), and back on the client side."""
from __future__ import annotations

import logging

import grpc
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from platformkit import errors
from platformkit.telemetry import current_trace_id

log = logging.getLogger(__name__)
DOMAIN = "okki.platform"


def to_status(error: errors.DomainError) -> grpc.Status:
    details = []
    if isinstance(error, errors.InvalidArgument):
        bad = error_details_pb2.BadRequest(field_violations=[
            error_details_pb2.BadRequest.FieldViolation(field=v.field, description=v.description)
            for v in error.violations
        ])
        details.append(bad)
    details.append(error_details_pb2.ErrorInfo(reason=error.reason, domain=DOMAIN, metadata=error.metadata))
    packed = []
    for detail in details:
        item = any_pb2.Any()
        item.Pack(detail)
        packed.append(item)
    return rpc_status.to_status(status_pb2.Status(code=error.code.value[0], message=error.message, details=packed))


def internal_status() -> grpc.Status:
    trace_id = current_trace_id()
    return rpc_status.to_status(status_pb2.Status(
        code=code_pb2.INTERNAL, message=f"internal error (trace id {trace_id or 'n/a'}); it has been logged"))


def classify(exc: BaseException) -> errors.DomainError | None:
    """A deliberate error for `exc`, or None when it is our bug. Outages are retryable (UNAVAILABLE)."""
    from sqlalchemy.exc import DBAPIError

    if isinstance(exc, errors.DomainError):
        return exc
    if isinstance(exc, grpc.RpcError) and exc.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
        return errors.Unavailable("a service this call depends on is unavailable; retry")
    if isinstance(exc, DBAPIError) and (exc.connection_invalidated or _is_connection_error(exc)):
        return errors.Unavailable("the database is unavailable; retry")
    return None


def _is_connection_error(exc) -> bool:
    import psycopg

    return isinstance(exc.orig, (psycopg.OperationalError, psycopg.InterfaceError))


def abort(context: grpc.ServicerContext, exc: BaseException):
    """Ends the RPC with the status for `exc`; unexpected errors become INTERNAL and are logged."""
    deliberate = classify(exc)
    if deliberate is not None:
        context.abort_with_status(to_status(deliberate))
    log.exception("unexpected error in RPC (trace id %s)", current_trace_id())
    context.abort_with_status(internal_status())


def details_of(error: grpc.RpcError) -> dict:
    """Client side: the reason, metadata and field violations carried by a rich status."""
    out: dict = {"code": error.code(), "message": error.details(), "reason": "", "metadata": {}, "violations": {}}
    status = rpc_status.from_call(error)
    if status is None:
        return out
    for item in status.details:
        if item.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            item.Unpack(info)
            out["reason"], out["metadata"] = info.reason, dict(info.metadata)
        elif item.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            item.Unpack(bad)
            out["violations"] = {v.field: v.description for v in bad.field_violations}
    return out
