"""Repositories of orders and refunds over one Connection (the only place with their SQL)."""
from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal
from fractions import Fraction

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from services.billing.adapters.tables import orders, refunds
from services.billing.domain.catalog import PriceUnit
from services.billing.domain.money import Money
from services.billing.domain.orders import Channel, ClientInfo, Order, OrderKind, OrderLine, OrderStatus
from services.billing.domain.periods import Period
from services.billing.domain.refunds import Refund, RefundCause

_PAID = (OrderStatus.PAID.value, OrderStatus.REFUNDED.value)


class OrderRepository:
    def __init__(self, connection: Connection):
        self._c = connection

    def add(self, order: Order) -> None:
        self._c.execute(sa.insert(orders).values(**_order_row(order)))

    def update(self, order: Order) -> None:
        row = _order_row(order)
        changed = {k: row[k] for k in ("status", "paid_at", "period_start", "period_end", "voided_at",
                                        "void_reason", "ended_on")}
        self._c.execute(sa.update(orders).where(orders.c.order_id == order.order_id).values(**changed))

    def get(self, order_id: str, *, lock: bool = False) -> Order | None:
        query = sa.select(orders).where(orders.c.order_id == order_id)
        row = self._c.execute(query.with_for_update() if lock else query).first()
        return _order(row) if row else None

    def of_product(self, tenant_id: str, product: str) -> list[Order]:
        rows = self._c.execute(sa.select(orders).where(orders.c.tenant_id == tenant_id, orders.c.product == product)
                               .order_by(orders.c.placed_at, orders.c.order_id))
        return [_order(r) for r in rows]

    def page(self, tenant_id: str, after: tuple[datetime, str] | None, limit: int) -> list[Order]:
        query = sa.select(orders).where(orders.c.tenant_id == tenant_id)
        if after is not None:
            query = query.where(sa.tuple_(orders.c.placed_at, orders.c.order_id) > sa.tuple_(*after))
        rows = self._c.execute(query.order_by(orders.c.placed_at, orders.c.order_id).limit(limit))
        return [_order(r) for r in rows]

    def awaiting_payment(self, *, placed_before: datetime | None = None, tenant_id: str | None = None) -> list[str]:
        query = sa.select(orders.c.order_id).where(orders.c.status == OrderStatus.PLACED.value)
        if placed_before is not None:
            query = query.where(orders.c.placed_at < placed_before)
        if tenant_id is not None:
            query = query.where(orders.c.tenant_id == tenant_id)
        return list(self._c.execute(query.order_by(orders.c.placed_at)).scalars())

    def payments(self, tenant_id: str, product: str) -> list[tuple[str, date, Money]]:
        """(order id, day paid, amount paid) of the tenant's paid orders for `product`."""
        rows = self._c.execute(
            sa.select(orders.c.order_id, orders.c.paid_at, orders.c.currency, orders.c.amount_due).where(
                orders.c.tenant_id == tenant_id, orders.c.product == product, orders.c.status.in_(_PAID)))
        return [(r.order_id, utc(r.paid_at).date(), Money(r.currency, r.amount_due)) for r in rows]


def utc(moment: datetime | None) -> datetime | None:
    """Timestamps come back in the session's time zone; the domain works in UTC."""
    return moment.astimezone(timezone.utc) if moment else None


def _order_row(order: Order) -> dict:
    return dict(
        order_id=order.order_id, tenant_id=order.tenant_id, kind=order.kind.value, channel=order.channel.value,
        distributor_id=order.distributor_id,
        company_name=order.client.company_name if order.client else None,
        registration_number=order.client.registration_number if order.client else None,
        product=order.product, plan=order.plan, seats=order.seats, modules=list(order.modules),
        term_months=order.term_months, trial=order.trial, currency=order.amount_due.currency,
        lines=[_line_json(line) for line in order.lines], promotion_codes=list(order.promotion_codes),
        list_amount=order.list_amount.amount, discount=order.discount.amount, amount_due=order.amount_due.amount,
        status=order.status.value, placed_at=order.placed_at, paid_at=order.paid_at,
        period_start=order.period.start if order.period else None,
        period_end=order.period.end if order.period else None,
        base_order_id=order.base_order_id, voided_at=order.voided_at, void_reason=order.void_reason,
        ended_on=order.ended_on,
    )


def _order(row) -> Order:
    currency = row.currency
    client = ClientInfo(row.company_name, row.registration_number or "") if row.company_name else None
    period = Period(row.period_start, row.period_end) if row.period_start else None
    return Order(
        order_id=row.order_id, tenant_id=row.tenant_id, kind=OrderKind(row.kind), channel=Channel(row.channel),
        distributor_id=row.distributor_id, client=client, product=row.product, plan=row.plan, seats=row.seats,
        modules=tuple(row.modules), term_months=row.term_months, trial=row.trial,
        lines=tuple(_line(item, currency) for item in row.lines), promotion_codes=tuple(row.promotion_codes),
        list_amount=Money(currency, row.list_amount), discount=Money(currency, row.discount),
        amount_due=Money(currency, row.amount_due), placed_at=utc(row.placed_at), status=OrderStatus(row.status),
        paid_at=utc(row.paid_at), period=period, base_order_id=row.base_order_id, voided_at=utc(row.voided_at),
        void_reason=row.void_reason, ended_on=row.ended_on,
    )


def _line_json(line: OrderLine) -> dict:
    return dict(product=line.product, plan=line.plan, module=line.module, unit=line.unit.value,
                unit_price=str(line.unit_price.amount), seats=line.seats, factor=str(line.factor),
                amount=str(line.amount.amount))


def _line(item: dict, currency: str) -> OrderLine:
    return OrderLine(item["product"], item["plan"], item["module"], PriceUnit(item["unit"]),
                     Money(currency, Decimal(item["unit_price"])), item["seats"], Fraction(item["factor"]),
                     Money(currency, Decimal(item["amount"])))


class RefundRepository:
    def __init__(self, connection: Connection):
        self._c = connection

    def add(self, refund: Refund) -> None:
        self._c.execute(sa.insert(refunds).values(
            refund_id=refund.refund_id, order_id=refund.order_id, tenant_id=refund.tenant_id,
            product=refund.product, cause=refund.cause.value, amount=refund.amount.amount,
            currency=refund.amount.currency, issued_on=refund.issued_on, unused_days=refund.unused_days,
            period_days=refund.period_days,
        ))

    def get(self, refund_id: str) -> Refund | None:
        row = self._c.execute(sa.select(refunds).where(refunds.c.refund_id == refund_id)).first()
        if row is None:
            return None
        return Refund(row.refund_id, row.order_id, row.tenant_id, row.product, RefundCause(row.cause),
                      Money(row.currency, row.amount), row.issued_on, row.unused_days, row.period_days)

    def of_product(self, tenant_id: str, product: str) -> dict[str, Money]:
        """Order id -> amount refunded, for the tenant's orders of `product`."""
        rows = self._c.execute(sa.select(refunds.c.order_id, refunds.c.currency, refunds.c.amount).where(
            refunds.c.tenant_id == tenant_id, refunds.c.product == product))
        return {r.order_id: Money(r.currency, r.amount) for r in rows}
