"""Reads config/platform.toml: cells, regions, the jurisdiction -> cell map (R-RES-1) and the service list."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CONFIG_PATH = Path(__file__).resolve().parent.parent / "config" / "platform.toml"


@dataclass(frozen=True)
class Cell:
    name: str
    region: str
    mainland: bool
    allowed_regions: tuple[str, ...]
    port_base: int


@dataclass(frozen=True)
class Topology:
    org: str
    cells: dict[str, Cell]
    jurisdictions: dict[str, str]
    services: dict[str, int]

    def cell_for(self, jurisdiction: str) -> Cell:
        """R-RES-1: the jurisdiction decides the home cell (intl -> sg, prc -> cn)."""
        try:
            return self.cells[self.jurisdictions[jurisdiction]]
        except KeyError:
            raise KeyError(f"unknown jurisdiction {jurisdiction!r}") from None

    def grpc_port(self, cell: str, service: str, port_base: int | None = None) -> int:
        base = self.cells[cell].port_base if port_base is None else port_base
        return base + self.services[service]


@lru_cache(maxsize=1)
def load(path: Path = CONFIG_PATH) -> Topology:
    raw = tomllib.loads(path.read_text())
    cells = {
        name: Cell(name, c["region"], bool(c["mainland"]), tuple(c["allowed_regions"]), int(c["port_base"]))
        for name, c in raw["cells"].items()
    }
    jurisdictions = {name: j["cell"] for name, j in raw["jurisdictions"].items()}
    services = {name: int(s["port_offset"]) for name, s in raw["services"].items()}
    return Topology(raw["org"], cells, jurisdictions, services)
