"""The tenant directory: tenant id -> jurisdiction -> cell. Global, and it holds no personal data.

It answers one question, "which cell serves this tenant?", so clients know where to call and
each cell can refuse another cell's tenant (R-RES-2). A tenant's cell never changes (R-RES-1),
so lookups are cached for the life of the process.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.engine import Engine

from platformkit import topology
from platformkit.errors import NotFound, WrongCell

metadata = sa.MetaData()
tenants = sa.Table(
    "tenants", metadata,
    sa.Column("tenant_id", sa.String(64), primary_key=True),
    sa.Column("jurisdiction", sa.String(16), nullable=False),
    sa.Column("cell", sa.String(16), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)


@dataclass(frozen=True)
class DirectoryEntry:
    tenant_id: str
    jurisdiction: str
    cell: str


class TenantDirectory:
    def __init__(self, engine: Engine):
        self._engine = engine
        self._cache: dict[str, DirectoryEntry] = {}
        self._lock = threading.Lock()

    def create_schema(self) -> None:
        metadata.create_all(self._engine)

    def register(self, tenant_id: str, jurisdiction: str, at: datetime) -> DirectoryEntry:
        """R-RES-1: the jurisdiction, fixed here, decides the cell; registering twice is a no-op."""
        cell = topology.load().cell_for(jurisdiction).name
        with self._engine.begin() as conn:
            conn.execute(
                insert(tenants)
                .values(tenant_id=tenant_id, jurisdiction=jurisdiction, cell=cell, created_at=at)
                .on_conflict_do_nothing()
            )
        return self.lookup(tenant_id)

    def lookup(self, tenant_id: str) -> DirectoryEntry | None:
        with self._lock:
            hit = self._cache.get(tenant_id)
        if hit:
            return hit
        with self._engine.connect() as conn:
            row = conn.execute(sa.select(tenants).where(tenants.c.tenant_id == tenant_id)).first()
        if row is None:
            return None
        entry = DirectoryEntry(row.tenant_id, row.jurisdiction, row.cell)
        with self._lock:
            self._cache[tenant_id] = entry
        return entry


class CellGuard:
    """R-RES-2: a cell serves only its own tenants."""

    def __init__(self, directory: TenantDirectory | "StaticDirectory", cell: str):
        self._directory, self.cell = directory, cell

    def ensure_local(self, tenant_id: str) -> DirectoryEntry:
        entry = self._directory.lookup(tenant_id)
        if entry is None:
            raise NotFound(f"tenant {tenant_id} is unknown")
        if entry.cell != self.cell:
            raise WrongCell(tenant_id, entry.cell, self.cell)
        return entry


class StaticDirectory:
    """An in-memory directory for unit tests (a fake of our own port)."""

    def __init__(self, entries: dict[str, str] | None = None):
        self._entries: dict[str, DirectoryEntry] = {}
        for tenant_id, jurisdiction in (entries or {}).items():
            self.register(tenant_id, jurisdiction, None)

    def register(self, tenant_id: str, jurisdiction: str, at) -> DirectoryEntry:
        entry = DirectoryEntry(tenant_id, jurisdiction, topology.load().cell_for(jurisdiction).name)
        self._entries.setdefault(tenant_id, entry)
        return self._entries[tenant_id]

    def lookup(self, tenant_id: str) -> DirectoryEntry | None:
        return self._entries.get(tenant_id)
