"""The nameko side of the bus: a consumer base class, the `@on` decorator and the sweep timer.

`@on(source, type)` turns a method `(self, envelope, event)` into a nameko event handler that
- decodes and type-checks the envelope (platformkit.events.decode);
- refuses events of another cell or about another cell's tenant (R-RES-2);
- dead-letters what cannot be applied (malformed, unknown version, a domain refusal) with the
  reason, and acks it, so a poison message never blocks the queue or crashes the consumer;
- runs the handler inside a span whose parent is the span that published the event;
- lets infrastructure failures (database down) raise, so the message is requeued and retried.
Consumers are idempotent through the inbox table (`uow.first_delivery`), not through this layer.
"""
from __future__ import annotations

import functools
import inspect
import json
import logging

import eventlet
from kombu import Queue
from nameko.events import SERVICE_POOL, event_handler
from nameko.extensions import DependencyProvider
from nameko.timer import Timer
from opentelemetry import trace

import contracts.events.v1  # noqa: F401 - registers every published schema, so any consumer can decode any event
from platformkit import events, telemetry
from platformkit.buscodecs import Undecodable
from platformkit.db import record_dead_letter
from platformkit.errors import DomainError
from platformkit.relay import event_exchange
from platformkit.service import spec_of

log = logging.getLogger(__name__)
SETTINGS_KEY = "OKKI_SETTINGS"
RETRY_PAUSE_SECONDS = 1.0


class AppProvider(DependencyProvider):
    """Builds the service's App once per consumer process, from the settings in the config."""

    def setup(self):
        settings = self.container.config[SETTINGS_KEY]
        self.spec = spec_of(settings.service)
        self.settings = settings
        self.app = self.spec.build(settings)

    def stop(self):
        self.app.close()

    def get_dependency(self, worker_ctx):
        return self.app


class MessageHeaders(DependencyProvider):
    """The AMQP headers of the message being handled (the `nameko.` prefix stripped)."""

    def get_dependency(self, worker_ctx):
        return worker_ctx.context_data


class SweepTimer(Timer):
    """A timer whose interval comes from settings.sweep_seconds."""

    def __init__(self, **kwargs):
        super().__init__(interval=None, **kwargs)

    def setup(self):
        self.interval = self.container.config[SETTINGS_KEY].sweep_seconds
        super().setup()


def on(source: str, event_type: str):
    """Decorate a consumer method `(self, envelope, event)` to handle `source`.`event_type`."""

    def decorate(method):
        @functools.wraps(method)
        def handler(self, payload):
            self._apply(method, source, event_type, payload)

        handler.okki_binding = (source, event_type)
        return event_handler(source, event_type, handler_type=SERVICE_POOL,
                             reliable_delivery=True, requeue_on_error=True)(handler)

    return decorate


def queue_for(service: str, method_name: str, source: str, event_type: str) -> Queue:
    """The durable queue nameko declares for a SERVICE_POOL handler with reliable delivery."""
    return Queue(f"evt-{source}-{event_type}--{service}.{method_name}", exchange=event_exchange(source),
                 routing_key=event_type, durable=True, auto_delete=False, exclusive=False)


def bindings(consumer_cls) -> list[tuple[str, str, str]]:
    """(method name, source, event type) for every `@on` handler of a consumer class."""
    found = []
    for name, member in inspect.getmembers(consumer_cls):
        binding = getattr(member, "okki_binding", None)
        if binding:
            found.append((name, *binding))
    return found


class Consumer:
    """Base of every service's nameko consumer. Subclasses set `name` and add `@on` methods."""

    name = "abstract"
    app = AppProvider()
    headers = MessageHeaders()

    @SweepTimer.decorator
    def sweep(self):
        spec = spec_of(self.name)
        if spec.sweep is not None:
            summary = spec.sweep(self.app)
            log.info("%s sweep: %s", self.name, summary)

    def _apply(self, method, source: str, event_type: str, payload) -> None:
        consumer = f"{self.name}.{method.__name__}"
        parent = telemetry.context_from(dict(self.headers or {}))
        with telemetry.tracer().start_as_current_span(
            f"consume {source}.{event_type}", context=parent, kind=trace.SpanKind.CONSUMER,
            attributes={"messaging.system": "rabbitmq", "messaging.destination.name": f"{source}.events",
                        "app.consumer": consumer},
        ) as span:
            try:
                if isinstance(payload, Undecodable):
                    raise events.MalformedEvent(payload.reason)
                envelope, event = events.decode(payload)
                span.update_name(f"consume {envelope.source}.{envelope.type}")
                span.set_attributes({"app.event_id": envelope.event_id, "app.tenant_id": envelope.tenant_id})
                self._check_cell(envelope)
                method(self, envelope, event)
            except (events.MalformedEvent, DomainError) as exc:
                self._dead_letter(consumer, exc, payload)
                span.set_attribute("app.dead_lettered", True)
            except Exception:
                log.exception("%s failed; the message will be redelivered", consumer)
                eventlet.sleep(RETRY_PAUSE_SECONDS)
                raise

    def _check_cell(self, envelope: events.Envelope) -> None:
        """R-RES-2: a cell never applies another cell's events or tenants."""
        if envelope.cell != self.app.cell_guard.cell:
            raise events.MalformedEvent(f"event of cell {envelope.cell!r} reached cell {self.app.cell_guard.cell!r}")
        if envelope.tenant_id != events.PLATFORM_TENANT:
            self.app.cell_guard.ensure_local(envelope.tenant_id)

    def _dead_letter(self, consumer: str, exc: Exception, payload) -> None:
        reason = f"{type(exc).__name__}: {exc}"
        log.warning("%s dead-lettered a message: %s", consumer, reason)
        spec = spec_of(self.name)
        body = payload.preview if isinstance(payload, Undecodable) else json.dumps(payload, default=str)
        record_dead_letter(self.app.engine, spec.metadata.tables["dead_letters"], consumer, reason,
                           body[:65536], self.app.clock.now())
