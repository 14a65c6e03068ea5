"""Exact money (R-BIL-10): a Decimal amount with its currency; never a float.

Intermediate results that are not decimal (a pro-rata share such as 73/365) are kept as
`Fraction`s and rounded half-up to the currency's minor unit exactly once, where they are shown.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from platformkit.validation import CURRENCY_DIGITS


class CurrencyMismatch(ValueError):
    """Two amounts in different currencies met; callers validate currencies before arithmetic."""


@dataclass(frozen=True)
class Money:
    currency: str
    amount: Decimal

    def __post_init__(self):
        if not isinstance(self.amount, Decimal):
            raise TypeError("R-BIL-10: a money amount is a Decimal, never a float")
        if self.currency not in CURRENCY_DIGITS:
            raise ValueError(f"unknown currency {self.currency!r}")

    @classmethod
    def zero(cls, currency: str) -> "Money":
        return cls(currency, Decimal(0))

    @classmethod
    def of(cls, currency: str, value: Fraction | Decimal | int) -> "Money":
        """Rounded half-up to the minor unit: the one place a non-decimal value becomes money."""
        return cls(currency, round_half_up(Fraction(value), CURRENCY_DIGITS[currency]))

    def _same(self, other: "Money") -> None:
        if other.currency != self.currency:
            raise CurrencyMismatch(f"{self.currency} and {other.currency} cannot be combined")

    def __add__(self, other: "Money") -> "Money":
        self._same(other)
        return Money(self.currency, self.amount + other.amount)

    def __sub__(self, other: "Money") -> "Money":
        self._same(other)
        return Money(self.currency, self.amount - other.amount)

    def __neg__(self) -> "Money":
        return Money(self.currency, -self.amount)

    def __lt__(self, other: "Money") -> bool:
        self._same(other)
        return self.amount < other.amount

    def __le__(self, other: "Money") -> bool:
        self._same(other)
        return self.amount <= other.amount

    def times(self, factor: Fraction | Decimal | int) -> "Money":
        """This amount scaled by `factor`, rounded half-up to the minor unit."""
        return Money.of(self.currency, Fraction(self.amount) * Fraction(factor))

    def rounded(self) -> "Money":
        return Money.of(self.currency, self.amount)

    def is_zero(self) -> bool:
        return self.amount == 0

    def is_negative(self) -> bool:
        return self.amount < 0

    def text(self) -> str:
        """The amount at the currency's scale, e.g. '12.50' (not rounded: round first if needed)."""
        return f"{self.amount:.{CURRENCY_DIGITS[self.currency]}f}"


def round_half_up(value: Fraction, digits: int) -> Decimal:
    """`value` rounded half away from zero to `digits` decimal places, exactly."""
    scale = 10 ** digits
    scaled = abs(value) * scale
    units = int(scaled + Fraction(1, 2))
    sign = -1 if value < 0 else 1
    return Decimal(sign * units).scaleb(-digits)
