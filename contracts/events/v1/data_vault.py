"""Events published by the data vault. Ids and codes only: never personal data."""
from __future__ import annotations

from dataclasses import dataclass

from platformkit.events import Event


@dataclass(frozen=True)
class ExportTaken(Event):
    """R-VLT-9: the main account took an export; settles the data matters for R-ID-7."""

    SOURCE = "data_vault"
    TYPE = "ExportTaken"
    export_id: str
    account_id: str = ""


@dataclass(frozen=True)
class ExportWaived(Event):
    """The main account declined the export; settles the data matters for R-ID-7."""

    SOURCE = "data_vault"
    TYPE = "ExportWaived"
    waiver_id: str
    account_id: str


@dataclass(frozen=True)
class TenantDataDeleted(Event):
    """R-VLT-7: every copy deleted, backups included; `confirmation_id` names the written confirmation."""

    SOURCE = "data_vault"
    TYPE = "TenantDataDeleted"
    confirmation_id: str
    reason: str
