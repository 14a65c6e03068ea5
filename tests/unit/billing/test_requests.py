"""Request parsing: every bad field is reported at once, as INVALID_ARGUMENT field violations."""
from datetime import datetime, timezone
from decimal import Decimal

import pytest

from okki_api.billing.v1 import billing_pb2 as pb
from okki_api.common.v1 import common_pb2
from platformkit.errors import InvalidArgument
from services.billing.domain.orders import Channel
from services.billing.entrypoints import requests as parse


def violations(call, request) -> dict[str, str]:
    with pytest.raises(InvalidArgument) as err:
        call(request)
    return {v.field: v.description for v in err.value.violations}


def order_request(**fields) -> pb.PlaceOrderRequest:
    values = dict(tenant_id="t-1", channel=pb.CHANNEL_SELF_SERVICE, product="crm", plan="pro", seats=3,
                  currency="USD", idempotency_key="k")
    values.update(fields)
    return pb.PlaceOrderRequest(**values)


def test_the_caller_cannot_choose_an_orders_kind_R_BIL_1():
    assert "kind" not in pb.PlaceOrderRequest.DESCRIPTOR.fields_by_name


def test_a_subscription_is_annual_unless_the_order_says_otherwise_R_BIL_4():
    assert parse.place_order(order_request()).term_months == 12
    assert parse.place_order(order_request(term_months=6)).term_months == 6


def test_a_distributor_order_needs_its_distributor_and_the_clients_business_information_R_BIL_2():
    """R-BIL-2: orders come from a distributor (with the client's business information) or self-service."""
    found = violations(parse.place_order, order_request(channel=pb.CHANNEL_DISTRIBUTOR))
    assert set(found) == {"distributor_id", "client.company_name"}
    command = parse.place_order(order_request(channel=pb.CHANNEL_DISTRIBUTOR, distributor_id="d-1",
                                              client=pb.ClientBusinessInfo(company_name="ACME Ltd")))
    assert command.channel is Channel.DISTRIBUTOR and command.client.company_name == "ACME Ltd"


def test_a_self_service_order_names_no_distributor_R_BIL_2():
    assert "distributor_id" in violations(parse.place_order, order_request(distributor_id="d-1"))


def test_every_bad_field_of_an_order_is_reported_together():
    found = violations(parse.place_order, pb.PlaceOrderRequest(modules=["ai", "ai"], term_months=500))
    assert {"tenant_id", "channel", "product", "plan", "seats", "currency", "modules", "term_months",
            "idempotency_key"} <= set(found)


def test_an_add_on_adds_something_and_keeps_the_running_term():
    assert "seats" in violations(parse.place_order, order_request(add_on=True, seats=0))
    assert "term_months" in violations(parse.place_order, order_request(add_on=True, term_months=12))
    assert parse.place_order(order_request(add_on=True, seats=0, modules=["ai"])).term_months == 0


def test_a_trial_takes_no_promotion_and_lasts_a_month_by_default():
    assert "promotion_codes" in violations(parse.place_order, order_request(trial=True, promotion_codes=["X"]))
    assert parse.place_order(order_request(trial=True)).term_months == 1


def test_money_with_too_many_decimals_or_a_float_notation_is_refused_R_BIL_10():
    found = violations(parse.record_payment, pb.RecordPaymentRequest(
        order_id="o-1", amount=common_pb2.Money(currency="USD", amount="10.005"), idempotency_key="k"))
    assert set(found) == {"amount.amount"}
    found = violations(parse.top_up, pb.TopUpRequest(
        tenant_id="t", amount=common_pb2.Money(currency="XXX", amount="1"), idempotency_key="k"))
    assert set(found) == {"amount.currency"}
    assert "amount.amount" in violations(parse.top_up, pb.TopUpRequest(
        tenant_id="t", amount=common_pb2.Money(currency="USD", amount="NaN"), idempotency_key="k"))


def test_unspecified_enums_are_refused():
    assert "unit" in violations(parse.set_price, pb.SetPriceRequest(
        product="crm", plan="pro", amount=common_pb2.Money(currency="USD", amount="1"),
        effective_from="2026-01-05", idempotency_key="k"))
    assert "cause" in violations(parse.request_refund, pb.RequestRefundRequest(order_id="o", idempotency_key="k"))
    assert "cycle" in violations(parse.record_usage, pb.RecordUsageRequest(
        tenant_id="t", meter="m", quantity="1", idempotency_key="k"))


def test_a_promotion_has_exactly_one_kind_of_discount_and_an_ordered_validity():
    both = pb.CreatePromotionRequest(code="X", percent_off="10", amount_off=common_pb2.Money(currency="USD",
                                     amount="5"), valid_from="2026-01-01", valid_to="2026-12-31",
                                     idempotency_key="k")
    assert "percent_off" in violations(parse.create_promotion, both)
    backwards = pb.CreatePromotionRequest(code="X", percent_off="100.5", valid_from="2026-02-01",
                                          valid_to="2026-01-01", idempotency_key="k")
    assert {"percent_off", "valid_to"} <= set(violations(parse.create_promotion, backwards))
    ok = pb.CreatePromotionRequest(code="X", percent_off="12.5", valid_from="2026-01-01", valid_to="2026-01-31",
                                   idempotency_key="k")
    assert parse.create_promotion(ok).percent_off == Decimal("12.5")


def test_usage_quantity_and_timestamp_are_checked():
    found = violations(parse.record_usage, pb.RecordUsageRequest(
        tenant_id="t", meter="m", quantity="0.0000001", cycle=pb.BILLING_CYCLE_DAY, at="2026-01-05 09:00",
        idempotency_key="k"))
    assert set(found) == {"quantity", "at"}


def test_a_page_token_round_trips_and_a_forged_one_is_refused():
    after = (datetime(2026, 1, 5, 9, tzinfo=timezone.utc), "o-1")
    request = pb.ListOrdersRequest(tenant_id="t", page_token=parse.page_token(after))
    assert parse.list_orders(request).after == after
    assert "page_token" in violations(parse.list_orders, pb.ListOrdersRequest(tenant_id="t", page_token="!!"))
