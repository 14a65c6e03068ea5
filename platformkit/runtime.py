"""The base of every service's App: what each composition root shares, built once per process."""
from __future__ import annotations

from typing import Callable

import grpc

from platformkit import grpcclient
from platformkit.auth import Authenticator
from platformkit.clock import Clock, OffsetFileClock, SystemClock
from platformkit.db import make_engine
from platformkit.directory import CellGuard, TenantDirectory
from platformkit.settings import Settings


def clock_from(settings: Settings) -> Clock:
    """The system clock, or the cell-wide offset clock when settings name a clock file (local, tests)."""
    return OffsetFileClock(settings.clock_file) if settings.clock_file else SystemClock()


class ServiceApp:
    """Engine, clock, tenant directory and cell guard, the identity authenticator, peer channels.

    A service subclasses it with its unit of work (`uow()`) and anything of its own. Services
    that take no end user's session set `needs_authenticator = False`.
    """

    needs_authenticator = True

    def __init__(self, settings: Settings, clock: Clock | None = None, *,
                 authenticator: Authenticator | None = None):
        self.settings, self.cell = settings, settings.cell
        self.engine = make_engine(settings.database_url.get_secret_value())
        directory_engine = make_engine(settings.directory_url.get_secret_value(), pool_size=2)
        self._closers: list[Callable[[], None]] = [directory_engine.dispose, self.engine.dispose]
        self.clock = clock or clock_from(settings)
        self.directory = TenantDirectory(directory_engine)
        self.cell_guard = CellGuard(self.directory, settings.cell)
        self.authenticator = authenticator
        if authenticator is None and self.needs_authenticator:
            self.authenticator = grpcclient.IdentityAuthenticator(self.channel("identity"))

    def channel(self, service: str) -> grpc.Channel:
        """A channel to a peer of this cell, closed with the app. Channels connect lazily."""
        chan = grpcclient.channel(self.settings, service)
        self._closers.append(chan.close)
        return chan

    def close(self) -> None:
        for close in reversed(self._closers):
            close()
        self._closers.clear()
