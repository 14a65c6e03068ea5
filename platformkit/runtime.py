"""The parts every service's App shares, built once per process by its bootstrap."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import grpc
from sqlalchemy.engine import Engine

from platformkit import grpcclient
from platformkit.auth import Authenticator
from platformkit.clock import Clock, OffsetFileClock, SystemClock
from platformkit.db import make_engine
from platformkit.directory import CellGuard, TenantDirectory
from platformkit.settings import Settings


def clock_from(settings: Settings) -> Clock:
    """The system clock, or the cell-wide offset clock when settings name a clock file (local, tests)."""
    return OffsetFileClock(settings.clock_file) if settings.clock_file else SystemClock()


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    clock: Clock
    cell_guard: CellGuard
    directory: TenantDirectory
    authenticator: Authenticator | None
    _closers: list[Callable[[], None]] = field(default_factory=list)

    def channel(self, service: str) -> grpc.Channel:
        """A channel to a peer of this cell, closed with the runtime. Channels connect lazily."""
        chan = grpcclient.channel(self.settings, service)
        self._closers.append(chan.close)
        return chan

    def close(self) -> None:
        for close in reversed(self._closers):
            close()
        self._closers.clear()


def build_runtime(settings: Settings, clock: Clock | None = None, *,
                  authenticator: Authenticator | None = None, needs_authenticator: bool = True) -> Runtime:
    """Engine, clock, cell guard and (unless given or not needed) identity as the authenticator."""
    engine = make_engine(settings.database_url.get_secret_value())
    directory_engine = make_engine(settings.directory_url.get_secret_value(), pool_size=2)
    directory = TenantDirectory(directory_engine)
    runtime = Runtime(settings, engine, clock or clock_from(settings), CellGuard(directory, settings.cell),
                      directory, authenticator, [directory_engine.dispose, engine.dispose])
    if runtime.authenticator is None and needs_authenticator:
        runtime.authenticator = grpcclient.IdentityAuthenticator(runtime.channel("identity"))
    return runtime
