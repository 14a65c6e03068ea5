"""R-ID-10: passwords are stored only as argon2id hashes (slow, salted)."""
from __future__ import annotations

from typing import Protocol

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError


class Passwords(Protocol):
    def hash(self, password: str) -> str: ...

    def verify(self, password_hash: str, password: str) -> bool: ...

    def burn(self, password: str) -> None:
        """Spend the time a verification takes, for an unknown email (no enumeration by timing)."""


class Argon2Passwords:
    """argon2-cffi's PasswordHasher: argon2id with its (RFC 9106) defaults unless told otherwise."""

    def __init__(self, hasher: PasswordHasher | None = None):
        self._hasher = hasher or PasswordHasher()
        self._decoy = self._hasher.hash("decoy password never used")

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def burn(self, password: str) -> None:
        self.verify(self._decoy, password)
