"""Errors the entitlement domain raises; platformkit maps them to gRPC status codes."""
from __future__ import annotations

from platformkit.errors import FailedPrecondition, NotFound


class IllegalTransition(FailedPrecondition):
    """R-ENT-2: the state machine does not allow this move."""

    reason = "ILLEGAL_TRANSITION"

    def __init__(self, source: str, target: str):
        super().__init__(f"an entitlement cannot move from {source} to {target}",
                         metadata={"from_state": str(source), "to_state": str(target)})


class OrderRefused(FailedPrecondition):
    """R-ENT-1: a paid order that cannot be applied as it stands (dead-lettered with the reason)."""

    reason = "ORDER_REFUSED"

    def __init__(self, order_id: str, why: str, reason: str):
        super().__init__(f"order {order_id} cannot be applied: {why}", reason=reason,
                         metadata={"order_id": order_id})


class NothingRunning(FailedPrecondition):
    """A provider notice or violation notice needs a service that is still in force."""

    reason = "NOTHING_RUNNING"


class EntitlementNotFound(NotFound):
    reason = "ENTITLEMENT_NOT_FOUND"

    def __init__(self, tenant_id: str, product: str):
        super().__init__(f"tenant {tenant_id} has no entitlement for product {product}",
                         metadata={"tenant_id": tenant_id, "product": product})


class NoticeNotFound(NotFound):
    reason = "NOTICE_NOT_FOUND"

    def __init__(self, notice_id: str):
        super().__init__(f"no notice {notice_id} for this tenant", metadata={"notice_id": notice_id})


class DeadlinePassed(FailedPrecondition):
    """R-ENT-10: a violation can be resolved only before its deadline lapses."""

    reason = "DEADLINE_PASSED"
