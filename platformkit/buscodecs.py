"""Decoders for the consumer process that never raise: a body that is not acceptable JSON becomes
an `Undecodable` marker, which the consumer dead-letters with the reason (issue 4).

kombu would otherwise log such a message and drop it. The content types of pickle, YAML and
msgpack are mapped to the marker too, so nothing from the bus is ever unpickled.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import partial

from kombu.serialization import registry

MAX_BODY_BYTES = 256 * 1024
REFUSED_TYPES = {
    "text/plain": "text",
    "application/octet-stream": "binary",
    "application/data": "data",
    "application/x-python-serialize": "pickle",
    "application/x-yaml": "yaml",
    "application/x-msgpack": "msgpack",
}


@dataclass(frozen=True)
class Undecodable:
    reason: str
    preview: str


def _preview(data) -> str:
    raw = data if isinstance(data, str) else bytes(data).decode("utf-8", "replace")
    return raw[:512]


def _json_or_marker(data):
    if len(data) > MAX_BODY_BYTES:
        return Undecodable(f"body of {len(data)} bytes exceeds the {MAX_BODY_BYTES}-byte limit", _preview(data[:512]))
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        return Undecodable(f"body is not valid JSON: {exc}", _preview(data))


def _refused(content_type: str, data):
    return Undecodable(f"content type {content_type!r} is not accepted (JSON only)", _preview(data))


def install() -> list[str]:
    """Register the decoders; returns the serializer names the consumer should accept."""
    registry.register("json", json.dumps, _json_or_marker, content_type="application/json", content_encoding="utf-8")
    accepted = ["json"]
    for content_type, name in REFUSED_TYPES.items():
        registry.register(f"okki-refused-{name}", _no_encoding, partial(_refused, content_type),
                          content_type=content_type, content_encoding="binary")
        accepted.append(f"okki-refused-{name}")
    return accepted


def _no_encoding(_value):
    raise TypeError("this serializer only marks refused content on the way in")
