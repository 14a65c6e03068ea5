"""AuditService: request -> validation -> handler -> response. Nothing else."""
from __future__ import annotations

from okki_api.audit.v1 import audit_pb2 as pb
from okki_api.audit.v1 import audit_pb2_grpc as pb_grpc
from platformkit import validation
from platformkit.auth import principal, require_main, require_tenant
from platformkit.errors import Violations
from services.audit import handlers
from services.audit.domain import chain, model


class AuditServicer(pb_grpc.AuditServiceServicer):
    def __init__(self, app):
        self._app = app

    def VerifyChain(self, request: pb.VerifyChainRequest, context) -> pb.ChainVerification:
        result = handlers.verify_chain(self._app.uow())
        return pb.ChainVerification(ok=result.ok, first_bad_seq=result.first_bad_seq,
                                    record_count=result.record_count, head_hash=result.head_hash,
                                    problem=result.problem)

    def ExportTrail(self, request: pb.ExportTrailRequest, context) -> pb.AuditTrail:
        v = Violations()
        tenant_id = validation.identifier(v, "tenant_id", request.tenant_id)
        v.raise_if_any()
        self._app.cell_guard.ensure_local(tenant_id)  # R-RES-2
        # R-AUD-4: the tenant's own main account takes its trail (an appointed auditor: later issue).
        require_main(require_tenant(principal(self._app.authenticator), tenant_id))
        return _trail(handlers.export_trail(tenant_id, self._app.uow()))


def _trail(trail: model.Trail) -> pb.AuditTrail:
    return pb.AuditTrail(
        tenant_id=trail.tenant_id,
        records=[pb.AuditRecord(seq=r.seq, event_id=r.entry.event_id, source=r.entry.source, type=r.entry.type,
                                body_json=r.body_json(), prev_hash=r.prev_hash, hash=r.hash)
                 for r in trail.records],
        links=[pb.ChainLink(seq=link.seq, prev_hash=link.prev_hash, hash=link.hash) for link in trail.links],
        head_seq=trail.head.seq,
        head_hash=trail.head.hash,
        hash_algorithm=chain.HASH_ALGORITHM,
    )
