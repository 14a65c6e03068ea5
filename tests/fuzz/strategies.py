"""Hypothesis strategies for any protobuf request message, built from its descriptor.

Values aim at the edges: empty and huge strings, control and unusual unicode, ids of another
cell's tenant, impossible dates, negative and non-decimal money, unknown enum numbers.
"""
from __future__ import annotations

from google.protobuf.descriptor import FieldDescriptor as F
from hypothesis import strategies as st

LOCAL_TENANT, OTHER_CELL_TENANT = "t_fuzz_local", "t_fuzz_other"
EDGE_STRINGS = [
    "", " ", "\x00", "a" * 10_000, "😀" * 300, "\u202e\u0645\u0631\u062d\u0628\u0627", "\ud7ff", "Ω≈ç√∫",
    "2026-02-30", "2026-01-05", "1999-12-31", "9999-12-31", "2026-01-05T09:00:00Z", "not-a-date",
    "-1", "0", "0.001", "1e309", "NaN", "12.50", "-12.50", "99999999999999.99",
    "CNY", "SGD", "usd", "XXX", "crm", "pro", "export", "core",
    "intl", "prc", "gmail.com", "someone@gmail.com", "ceo@acme-export.cn", "'; DROP TABLE outbox; --",
    LOCAL_TENANT, OTHER_CELL_TENANT, "t_unknown",
]
_INT_RANGES = {
    F.TYPE_INT32: (-(2**31), 2**31 - 1), F.TYPE_SINT32: (-(2**31), 2**31 - 1), F.TYPE_SFIXED32: (-(2**31), 2**31 - 1),
    F.TYPE_INT64: (-(2**63), 2**63 - 1), F.TYPE_SINT64: (-(2**63), 2**63 - 1), F.TYPE_SFIXED64: (-(2**63), 2**63 - 1),
    F.TYPE_UINT32: (0, 2**32 - 1), F.TYPE_FIXED32: (0, 2**32 - 1), F.TYPE_UINT64: (0, 2**64 - 1),
    F.TYPE_FIXED64: (0, 2**64 - 1),
}


def _scalar(field) -> st.SearchStrategy:
    if field.type == F.TYPE_STRING:
        if field.name.endswith("tenant_id"):
            return st.sampled_from([LOCAL_TENANT, OTHER_CELL_TENANT, "t_unknown", ""]) | st.text(max_size=80)
        return st.sampled_from(EDGE_STRINGS) | st.text(max_size=40)
    if field.type == F.TYPE_BYTES:
        return st.binary(max_size=64)
    if field.type == F.TYPE_BOOL:
        return st.booleans()
    if field.type in (F.TYPE_DOUBLE, F.TYPE_FLOAT):
        return st.floats(allow_nan=True, allow_infinity=True, width=32 if field.type == F.TYPE_FLOAT else 64)
    if field.type == F.TYPE_ENUM:
        known = [v.number for v in field.enum_type.values]
        return st.sampled_from(known) | st.integers(-5, 50)
    low, high = _INT_RANGES[field.type]
    return st.sampled_from([0, 1, -1, low, high, 12, 100_001]) | st.integers(low, high)


def message(descriptor, cls_for, depth: int = 0) -> st.SearchStrategy:
    """A strategy of dicts of field values for `descriptor` (messages nested two levels at most)."""
    fields = {}
    for field in descriptor.fields:
        if field.type == F.TYPE_MESSAGE:
            if depth >= 2 or field.message_type.GetOptions().map_entry:
                continue
            inner = message(field.message_type, cls_for, depth + 1)
        else:
            inner = _scalar(field)
        if field.label == F.LABEL_REPEATED:
            inner = st.lists(inner, max_size=4)
        fields[field.name] = st.one_of(st.none(), inner)
    return st.fixed_dictionaries(fields).map(lambda values: _build(descriptor, cls_for, values))


def _build(descriptor, cls_for, values):
    msg = cls_for(descriptor)()
    for name, value in values.items():
        if value is None:
            continue
        field = descriptor.fields_by_name[name]
        if field.label == F.LABEL_REPEATED:
            if field.type == F.TYPE_MESSAGE:
                getattr(msg, name).extend(value)
            else:
                getattr(msg, name).extend(value)
        elif field.type == F.TYPE_MESSAGE:
            getattr(msg, name).CopyFrom(value)
        else:
            setattr(msg, name, value)
    return msg
