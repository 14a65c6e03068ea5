"""DataVaultService: request -> validation -> command -> handler -> response. Nothing else."""
from __future__ import annotations

import json

from okki_api.data_vault.v1 import data_vault_pb2 as pb
from okki_api.data_vault.v1 import data_vault_pb2_grpc as pb_grpc
from platformkit import validation
from platformkit.auth import principal, require_main, require_tenant
from platformkit.errors import Violations
from services.data_vault import handlers
from services.data_vault.domain import commands


class DataVaultServicer(pb_grpc.DataVaultServiceServicer):
    def __init__(self, app):
        self._app = app

    def GetDataSettlement(self, request: pb.GetDataSettlementRequest, context) -> pb.DataSettlement:
        tenant_id = _tenant_only(request)
        self._app.cell_guard.ensure_local(tenant_id)  # R-RES-2
        settlement = handlers.data_settlement(tenant_id, self._app.uow())
        return pb.DataSettlement(settled=settlement.settled, how=settlement.how)

    def RequestExport(self, request: pb.RequestExportRequest, context) -> pb.ExportReceipt:
        tenant_id, key = _mutation(request)
        account_id = self._main_account(tenant_id)
        export = handlers.request_export(commands.RequestExport(tenant_id, account_id, key), self._app.uow())
        return pb.ExportReceipt(export_id=export.export_id, taken_at=export.taken_at.isoformat(),
                                manifest_json=json.dumps(export.manifest, sort_keys=True))

    def WaiveExport(self, request: pb.WaiveExportRequest, context) -> pb.WaiverReceipt:
        tenant_id, key = _mutation(request)
        account_id = self._main_account(tenant_id)
        waiver = handlers.waive_export(commands.WaiveExport(tenant_id, account_id, key), self._app.uow())
        return pb.WaiverReceipt(waiver_id=waiver.waiver_id, waived_at=waiver.waived_at.isoformat())

    def _main_account(self, tenant_id: str) -> str:
        self._app.cell_guard.ensure_local(tenant_id)  # R-RES-2
        caller = require_tenant(principal(self._app.authenticator), tenant_id)
        return require_main(caller).account_id  # R-VLT-9: only the main account exports or waives


def _tenant_only(request) -> str:
    v = Violations()
    tenant_id = validation.identifier(v, "tenant_id", request.tenant_id)
    v.raise_if_any()
    return tenant_id


def _mutation(request) -> tuple[str, str]:
    v = Violations()
    tenant_id = validation.identifier(v, "tenant_id", request.tenant_id)
    key = validation.idempotency_key(v, request.idempotency_key)
    v.raise_if_any()
    return tenant_id, key
