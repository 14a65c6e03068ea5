"""Orders over real gRPC and PostgreSQL: pricing, payment, periods, voiding, retries, bad input, residency."""
from __future__ import annotations

import threading

import grpc
import pytest

from okki_api.billing.v1 import billing_pb2 as pb
from platformkit.testing import table_counts
from platformkit.testing import refusal
from tests.integration.billing.conftest import INTL, INTL_2, PRC, UNKNOWN, usd

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def catalog(billing):
    billing.set_price("1200.00")
    billing.set_price("120.00", module="ai")
    billing.set_price("500.00", module="onboarding", unit=pb.PRICE_UNIT_PER_ORDER)


def test_an_order_is_placed_paid_and_published_through_the_outbox(billing):
    order = billing.place(modules=["ai", "onboarding"])
    assert (order.kind, order.status, order.amount_due.amount) == (pb.ORDER_KIND_NEW, pb.ORDER_STATUS_PLACED,
                                                                   "13700.00")
    assert [line.amount.amount for line in order.lines] == ["12000.00", "1200.00", "500.00"]
    paid = billing.pay(order)
    assert (paid.status, paid.period_start, paid.period_end) == (pb.ORDER_STATUS_PAID, "2026-01-05", "2027-01-04")
    assert billing.published() == ["OrderPlaced", "OrderPaid"]
    paid_event = billing.outbox()[1]["data"]
    assert (paid_event["period_start"], paid_event["seats"], paid_event["modules"]) == (
        "2026-01-05", 10, ["ai", "onboarding"])
    assert billing.stub.GetOrder(pb.GetOrderRequest(order_id=order.order_id)) == paid


def test_the_kind_is_derived_renewal_then_reorder_R_BIL_1(billing):
    billing.pay(billing.place())
    billing.clock.advance(days=300)
    assert billing.place(key="o2").kind == pb.ORDER_KIND_RENEWAL
    billing.clock.advance(days=100)
    assert billing.place(key="o3").kind == pb.ORDER_KIND_REORDER


def test_a_renewal_paid_late_starts_the_day_after_the_period_ends_R_BIL_5(billing):
    billing.pay(billing.place())
    billing.clock.advance(days=362)
    renewal = billing.place(key="o2")
    billing.clock.advance(days=4)
    assert billing.pay(renewal, "p2").period_start == "2027-01-05"


def test_a_placed_order_keeps_its_price_after_a_price_change_R_BIL_12(billing):
    billing.set_price("2400.00", effective_from="2026-01-06")
    order = billing.place()
    billing.clock.advance(days=1)
    assert billing.place(INTL_2, key="o2").amount_due.amount == "24000.00"
    assert billing.pay(order).amount_due.amount == "12000.00"
    assert order.lines[0].unit_price.amount == "1200.00"


def test_a_backdated_price_is_refused_R_BIL_12(billing):
    found = refusal(lambda: billing.set_price("1.00", effective_from="2026-01-04"))
    assert found["code"] == grpc.StatusCode.INVALID_ARGUMENT and "effective_from" in found["violations"]


def test_non_stackable_promotions_are_refused_together_R_BIL_8(billing):
    for code, stackable in (("SPRING", False), ("VIP", True)):
        billing.stub.CreatePromotion(pb.CreatePromotionRequest(
            code=code, percent_off="10", stackable=stackable, valid_from="2026-01-01", valid_to="2026-12-31",
            idempotency_key=f"promo-{code}"))
    before = table_counts(billing.engine)
    found = refusal(lambda: billing.place(promotion_codes=["SPRING", "VIP"]))
    assert found["code"] == grpc.StatusCode.INVALID_ARGUMENT and "promotion_codes" in found["violations"]
    assert table_counts(billing.engine) == before
    assert billing.place(promotion_codes=["VIP"]).amount_due.amount == "10800.00"


def test_bad_input_is_invalid_argument_with_field_violations_and_writes_nothing(billing):
    before = table_counts(billing.engine)
    found = refusal(lambda: billing.stub.PlaceOrder(pb.PlaceOrderRequest(
        tenant_id=INTL, channel=pb.CHANNEL_DISTRIBUTOR, product="crm", plan="pro", seats=-1, currency="usd",
        idempotency_key="k")))
    assert found["code"] == grpc.StatusCode.INVALID_ARGUMENT
    assert {"distributor_id", "client.company_name", "seats", "currency"} <= set(found["violations"])
    order = billing.place()
    after_order = table_counts(billing.engine)
    found = refusal(lambda: billing.stub.RecordPayment(pb.RecordPaymentRequest(
        order_id=order.order_id, amount=usd("11999.99"), idempotency_key="p")))
    assert found["code"] == grpc.StatusCode.INVALID_ARGUMENT and "amount.amount" in found["violations"]
    assert table_counts(billing.engine) == after_order
    assert before["orders"] == 0


def test_a_retried_order_returns_the_first_and_publishes_once(billing):
    first = billing.place()
    assert billing.place() == first
    assert billing.published() == ["OrderPlaced"]
    found = refusal(lambda: billing.place(seats=11))
    assert (found["code"], found["reason"]) == (grpc.StatusCode.ALREADY_EXISTS, "IDEMPOTENCY_KEY_REUSED")


def test_concurrent_retries_of_a_payment_pay_once(billing):
    order = billing.place()
    results, errors = [], []

    def pay():
        try:
            results.append(billing.pay(order))
        except grpc.RpcError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=pay) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and len({r.paid_at for r in results}) == 1
    assert billing.published().count("OrderPaid") == 1


def test_run_sweep_voids_an_order_unpaid_for_7_days_R_BIL_3(billing):
    order = billing.place()
    billing.clock.advance(days=7, seconds=1)
    assert "voided 1" in billing.sweep()
    voided = billing.stub.GetOrder(pb.GetOrderRequest(order_id=order.order_id))
    assert (voided.status, voided.void_reason) == (pb.ORDER_STATUS_VOIDED, "unpaid_7_days")
    found = refusal(lambda: billing.pay(order))
    assert (found["code"], found["reason"]) == (grpc.StatusCode.FAILED_PRECONDITION, "ORDER_VOIDED")
    assert billing.published() == ["OrderPlaced", "OrderVoided"]


def test_refunds_follow_the_cause_and_reduce_the_liability_cap_R_BIL_9_R_BIL_11(billing):
    order = billing.pay(billing.place())
    billing.clock.set(billing.clock.now().replace(month=10, day=19))
    found = refusal(lambda: billing.stub.RequestRefund(pb.RequestRefundRequest(
        order_id=order.order_id, cause=pb.REFUND_CAUSE_CLIENT_BREACH, idempotency_key="r-0")))
    assert found["reason"] == "NO_REFUND_FOR_CLIENT_BREACH"
    refund = billing.stub.RequestRefund(pb.RequestRefundRequest(
        order_id=order.order_id, cause=pb.REFUND_CAUSE_PROVIDER_TERMINATION, idempotency_key="r-1"))
    assert (refund.amount.amount, refund.unused_days, refund.period_days) == ("2531.51", 77, 365)
    cap = billing.stub.GetLiabilityCap(pb.GetLiabilityCapRequest(tenant_id=INTL, product="crm"))
    assert (cap.amount.amount, cap.window_start, cap.window_end) == ("9468.49", "2025-10-20", "2026-10-19")
    assert billing.published()[-1] == "RefundIssued"


def test_another_cells_tenant_is_refused_and_nothing_is_written_R_RES_2(billing):
    before = table_counts(billing.engine)
    found = refusal(lambda: billing.place(PRC, currency="CNY"))
    assert (found["code"], found["reason"]) == (grpc.StatusCode.FAILED_PRECONDITION, "WRONG_CELL")
    assert found["metadata"]["home_cell"] == "cn"
    assert refusal(lambda: billing.place(UNKNOWN))["code"] == grpc.StatusCode.NOT_FOUND
    assert refusal(lambda: billing.stub.GetAccountStanding(
        pb.GetAccountStandingRequest(tenant_id=PRC)))["reason"] == "WRONG_CELL"
    assert table_counts(billing.engine) == before


def test_the_outbox_carries_ids_never_the_clients_business_information(billing):
    billing.place(channel=pb.CHANNEL_DISTRIBUTOR, distributor_id="d-1",
                  client=pb.ClientBusinessInfo(company_name="ACME Trading Ltd", registration_number="REG-77"))
    text = repr(billing.outbox())
    assert "ACME" not in text and "REG-77" not in text


def test_orders_are_listed_in_pages(billing):
    ids = []
    for n in range(3):
        ids.append(billing.place(key=f"o{n}").order_id)
        billing.clock.advance(minutes=1)
    first = billing.stub.ListOrders(pb.ListOrdersRequest(tenant_id=INTL, page_size=2))
    rest = billing.stub.ListOrders(pb.ListOrdersRequest(tenant_id=INTL, page_size=2,
                                                        page_token=first.next_page_token))
    assert [o.order_id for o in [*first.orders, *rest.orders]] == ids and rest.next_page_token == ""
