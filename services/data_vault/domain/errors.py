"""Errors the vault raises; platformkit maps them to gRPC status codes."""
from __future__ import annotations

from platformkit.errors import FailedPrecondition


class TenantDataDeleted(FailedPrecondition):
    """R-VLT-7: once deleted, the tenant's data is no longer used: no export, no waiver."""

    reason = "TENANT_DATA_DELETED"

    def __init__(self, tenant_id: str):
        super().__init__(f"the data of tenant {tenant_id} was deleted", metadata={"tenant_id": tenant_id})
