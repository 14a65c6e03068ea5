"""The event envelope: round trips, and hostile payloads refused before any handler sees them."""
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from platformkit.events import Event, MalformedEvent, decode, encode

AT = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)


@dataclass(frozen=True)
class SampleHappened(Event):
    SOURCE = "unittest"
    TYPE = "SampleHappened"
    amount: Decimal
    on: date
    tags: tuple[str, ...]
    note: str | None = None


def envelope(**data_overrides):
    event = SampleHappened(tenant_id="t_1", amount=Decimal("12.50"), on=date(2026, 1, 5), tags=("a",))
    raw = encode(event, cell="sg", occurred_at=AT).as_dict()
    raw["data"].update(data_overrides)
    return raw


def test_an_event_survives_the_round_trip_with_exact_types():
    env, event = decode(envelope())
    assert event.amount == Decimal("12.50") and event.on == date(2026, 1, 5) and event.tags == ("a",)
    assert env.cell == "sg" and env.tenant_id == "t_1"


@pytest.mark.parametrize("raw", [None, [], "x", {"envelope": 2}, {"envelope": 1}])
def test_a_payload_that_is_not_an_envelope_is_malformed(raw):
    with pytest.raises(MalformedEvent):
        decode(raw)


@pytest.mark.parametrize("field,value", [
    ("amount", 12.5), ("amount", "NaN-ish"), ("on", "2026-13-40"), ("tags", "a"), ("note", 7),
])
def test_a_field_of_the_wrong_type_is_malformed(field, value):
    with pytest.raises(MalformedEvent):
        decode(envelope(**{field: value}))


def test_an_unknown_event_version_is_malformed():
    raw = envelope()
    raw["version"] = 99
    with pytest.raises(MalformedEvent, match="unknown event"):
        decode(raw)


def test_the_tenant_of_the_data_must_match_the_envelope():
    raw = envelope()
    raw["tenant_id"] = "t_other"
    with pytest.raises(MalformedEvent, match="tenant_id"):
        decode(raw)
