"""gRPC requests -> commands, collecting every field violation before anything is written."""
from __future__ import annotations

import base64
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from okki_api.billing.v1 import billing_pb2 as pb
from platformkit import validation as check
from platformkit.errors import Violations
from services.billing.domain import commands as cmds
from services.billing.domain.catalog import PriceUnit
from services.billing.domain.money import Money
from services.billing.domain.orders import Channel, ClientInfo
from services.billing.domain.periods import ANNUAL_MONTHS
from services.billing.domain.refunds import RefundCause
from services.billing.domain.usage import BillingCycle

UNITS = {pb.PRICE_UNIT_PER_SEAT_YEAR: PriceUnit.PER_SEAT_YEAR, pb.PRICE_UNIT_PER_ORDER: PriceUnit.PER_ORDER}
CHANNELS = {pb.CHANNEL_DISTRIBUTOR: Channel.DISTRIBUTOR, pb.CHANNEL_SELF_SERVICE: Channel.SELF_SERVICE}
CYCLES = {pb.BILLING_CYCLE_HOUR: BillingCycle.HOUR, pb.BILLING_CYCLE_DAY: BillingCycle.DAY,
          pb.BILLING_CYCLE_MONTH: BillingCycle.MONTH}
CAUSES = {pb.REFUND_CAUSE_CLIENT_BREACH: RefundCause.CLIENT_BREACH,
          pb.REFUND_CAUSE_PROVIDER_TERMINATION: RefundCause.PROVIDER_TERMINATION}
TRIAL_MONTHS, MAX_TRIAL_MONTHS, MAX_TERM_MONTHS = 1, 3, 120
MAX_CODES, DEFAULT_PAGE, MAX_PAGE = 20, 50, 200


def _enum(v: Violations, name: str, value: int, mapping: dict, enum_type) -> object:
    if value not in mapping:
        v.add(name, "must be one of " + ", ".join(enum_type.Name(k) for k in mapping))
    return mapping.get(value)


def _money(v: Violations, name: str, msg, *, allow_zero: bool = True) -> Money | None:
    parsed = check.money(v, name, msg.currency, msg.amount, allow_zero=allow_zero)
    return Money(*parsed) if parsed else None


def _decimal(v: Violations, name: str, value: str, *, places: int, maximum: Decimal) -> Decimal | None:
    try:
        number = Decimal(value)
    except InvalidOperation:
        v.add(name, "must be a decimal number such as '1.5'")
        return None
    if not number.is_finite() or not 0 < number <= maximum:
        v.add(name, f"must be greater than 0 and at most {maximum}")
    elif -number.as_tuple().exponent > places:
        v.add(name, f"has more than {places} decimal places")
    else:
        return number
    return None


def _codes(v: Violations, name: str, values) -> tuple[str, ...]:
    codes = tuple(values)
    for i, code in enumerate(codes):
        check.identifier(v, f"{name}[{i}]", code)
    if len(set(codes)) != len(codes):
        v.add(name, "must not repeat a value")
    if len(codes) > MAX_CODES:
        v.add(name, f"must have at most {MAX_CODES} values")
    return codes


def set_price(req: pb.SetPriceRequest) -> cmds.SetPrice:
    v = Violations()
    command = cmds.SetPrice(
        product=check.identifier(v, "product", req.product), plan=check.identifier(v, "plan", req.plan),
        module=check.identifier(v, "module", req.module, required=False),
        unit=_enum(v, "unit", req.unit, UNITS, pb.PriceUnit), amount=_money(v, "amount", req.amount),
        effective_from=check.iso_date(v, "effective_from", req.effective_from),
        idempotency_key=check.idempotency_key(v, req.idempotency_key),
    )
    v.raise_if_any()
    return command


def set_usage_price(req: pb.SetUsagePriceRequest) -> cmds.SetUsagePrice:
    v = Violations()
    command = cmds.SetUsagePrice(
        meter=check.identifier(v, "meter", req.meter), unit_price=_money(v, "unit_price", req.unit_price),
        effective_from=check.iso_date(v, "effective_from", req.effective_from),
        idempotency_key=check.idempotency_key(v, req.idempotency_key),
    )
    v.raise_if_any()
    return command


def create_promotion(req: pb.CreatePromotionRequest) -> cmds.CreatePromotion:
    v = Violations()
    percent = _decimal(v, "percent_off", req.percent_off, places=4, maximum=Decimal(100)) \
        if req.percent_off else None
    amount = _money(v, "amount_off", req.amount_off, allow_zero=False) if req.HasField("amount_off") else None
    if (percent is None) == (amount is None) and not v.items:
        v.add("percent_off", "exactly one of percent_off and amount_off is required")
    valid_from = check.iso_date(v, "valid_from", req.valid_from)
    valid_to = check.iso_date(v, "valid_to", req.valid_to)
    if valid_from and valid_to and valid_to < valid_from:
        v.add("valid_to", "must not be before valid_from")
    command = cmds.CreatePromotion(
        code=check.identifier(v, "code", req.code), percent_off=percent, amount_off=amount,
        stackable=req.stackable, valid_from=valid_from, valid_to=valid_to,
        idempotency_key=check.idempotency_key(v, req.idempotency_key),
    )
    v.raise_if_any()
    return command


def _origin(v: Violations, channel: Channel | None, req: pb.PlaceOrderRequest) -> tuple[str | None, ClientInfo | None]:
    """R-BIL-2: a distributor order names its distributor and carries the client's business information."""
    distributor_id = check.identifier(v, "distributor_id", req.distributor_id, required=False) or None
    company = check.text(v, "client.company_name", req.client.company_name, required=False)
    registration = check.identifier(v, "client.registration_number", req.client.registration_number, required=False)
    if channel is Channel.DISTRIBUTOR:
        if distributor_id is None:
            v.add("distributor_id", "is required for a distributor order (R-BIL-2)")
        if not company:
            v.add("client.company_name", "is required for a distributor order (R-BIL-2)")
    elif channel is Channel.SELF_SERVICE and distributor_id is not None:
        v.add("distributor_id", "must be empty for a self-service order")
    return distributor_id, ClientInfo(company, registration) if company else None


def _term(v: Violations, req: pb.PlaceOrderRequest) -> int:
    """R-BIL-4: annual unless the order says otherwise; an add-on ends with the running period."""
    if req.add_on:
        if req.term_months:
            v.add("term_months", "must be 0 for an add-on: it ends with the running period")
        return 0
    if req.trial:
        term = req.term_months or TRIAL_MONTHS
        return check.positive_int(v, "term_months", term, maximum=MAX_TRIAL_MONTHS)
    return check.positive_int(v, "term_months", req.term_months or ANNUAL_MONTHS, maximum=MAX_TERM_MONTHS)


def _extent(v: Violations, req: pb.PlaceOrderRequest, modules: tuple[str, ...]) -> int:
    if not req.add_on:
        return check.positive_int(v, "seats", req.seats)
    check.positive_int(v, "seats", req.seats, allow_zero=True)
    if req.seats == 0 and not modules:
        v.add("seats", "an add-on adds seats or modules")
    if req.trial:
        v.add("trial", "an add-on cannot be a trial")
    return req.seats


def place_order(req: pb.PlaceOrderRequest) -> cmds.PlaceOrder:
    v = Violations()
    channel = _enum(v, "channel", req.channel, CHANNELS, pb.Channel)
    distributor_id, client = _origin(v, channel, req)
    modules = _codes(v, "modules", req.modules)
    codes = _codes(v, "promotion_codes", req.promotion_codes)
    if req.trial and codes:
        v.add("promotion_codes", "a trial is free and takes no promotion")
    if req.currency not in check.CURRENCY_DIGITS:
        v.add("currency", f"must be one of {sorted(check.CURRENCY_DIGITS)}")
    command = cmds.PlaceOrder(
        tenant_id=check.identifier(v, "tenant_id", req.tenant_id), channel=channel, distributor_id=distributor_id,
        client=client, product=check.identifier(v, "product", req.product),
        plan=check.identifier(v, "plan", req.plan), seats=_extent(v, req, modules), modules=modules,
        term_months=_term(v, req), currency=req.currency, promotion_codes=codes, trial=req.trial,
        add_on=req.add_on, idempotency_key=check.idempotency_key(v, req.idempotency_key),
    )
    v.raise_if_any()
    return command


def record_payment(req: pb.RecordPaymentRequest) -> cmds.RecordPayment:
    v = Violations()
    command = cmds.RecordPayment(
        order_id=check.identifier(v, "order_id", req.order_id), amount=_money(v, "amount", req.amount),
        idempotency_key=check.idempotency_key(v, req.idempotency_key),
    )
    v.raise_if_any()
    return command


def order_id(req) -> str:
    v = Violations()
    value = check.identifier(v, "order_id", req.order_id)
    v.raise_if_any()
    return value


def tenant_id(req) -> str:
    v = Violations()
    value = check.identifier(v, "tenant_id", req.tenant_id)
    v.raise_if_any()
    return value


def list_orders(req: pb.ListOrdersRequest) -> cmds.ListOrders:
    v = Violations()
    size = check.positive_int(v, "page_size", req.page_size or DEFAULT_PAGE, maximum=MAX_PAGE)
    command = cmds.ListOrders(check.identifier(v, "tenant_id", req.tenant_id), size,
                              _page_token(v, req.page_token))
    v.raise_if_any()
    return command


def page_token(after: tuple[datetime, str] | None) -> str:
    if after is None:
        return ""
    return base64.urlsafe_b64encode(f"{after[0].isoformat()}|{after[1]}".encode()).decode()


def _page_token(v: Violations, token: str) -> tuple[datetime, str] | None:
    if not token:
        return None
    try:
        moment, order = base64.urlsafe_b64decode(token.encode()).decode().split("|")
        after = datetime.fromisoformat(moment)
    except ValueError:
        after = None
    if after is None or after.tzinfo is None:
        v.add("page_token", "is not a token this service issued")
        return None
    return after, order


def list_prices(req: pb.ListPricesRequest) -> tuple[str | None, date | None]:
    v = Violations()
    product = check.identifier(v, "product", req.product, required=False) or None
    on = check.iso_date(v, "on", req.on, required=False)
    v.raise_if_any()
    return product, on


def list_usage_prices(req: pb.ListUsagePricesRequest) -> str | None:
    v = Violations()
    meter = check.identifier(v, "meter", req.meter, required=False) or None
    v.raise_if_any()
    return meter


def request_refund(req: pb.RequestRefundRequest) -> cmds.RequestRefund:
    v = Violations()
    command = cmds.RequestRefund(
        order_id=check.identifier(v, "order_id", req.order_id),
        cause=_enum(v, "cause", req.cause, CAUSES, pb.RefundCause),
        terminated_on=check.iso_date(v, "terminated_on", req.terminated_on, required=False),
        idempotency_key=check.idempotency_key(v, req.idempotency_key),
    )
    v.raise_if_any()
    return command


def top_up(req: pb.TopUpRequest) -> cmds.TopUp:
    v = Violations()
    command = cmds.TopUp(
        tenant_id=check.identifier(v, "tenant_id", req.tenant_id),
        amount=_money(v, "amount", req.amount, allow_zero=False),
        idempotency_key=check.idempotency_key(v, req.idempotency_key),
    )
    v.raise_if_any()
    return command


def record_usage(req: pb.RecordUsageRequest) -> cmds.RecordUsage:
    v = Violations()
    command = cmds.RecordUsage(
        tenant_id=check.identifier(v, "tenant_id", req.tenant_id), meter=check.identifier(v, "meter", req.meter),
        quantity=_decimal(v, "quantity", req.quantity, places=6, maximum=Decimal("1e9")),
        cycle=_enum(v, "cycle", req.cycle, CYCLES, pb.BillingCycle), at=check.instant(v, "at", req.at),
        idempotency_key=check.idempotency_key(v, req.idempotency_key),
    )
    v.raise_if_any()
    return command


def liability_cap(req: pb.GetLiabilityCapRequest) -> cmds.GetLiabilityCap:
    v = Violations()
    command = cmds.GetLiabilityCap(
        tenant_id=check.identifier(v, "tenant_id", req.tenant_id),
        product=check.identifier(v, "product", req.product),
        as_of=check.iso_date(v, "as_of", req.as_of, required=False),
    )
    v.raise_if_any()
    return command
