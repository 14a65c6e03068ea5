"""Events on the bus: frozen dataclasses, a versioned JSON envelope, and strict decoding.

An event class declares SOURCE (the publishing service), TYPE (past tense) and VERSION. Its
fields carry ids and facts only -- never personal data. `decode` checks every field's type, so a
malformed or hostile message raises `MalformedEvent` instead of reaching a handler.
"""
from __future__ import annotations

import dataclasses
import functools
import types
import typing
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

ENVELOPE_VERSION = 1
# Events about the platform itself (e.g. a refused call) name this tenant; it lives in every cell.
PLATFORM_TENANT = "platform"
_REGISTRY: dict[tuple[str, str, int], type["Event"]] = {}


class MalformedEvent(ValueError):
    """The message cannot be applied; it is dead-lettered with this reason."""


@dataclass(frozen=True)
class Event:
    SOURCE: ClassVar[str] = ""
    TYPE: ClassVar[str] = ""
    VERSION: ClassVar[int] = 1

    tenant_id: str

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.SOURCE and cls.TYPE:
            _REGISTRY[(cls.SOURCE, cls.TYPE, cls.VERSION)] = cls


@dataclass(frozen=True)
class Envelope:
    event_id: str
    source: str
    type: str
    version: int
    cell: str
    tenant_id: str
    occurred_at: str
    data: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {"envelope": ENVELOPE_VERSION, **dataclasses.asdict(self)}


def event_class(source: str, type_: str, version: int) -> type[Event]:
    try:
        return _REGISTRY[(source, type_, version)]
    except KeyError:
        raise MalformedEvent(f"unknown event {source}.{type_} v{version}") from None


def _encode_value(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (tuple, list)):
        return [_encode_value(v) for v in value]
    return value


def encode(event: Event, *, cell: str, occurred_at: datetime, event_id: str | None = None) -> Envelope:
    data = {f.name: _encode_value(getattr(event, f.name)) for f in dataclasses.fields(event)}
    return Envelope(
        event_id=event_id or str(uuid.uuid4()),
        source=event.SOURCE,
        type=event.TYPE,
        version=event.VERSION,
        cell=cell,
        tenant_id=event.tenant_id,
        occurred_at=occurred_at.isoformat(),
        data=data,
    )


def _decode_value(name: str, hint: Any, value: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(hint)
        if value is None and type(None) in args:
            return None
        (inner,) = [a for a in args if a is not type(None)]
        return _decode_value(name, inner, value)
    if origin is tuple:
        if not isinstance(value, list):
            raise MalformedEvent(f"{name}: expected a list")
        (inner, _ellipsis) = typing.get_args(hint)
        return tuple(_decode_value(name, inner, v) for v in value)
    try:
        if hint is str and isinstance(value, str):
            return value
        if hint is bool and isinstance(value, bool):
            return value
        if hint is int and isinstance(value, int) and not isinstance(value, bool):
            return value
        if hint is Decimal and isinstance(value, str):
            return Decimal(value)
        if hint is datetime and isinstance(value, str):
            parsed = datetime.fromisoformat(value)
            if parsed.tzinfo is None:
                raise ValueError("naive datetime")
            return parsed
        if hint is date and isinstance(value, str):
            return date.fromisoformat(value)
    except (ValueError, InvalidOperation) as exc:
        raise MalformedEvent(f"{name}: {exc}") from None
    raise MalformedEvent(f"{name}: expected {getattr(hint, '__name__', hint)}, got {type(value).__name__}")


@functools.lru_cache(maxsize=None)
def _schema(cls: type[Event]) -> tuple[tuple[str, Any, bool], ...]:
    """(name, type hint, required) of each field; resolving hints is costly, so once per class."""
    hints = typing.get_type_hints(cls)
    return tuple(
        (f.name, hints[f.name], f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
        for f in dataclasses.fields(cls)
    )


def decode(raw: Any) -> tuple[Envelope, Event]:
    """Envelope dict (as received) -> (envelope, typed event). Raises MalformedEvent."""
    if not isinstance(raw, dict):
        raise MalformedEvent("payload is not a JSON object")
    if raw.get("envelope") != ENVELOPE_VERSION:
        raise MalformedEvent(f"unsupported envelope version {raw.get('envelope')!r}")
    try:
        env = Envelope(**{f.name: raw[f.name] for f in dataclasses.fields(Envelope)})
    except KeyError as exc:
        raise MalformedEvent(f"envelope field missing: {exc.args[0]}") from None
    if not isinstance(env.data, dict) or not isinstance(env.version, int):
        raise MalformedEvent("envelope data/version malformed")
    cls = event_class(env.source, env.type, env.version)
    kwargs = {}
    for name, hint, required in _schema(cls):
        if name not in env.data:
            if required:
                raise MalformedEvent(f"{name}: missing")
            continue
        kwargs[name] = _decode_value(name, hint, env.data[name])
    event = cls(**kwargs)
    if event.tenant_id != env.tenant_id:
        raise MalformedEvent("tenant_id of data and envelope differ")
    return env, event
