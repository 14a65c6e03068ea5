"""A tenant's audit trail: its records plus the links that tie them to the chain head."""
from __future__ import annotations

from dataclasses import dataclass

from services.audit.domain.chain import AuditRecord, ChainHead


@dataclass(frozen=True)
class ChainLink:
    seq: int
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class Trail:
    """A minimal proof: each record's hash can be recomputed, and the links lead to the head.

    R-AUD-4 (a proof of completeness a tenant can check without trusting the links) is a later issue.
    """

    tenant_id: str
    records: tuple[AuditRecord, ...]
    links: tuple[ChainLink, ...]
    head: ChainHead
