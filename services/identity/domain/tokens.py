"""Opaque ids and tokens: tokens go to the client once, identity keeps only their digests."""
from __future__ import annotations

import hashlib
import secrets
import uuid


def new_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex}"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """SHA-256 suits high-entropy tokens and ids; passwords go through argon2id instead (R-ID-10)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def subject_digest(provider: str, subject: str) -> str:
    """R-ID-10: a third-party subject (e.g. a WeChat OpenID) is stored only as this digest."""
    return digest(f"{provider}:{subject}")
