"""Domain values -> gRPC messages. Money is shown at its currency's minor unit (R-BIL-10)."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from okki_api.billing.v1 import billing_pb2 as pb
from okki_api.common.v1 import common_pb2
from services.billing.domain.account import Standing
from services.billing.domain.catalog import Price, UsagePrice
from services.billing.domain.money import Money
from services.billing.domain.orders import Order, OrderKind, OrderLine, OrderStatus
from services.billing.domain.periods import Period
from services.billing.domain.promotions import Promotion
from services.billing.domain.refunds import Refund
from services.billing.domain.usage import UsageCycle
from services.billing.entrypoints import requests

KINDS = {OrderKind.NEW: pb.ORDER_KIND_NEW, OrderKind.RENEWAL: pb.ORDER_KIND_RENEWAL,
         OrderKind.REORDER: pb.ORDER_KIND_REORDER, OrderKind.ADD_ON: pb.ORDER_KIND_ADD_ON}
STATUSES = {OrderStatus.PLACED: pb.ORDER_STATUS_PLACED, OrderStatus.PAID: pb.ORDER_STATUS_PAID,
            OrderStatus.VOIDED: pb.ORDER_STATUS_VOIDED, OrderStatus.REFUNDED: pb.ORDER_STATUS_REFUNDED}


def _reverse(mapping: dict) -> dict:
    return {domain: wire for wire, domain in mapping.items()}


UNITS, CHANNELS = _reverse(requests.UNITS), _reverse(requests.CHANNELS)
CYCLES, CAUSES = _reverse(requests.CYCLES), _reverse(requests.CAUSES)


def money(value: Money | None) -> common_pb2.Money | None:
    return common_pb2.Money(currency=value.currency, amount=value.text()) if value else None


def day(value: date | None) -> str:
    return value.isoformat() if value else ""


def moment(value: datetime | None) -> str:
    return value.isoformat() if value else ""


def decimal(value: Decimal) -> str:
    return format(value.normalize(), "f")


def price(value: Price) -> pb.Price:
    return pb.Price(product=value.product, plan=value.plan, module=value.module, unit=UNITS[value.unit],
                    amount=money(value.amount), effective_from=day(value.effective_from))


def usage_price(value: UsagePrice) -> pb.UsagePrice:
    return pb.UsagePrice(meter=value.meter, unit_price=money(value.unit_price),
                         effective_from=day(value.effective_from))


def promotion(value: Promotion) -> pb.Promotion:
    return pb.Promotion(code=value.code, percent_off=decimal(value.percent_off) if value.percent_off else "",
                        amount_off=money(value.amount_off), stackable=value.stackable,
                        valid_from=day(value.valid_from), valid_to=day(value.valid_to))


def _line(value: OrderLine) -> pb.OrderLine:
    return pb.OrderLine(product=value.product, plan=value.plan, module=value.module, unit=UNITS[value.unit],
                        unit_price=money(value.unit_price), seats=value.seats, factor=str(value.factor),
                        amount=money(value.amount))


def order(value: Order) -> pb.Order:
    client = pb.ClientBusinessInfo(company_name=value.client.company_name,
                                   registration_number=value.client.registration_number) if value.client else None
    start, end = (value.period.start, value.period.end) if value.period else (None, None)
    return pb.Order(
        order_id=value.order_id, tenant_id=value.tenant_id, kind=KINDS[value.kind], channel=CHANNELS[value.channel],
        distributor_id=value.distributor_id or "", client=client, product=value.product, plan=value.plan,
        seats=value.seats, modules=value.modules, term_months=value.term_months, trial=value.trial,
        status=STATUSES[value.status], lines=[_line(line) for line in value.lines],
        promotion_codes=value.promotion_codes, list_amount=money(value.list_amount),
        discount=money(value.discount), amount_due=money(value.amount_due), placed_at=moment(value.placed_at),
        paid_at=moment(value.paid_at), period_start=day(start), period_end=day(end),
        void_reason=value.void_reason, voided_at=moment(value.voided_at),
    )


def refund(value: Refund) -> pb.Refund:
    return pb.Refund(refund_id=value.refund_id, order_id=value.order_id, cause=CAUSES[value.cause],
                     amount=money(value.amount), issued_on=day(value.issued_on), unused_days=value.unused_days,
                     period_days=value.period_days)


def standing(value: Standing) -> pb.AccountStanding:
    return pb.AccountStanding(has_debt=value.has_debt, debt=money(value.debt), balance=money(value.balance),
                              damages=money(value.damages), overdue_since=day(value.overdue_since))


def usage_cycle(value: UsageCycle) -> pb.UsageCycle:
    return pb.UsageCycle(tenant_id=value.tenant_id, meter=value.meter, cycle=CYCLES[value.cycle],
                         starts_at=moment(value.starts_at), ends_at=moment(value.ends_at),
                         quantity=decimal(value.quantity), rated=value.rated_at is not None,
                         charge=money(value.charge))


def liability_cap(amount: Money | None, window: Period) -> pb.LiabilityCap:
    return pb.LiabilityCap(amount=money(amount), window_start=day(window.start), window_end=day(window.end))
