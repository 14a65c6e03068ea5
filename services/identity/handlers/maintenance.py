"""The sweep the bus process's timer and the RunSweep RPC run: time-based clean-up, off the injected clock."""
from __future__ import annotations


def sweep(uow) -> str:
    """R-ID-1: expired links die and their plaintext tokens are deleted; expired sessions are removed."""
    with uow:
        now = uow.clock.now()
        links = uow.links.expire_due(now)
        sessions = uow.sessions.delete_expired(now)
        uow.commit()
    return f"activation links expired: {links}; expired sessions removed: {sessions}"
