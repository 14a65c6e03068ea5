"""Typed view of config/platform.toml: the one declaration of cells, regions and services."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

PLATFORM_TOML = Path(__file__).resolve().parents[2] / "config" / "platform.toml"


@dataclass(frozen=True)
class Service:
    """A service: every cell runs its gRPC server and its bus consumer."""

    name: str
    port_offset: int


@dataclass(frozen=True)
class Cell:
    """An isolated copy of the platform in one region."""

    name: str
    region: str
    mainland: bool
    allowed_regions: tuple[str, ...]
    port_base: int

    def grpc_port(self, service: Service) -> int:
        return self.port_base + service.port_offset


@dataclass(frozen=True)
class Platform:
    """Everything platform.toml declares."""

    org: str
    cells: Mapping[str, Cell]
    services: tuple[Service, ...]
    home_cells: Mapping[str, str]  # jurisdiction -> cell name (R-RES-1)

    def cell(self, name: str) -> Cell:
        if name not in self.cells:
            raise ValueError(f"unknown cell {name!r}; platform.toml declares {sorted(self.cells)}")
        return self.cells[name]


def load_platform(path: Path = PLATFORM_TOML) -> Platform:
    """Read platform.toml; raise if a jurisdiction points at an undeclared cell."""
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    cells = {
        name: Cell(
            name=name,
            region=body["region"],
            mainland=body["mainland"],
            allowed_regions=tuple(body["allowed_regions"]),
            port_base=body["port_base"],
        )
        for name, body in raw["cells"].items()
    }
    home_cells = {jurisdiction: body["cell"] for jurisdiction, body in raw["jurisdictions"].items()}
    undeclared = set(home_cells.values()) - set(cells)
    if undeclared:
        raise ValueError(f"jurisdictions point at undeclared cells: {sorted(undeclared)}")
    return Platform(
        org=raw["org"],
        cells=MappingProxyType(cells),
        services=tuple(Service(name, body["port_offset"]) for name, body in raw["services"].items()),
        home_cells=MappingProxyType(home_cells),
    )
