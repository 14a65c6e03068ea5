"""Commands the audit log accepts."""
from __future__ import annotations

from dataclasses import dataclass

from services.audit.domain.chain import Entry


@dataclass(frozen=True)
class AppendRecord:
    """Append one bus event to the cell's chain; the event id makes a redelivery a no-op."""

    entry: Entry
