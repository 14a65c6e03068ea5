"""Fixtures of entitlement's unit tests: the in-memory unit of work and a cell guard for cell sg."""
from __future__ import annotations

import pytest
from entitlement_fakes import FakeUnitOfWork

from platformkit.directory import CellGuard, StaticDirectory


@pytest.fixture
def uow(clock) -> FakeUnitOfWork:
    return FakeUnitOfWork(clock)


@pytest.fixture
def guard() -> CellGuard:
    return CellGuard(StaticDirectory({"t-sg-1": "intl", "t-sg-2": "intl", "t-cn-1": "prc"}), "sg")
