"""Database plumbing shared by every service: engine, platform tables and the unit of work.

Each service database holds, beside its own tables, four platform tables:
- outbox: events written in the same transaction as the state change, relayed to the bus later;
- inbox: (consumer, event_id) pairs already applied, so a redelivered event changes nothing;
- idempotency: (scope, key) of mutating RPCs, so a retried call does nothing twice;
- dead_letters: bus messages that could not be applied, with the reason.
"""
from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any, Callable

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.engine import Connection, Engine

from platformkit.clock import Clock
from platformkit.errors import AlreadyExists
from platformkit.events import Event, encode
from platformkit.telemetry import current_headers

OUTBOX_CHANNEL = "okki_outbox"


def make_engine(url: str, *, pool_size: int = 10) -> Engine:
    return sa.create_engine(url, pool_pre_ping=True, pool_size=pool_size, max_overflow=pool_size)


def platform_tables(metadata: sa.MetaData) -> dict[str, sa.Table]:
    """Declare the platform tables on a service's metadata (its migrations create them)."""
    outbox = sa.Table(
        "outbox", metadata,
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("event_id", sa.String(36), nullable=False, unique=True),
        sa.Column("source", sa.String(40), nullable=False),
        sa.Column("type", sa.String(80), nullable=False),
        sa.Column("tenant_id", sa.String(64), nullable=False),
        sa.Column("envelope", JSONB, nullable=False),
        sa.Column("headers", JSONB, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True)),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Index("outbox_pending", "id", postgresql_where=sa.text("published_at IS NULL")),
    )
    inbox = sa.Table(
        "inbox", metadata,
        sa.Column("consumer", sa.String(80), primary_key=True),
        sa.Column("event_id", sa.String(64), primary_key=True),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
    )
    idempotency = sa.Table(
        "idempotency", metadata,
        sa.Column("scope", sa.String(160), primary_key=True),
        sa.Column("key", sa.String(128), primary_key=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("result_ref", sa.String(128)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    dead_letters = sa.Table(
        "dead_letters", metadata,
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("consumer", sa.String(80), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    )
    return {"outbox": outbox, "inbox": inbox, "idempotency": idempotency, "dead_letters": dead_letters}


def fingerprint(payload: Any) -> str:
    """A stable hash of a request (a dataclass, dict or message) for idempotency checks."""
    if hasattr(payload, "SerializeToString"):
        raw = payload.SerializeToString(deterministic=True)
    else:
        raw = json.dumps(payload, sort_keys=True, default=str).encode()
    return hashlib.sha256(raw).hexdigest()


class Idempotency:
    """Claims an idempotency key inside the caller's transaction.

    `claim` inserts the key first: a concurrent retry blocks on the primary key until the first
    transaction ends, then sees its result. A key reused with a different request is refused.
    """

    def __init__(self, connection: Connection, table: sa.Table, clock: Clock):
        self._c, self._t, self._clock = connection, table, clock

    def claim(self, scope: str, key: str, fp: str) -> str | None:
        inserted = self._c.execute(
            insert(self._t)
            .values(scope=scope, key=key, fingerprint=fp, created_at=self._clock.now())
            .on_conflict_do_nothing()
            .returning(self._t.c.key)
        ).first()
        if inserted:
            return None
        row = self._c.execute(
            sa.select(self._t.c.fingerprint, self._t.c.result_ref)
            .where(self._t.c.scope == scope, self._t.c.key == key)
        ).one()
        if row.fingerprint != fp:
            raise AlreadyExists(
                f"idempotency key {key!r} was already used for a different {scope.split(':')[0]} request",
                reason="IDEMPOTENCY_KEY_REUSED",
            )
        return row.result_ref

    def settle(self, scope: str, key: str, result_ref: str) -> None:
        self._c.execute(
            sa.update(self._t).where(self._t.c.scope == scope, self._t.c.key == key).values(result_ref=result_ref)
        )


class SqlUnitOfWork:
    """One database transaction; events published in it reach the outbox in the same commit.

    Services subclass it and build their repositories in `_repositories(connection)`.
    """

    def __init__(
        self,
        engine: Engine,
        tables: dict[str, sa.Table],
        *,
        cell: str,
        clock: Clock,
        trace_headers: Callable[[], dict[str, str]] = current_headers,
    ):
        self._engine, self._tables, self.cell, self.clock = engine, tables, cell, clock
        self._trace_headers = trace_headers
        self.connection: Connection | None = None

    def _repositories(self, connection: Connection) -> None:
        """Override: attach the service's repositories to self."""

    def __enter__(self):
        self.connection = self._engine.connect()
        self._tx = self.connection.begin()
        self._events: list[Event] = []
        self.idempotency = Idempotency(self.connection, self._tables["idempotency"], self.clock)
        self._repositories(self.connection)
        return self

    def __exit__(self, *exc_info):
        if self._tx.is_active:
            self._tx.rollback()
        self.connection.close()

    def publish(self, event: Event) -> None:
        self._events.append(event)

    def first_delivery(self, consumer: str, event_id: str) -> bool:
        """Record that `consumer` applies `event_id`; False if it already did (a redelivery)."""
        inbox = self._tables["inbox"]
        row = self.connection.execute(
            insert(inbox)
            .values(consumer=consumer, event_id=event_id, processed_at=self.clock.now())
            .on_conflict_do_nothing()
            .returning(inbox.c.event_id)
        ).first()
        return row is not None

    def commit(self) -> None:
        if self._events:
            now = self.clock.now()
            headers = self._trace_headers()
            rows = []
            for event in self._events:
                env = encode(event, cell=self.cell, occurred_at=now)
                rows.append(dict(
                    event_id=env.event_id, source=env.source, type=env.type, tenant_id=env.tenant_id,
                    envelope=env.as_dict(), headers=headers, created_at=now,
                ))
            self.connection.execute(sa.insert(self._tables["outbox"]), rows)
            self.connection.execute(sa.select(sa.func.pg_notify(OUTBOX_CHANNEL, "")))
            self._events = []
        self._tx.commit()

    def rollback(self) -> None:
        self._events = []
        self._tx.rollback()


def record_dead_letter(engine: Engine, table: sa.Table, consumer: str, reason: str, payload: str, at: datetime) -> None:
    with engine.begin() as conn:
        conn.execute(sa.insert(table).values(consumer=consumer, reason=reason[:2000], payload=payload[:65536], received_at=at))
