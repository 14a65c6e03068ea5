"""Parsing request fields into domain values, collecting every violation before any write."""
from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from platformkit.errors import Violations

# R-BIL-10: the minor unit of each currency we sell in; anything else is refused.
CURRENCY_DIGITS = {"CNY": 2, "SGD": 2, "USD": 2, "EUR": 2, "HKD": 2, "JPY": 0}
_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
MAX_TEXT = 512


def text(v: Violations, name: str, value: str, *, required: bool = True, max_len: int = MAX_TEXT) -> str:
    value = value.strip()
    if required and not value:
        v.add(name, "is required")
    elif len(value) > max_len:
        v.add(name, f"is longer than {max_len} characters")
    elif any(ord(ch) < 32 and ch not in "\t" for ch in value) or "\x00" in value:
        v.add(name, "contains control characters")
    return value


def identifier(v: Violations, name: str, value: str, *, required: bool = True) -> str:
    if not value:
        if required:
            v.add(name, "is required")
        return value
    if not _ID.match(value):
        v.add(name, "must be 1-64 characters of letters, digits, '_', '.', ':' or '-'")
    return value


def idempotency_key(v: Violations, value: str) -> str:
    if not value:
        v.add("idempotency_key", "is required for a mutating call")
    elif len(value) > 128 or not value.isprintable():
        v.add("idempotency_key", "must be at most 128 printable characters")
    return value


def iso_date(v: Violations, name: str, value: str, *, required: bool = True) -> date | None:
    if not value:
        if required:
            v.add(name, "is required (YYYY-MM-DD)")
        return None
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        v.add(name, "must be a date YYYY-MM-DD")
        return None
    if not 2000 <= parsed.year <= 2200:
        v.add(name, "must be between 2000 and 2200")
        return None
    return parsed


def instant(v: Violations, name: str, value: str, *, required: bool = False) -> datetime | None:
    """An RFC 3339 instant with its UTC offset, between the years 2000 and 2200; empty is None."""
    if not value:
        if required:
            v.add(name, "is required (RFC 3339, e.g. 2026-01-05T09:00:00Z)")
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        v.add(name, "must be an RFC 3339 instant such as 2026-01-05T09:00:00Z")
        return None
    if parsed.tzinfo is None:
        v.add(name, "must carry a UTC offset (Z or +hh:mm)")
        return None
    if not 2000 <= parsed.year <= 2200:
        v.add(name, "must be between the years 2000 and 2200")
        return None
    return parsed


def money(v: Violations, name: str, currency: str, amount: str, *, allow_zero: bool = True,
          allow_negative: bool = False) -> tuple[str, Decimal] | None:
    """R-BIL-10: exact decimal amount with a known currency and its minor-unit scale."""
    if currency not in CURRENCY_DIGITS:
        v.add(f"{name}.currency", f"must be one of {sorted(CURRENCY_DIGITS)}")
        return None
    try:
        value = Decimal(amount)
    except (InvalidOperation, TypeError):
        v.add(f"{name}.amount", "must be a decimal number such as '12.50'")
        return None
    if not value.is_finite():
        v.add(f"{name}.amount", "must be finite")
        return None
    if -value.as_tuple().exponent > CURRENCY_DIGITS[currency]:
        v.add(f"{name}.amount", f"has more than {CURRENCY_DIGITS[currency]} decimal places for {currency}")
        return None
    if abs(value) >= Decimal("1e12"):
        v.add(f"{name}.amount", "is too large")
        return None
    if value < 0 and not allow_negative:
        v.add(f"{name}.amount", "must not be negative")
        return None
    if value == 0 and not allow_zero:
        v.add(f"{name}.amount", "must be greater than zero")
        return None
    return currency, value


def enum(v: Violations, name: str, value: str, allowed: tuple[str, ...] | frozenset[str]) -> str:
    if value not in allowed:
        v.add(name, f"must be one of {sorted(allowed)}")
    return value


def positive_int(v: Violations, name: str, value: int, *, maximum: int = 100_000, allow_zero: bool = False) -> int:
    low = 0 if allow_zero else 1
    if not low <= value <= maximum:
        v.add(name, f"must be between {low} and {maximum}")
    return value
