"""Injectable clocks: every time rule reads one, so tests can move time instead of sleeping."""
from __future__ import annotations

import os
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...

    def today(self) -> date: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(timezone.utc)

    def today(self) -> date:
        return self.now().date()


class FixedClock:
    """A clock for unit tests: stands still until told to move."""

    def __init__(self, at: datetime):
        if at.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._at = at

    def now(self) -> datetime:
        return self._at

    def today(self) -> date:
        return self._at.date()

    def advance(self, **delta: float) -> None:
        self._at += timedelta(**delta)

    def set(self, at: datetime) -> None:
        self._at = at


class OffsetFileClock:
    """System time plus an offset in seconds read from a file shared by a cell's processes.

    Only wired when settings allow it (local runs and tests): it is how an end-to-end test moves
    the whole cell forward in time. The file is re-read when its mtime changes.
    """

    def __init__(self, path: Path):
        self._path = path
        self._mtime: float | None = None
        self._offset = timedelta(0)

    def _refresh(self) -> None:
        try:
            mtime = os.stat(self._path).st_mtime
        except FileNotFoundError:
            self._offset, self._mtime = timedelta(0), None
            return
        if mtime != self._mtime:
            self._offset, self._mtime = self.read_offset(self._path), mtime

    def now(self) -> datetime:
        self._refresh()
        return datetime.now(timezone.utc) + self._offset

    def today(self) -> date:
        return self.now().date()

    @staticmethod
    def read_offset(path: Path) -> timedelta:
        try:
            return timedelta(seconds=float(path.read_text().strip() or "0"))
        except FileNotFoundError:
            return timedelta(0)

    @staticmethod
    def write_offset(path: Path, offset: timedelta) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(str(offset.total_seconds()))
        os.replace(tmp, path)
