"""The outbox relay: sends committed events to RabbitMQ, then marks them published.

Runs as a thread in each service's gRPC process (never under eventlet). It wakes on the
`okki_outbox` NOTIFY sent at commit, and polls anyway, so events written by the consumer process
or left behind while RabbitMQ was down go out as soon as the broker is back. Rows are claimed
with FOR UPDATE SKIP LOCKED, so several relays on one database never send a row twice at once;
delivery is at least once and consumers deduplicate by event id.
"""
from __future__ import annotations

import logging
import threading
from datetime import datetime, timezone

import psycopg
import sqlalchemy as sa
from kombu import Exchange
from nameko.amqp.publish import Publisher
from nameko.constants import PERSISTENT
from sqlalchemy.engine import Engine, make_url

from platformkit.db import OUTBOX_CHANNEL
from platformkit.settings import Settings

log = logging.getLogger(__name__)
HEADER_PREFIX = "nameko."
# Fail fast while the broker is down: the rows stay in the outbox and the loop backs off.
_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}


def event_exchange(source: str) -> Exchange:
    """The exchange nameko's @event_handler(source, ...) binds to: `<source>.events`, topic."""
    return Exchange(f"{source}.events", type="topic", durable=True, delivery_mode=PERSISTENT)


class BusPublisher:
    """nameko's pooled publisher, with publisher confirms; one per process."""

    def __init__(self, amqp_uri: str):
        self._publisher = Publisher(amqp_uri, serializer="json", retry=True, retry_policy=_RETRY_POLICY)
        self._declared: set[str] = set()

    def publish(self, envelope: dict, headers: dict[str, str]) -> None:
        exchange = event_exchange(envelope["source"])
        declare = [] if exchange.name in self._declared else [exchange]
        self._publisher.publish(
            envelope, exchange=exchange, routing_key=envelope["type"], declare=declare,
            extra_headers={HEADER_PREFIX + k: v for k, v in headers.items()},
            message_id=envelope["event_id"],
        )
        self._declared.add(exchange.name)


class OutboxRelay:
    def __init__(self, engine: Engine, outbox: sa.Table, publisher: BusPublisher, *,
                 poll_seconds: float, batch: int, dsn: str):
        self._engine, self._outbox, self._publisher = engine, outbox, publisher
        self._poll, self._batch, self._dsn = poll_seconds, batch, dsn
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="outbox-relay", daemon=True)

    @classmethod
    def for_app(cls, spec, settings: Settings, app) -> "OutboxRelay":
        url = make_url(settings.database_url.get_secret_value())
        dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
        return cls(app.engine, spec.metadata.tables["outbox"], BusPublisher(settings.amqp_uri.get_secret_value()),
                   poll_seconds=settings.relay_poll_seconds, batch=settings.relay_batch, dsn=dsn)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def relay_once(self) -> int:
        """Send up to one batch of pending events; returns how many were sent."""
        t = self._outbox
        with self._engine.begin() as conn:
            rows = conn.execute(
                sa.select(t.c.id, t.c.envelope, t.c.headers)
                .where(t.c.published_at.is_(None)).order_by(t.c.id).limit(self._batch)
                .with_for_update(skip_locked=True)
            ).all()
            sent, failure = [], None
            for row in rows:
                try:
                    self._publisher.publish(row.envelope, row.headers or {})
                except Exception as exc:  # noqa: BLE001 - keep what went out, retry the rest later
                    failure = exc
                    break
                sent.append(row.id)
            if sent:
                conn.execute(sa.update(t).where(t.c.id.in_(sent)).values(published_at=datetime.now(timezone.utc)))
        if failure is not None:
            raise failure
        return len(sent)

    def drain(self) -> int:
        total = 0
        while (n := self.relay_once()) > 0:
            total += n
        return total

    def _run(self) -> None:
        backoff = self._poll
        listener = None
        while not self._stop.is_set():
            try:
                listener = listener or self._listen()
                sent = self.drain()
                backoff = self._poll
                if sent:
                    log.debug("relayed %d events", sent)
                self._wait(listener, self._poll)
            except Exception as exc:  # noqa: BLE001 - broker or database down: keep the rows, retry
                log.warning("outbox relay paused: %s: %s", type(exc).__name__, exc)
                listener = self._close(listener)
                self._stop.wait(backoff)
                backoff = min(backoff * 2, 5.0)
        self._close(listener)

    def _listen(self) -> psycopg.Connection:
        conn = psycopg.connect(self._dsn, autocommit=True, connect_timeout=3)
        conn.execute(f"LISTEN {OUTBOX_CHANNEL}")
        return conn

    def _wait(self, listener: psycopg.Connection, timeout: float) -> None:
        for _ in listener.notifies(timeout=timeout, stop_after=1):
            pass

    @staticmethod
    def _close(listener):
        if listener is not None:
            try:
                listener.close()
            except Exception:  # noqa: BLE001
                pass
        return None
