"""Request validation and the mapping of domain errors to deliberate gRPC statuses."""
from decimal import Decimal

import grpc
import pytest
from google.rpc import error_details_pb2

from platformkit import errors, validation
from platformkit.grpcerrors import classify, to_status


def test_money_is_exact_decimal_with_a_known_currency_R_BIL_10():
    v = errors.Violations()
    assert validation.money(v, "price", "CNY", "1234.50") == ("CNY", Decimal("1234.50"))
    assert not v.items


@pytest.mark.parametrize("currency,amount,field", [
    ("XXX", "1", "price.currency"), ("CNY", "1.234", "price.amount"), ("JPY", "1.5", "price.amount"),
    ("CNY", "abc", "price.amount"), ("CNY", "-1", "price.amount"), ("CNY", "Infinity", "price.amount"),
    ("CNY", "1e20", "price.amount"),
])
def test_money_that_is_not_exact_or_known_is_refused_R_BIL_10(currency, amount, field):
    v = errors.Violations()
    assert validation.money(v, "price", currency, amount) is None
    assert [item.field for item in v.items] == [field]


def test_every_violation_is_reported_at_once():
    v = errors.Violations()
    validation.text(v, "company_name", "")
    validation.iso_date(v, "effective_from", "2026-02-30")
    with pytest.raises(errors.InvalidArgument) as info:
        v.raise_if_any()
    assert {x.field for x in info.value.violations} == {"company_name", "effective_from"}


def test_invalid_argument_carries_field_violations_in_the_status():
    status = to_status(errors.InvalidArgument.field("seats", "must be between 1 and 100000"))
    assert status.code == grpc.StatusCode.INVALID_ARGUMENT
    details = dict(status.trailing_metadata)["grpc-status-details-bin"]
    from google.rpc import status_pb2

    parsed = status_pb2.Status.FromString(details)
    bad = error_details_pb2.BadRequest()
    assert parsed.details[0].Unpack(bad)
    assert bad.field_violations[0].field == "seats"


def test_wrong_cell_names_the_home_cell_R_RES_2():
    error = errors.WrongCell("t_1", "cn", "sg")
    assert error.code == grpc.StatusCode.FAILED_PRECONDITION
    assert error.metadata["home_cell"] == "cn"


def test_an_unexpected_exception_is_not_mistaken_for_a_deliberate_error():
    assert classify(ZeroDivisionError()) is None
    assert isinstance(classify(errors.NotFound("x")), errors.NotFound)
