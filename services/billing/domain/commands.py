"""Commands (imperative, one handler each) and queries, as the entrypoints build them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from services.billing.domain.catalog import PriceUnit
from services.billing.domain.money import Money
from services.billing.domain.orders import Channel, ClientInfo
from services.billing.domain.refunds import RefundCause
from services.billing.domain.usage import BillingCycle


@dataclass(frozen=True)
class SetPrice:
    product: str
    plan: str
    module: str
    unit: PriceUnit
    amount: Money
    effective_from: date
    idempotency_key: str


@dataclass(frozen=True)
class SetUsagePrice:
    meter: str
    unit_price: Money
    effective_from: date
    idempotency_key: str


@dataclass(frozen=True)
class CreatePromotion:
    code: str
    percent_off: Decimal | None
    amount_off: Money | None
    stackable: bool
    valid_from: date
    valid_to: date
    idempotency_key: str


@dataclass(frozen=True)
class PlaceOrder:
    tenant_id: str
    channel: Channel
    distributor_id: str | None
    client: ClientInfo | None
    product: str
    plan: str
    seats: int
    modules: tuple[str, ...]
    term_months: int
    currency: str
    promotion_codes: tuple[str, ...]
    trial: bool
    add_on: bool
    idempotency_key: str


@dataclass(frozen=True)
class RecordPayment:
    order_id: str
    amount: Money
    idempotency_key: str


@dataclass(frozen=True)
class RequestRefund:
    order_id: str
    cause: RefundCause
    terminated_on: date | None
    idempotency_key: str


@dataclass(frozen=True)
class TopUp:
    tenant_id: str
    amount: Money
    idempotency_key: str


@dataclass(frozen=True)
class RecordUsage:
    tenant_id: str
    meter: str
    quantity: Decimal
    cycle: BillingCycle
    at: datetime | None
    idempotency_key: str


@dataclass(frozen=True)
class VoidOrdersOfCancelledTenant:
    """From identity.TenantCancelled: nothing more can be paid for a cancelled tenant."""

    tenant_id: str
    event_id: str


@dataclass(frozen=True)
class ListOrders:
    tenant_id: str
    page_size: int
    after: tuple[datetime, str] | None


@dataclass(frozen=True)
class GetLiabilityCap:
    tenant_id: str
    product: str
    as_of: date | None
