"""OpenTelemetry, set up once per process: spans across gRPC and the bus share one trace.

gRPC is instrumented before any server or channel is created; on the bus the W3C trace context
rides in AMQP headers (`nameko.traceparent`), written into the outbox row at commit time, so the
consumer's span is a child of the span that changed the state. Span attributes carry ids only.
"""
from __future__ import annotations

import json
import logging
import threading
from pathlib import Path
from typing import Sequence

from opentelemetry import propagate, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor, SpanExporter, SpanExportResult,
)

from platformkit.settings import Settings

log = logging.getLogger(__name__)
_configured = False
_lock = threading.Lock()


class JsonLinesExporter(SpanExporter):
    """Appends one JSON object per span to a file: what an SRE (or a test) reads locally."""

    def __init__(self, path: Path):
        self._path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        lines = []
        for span in spans:
            ctx, parent = span.get_span_context(), span.parent
            lines.append(json.dumps({
                "trace_id": format(ctx.trace_id, "032x"),
                "span_id": format(ctx.span_id, "016x"),
                "parent_id": format(parent.span_id, "016x") if parent else None,
                "name": span.name,
                "kind": span.kind.name,
                "service": span.resource.attributes.get("service.name"),
                "cell": span.resource.attributes.get("okki.cell"),
                "status": span.status.status_code.name,
                "start": span.start_time,
                "end": span.end_time,
                "attributes": dict(span.attributes or {}),
            }, default=str))
        with self._lock, self._path.open("a") as fh:
            fh.write("\n".join(lines) + "\n")
        return SpanExportResult.SUCCESS


def setup(settings: Settings, process: str) -> None:
    """Install the tracer provider and gRPC instrumentation once for this process."""
    global _configured
    with _lock:
        if _configured:
            return
        _configured = True
    resource = Resource.create({
        "service.name": f"okki-{settings.service}",
        "service.namespace": "okki",
        "okki.cell": settings.cell,
        "okki.process": process,
    })
    provider = TracerProvider(resource=resource)
    if settings.telemetry == "console":
        provider.add_span_processor(SimpleSpanProcessor(ConsoleSpanExporter()))
    elif settings.telemetry == "file":
        path = settings.telemetry_file or Path("var/traces.jsonl")
        provider.add_span_processor(SimpleSpanProcessor(JsonLinesExporter(path)))
    elif settings.telemetry == "otlp":
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=settings.otlp_endpoint)))
    trace.set_tracer_provider(provider)
    if process == "grpc":
        from opentelemetry.instrumentation.grpc import GrpcInstrumentorClient, GrpcInstrumentorServer

        GrpcInstrumentorServer().instrument()
        GrpcInstrumentorClient().instrument()


def tracer(name: str = "okki"):
    return trace.get_tracer(name)


def current_headers() -> dict[str, str]:
    """The W3C context of the current span, to store beside an event in the outbox."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier


def context_from(headers: dict[str, str]):
    return propagate.extract(headers)


def current_trace_id() -> str:
    ctx = trace.get_current_span().get_span_context()
    return format(ctx.trace_id, "032x") if ctx.is_valid else ""
