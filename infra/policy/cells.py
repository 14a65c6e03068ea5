"""What the pack knows about each cell, read from config/platform.toml and the policy config."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Mapping

from pulumi_policy import PolicyConfigSchema, ResourceValidationArgs

PLATFORM_TOML = Path(__file__).resolve().parents[2] / "config" / "platform.toml"
ALICLOUD_PROVIDER = "pulumi:providers:alicloud"
OUTSIDE_MAINLAND = frozenset({"cn-hongkong"})  # Hong Kong, Macao and Taiwan are not mainland.

CONFIG_SCHEMA = PolicyConfigSchema(
    properties={
        "cell": {"type": "string", "description": "cell of the stack; default: the stack's name"},
        "region": {"type": "string", "description": "stack region; default: platform.toml's"},
    }
)


@dataclass(frozen=True)
class Residency:
    """Where one cell's resources may live."""

    cell: str
    region: str
    mainland: bool
    allowed_regions: frozenset[str]


def load_residencies(path: Path = PLATFORM_TOML) -> dict[str, Residency]:
    """One Residency per cell declared in platform.toml."""
    with path.open("rb") as handle:
        cells = tomllib.load(handle)["cells"]
    return {
        name: Residency(name, body["region"], body["mainland"], frozenset(body["allowed_regions"]))
        for name, body in cells.items()
    }


def load_service_ports(path: Path = PLATFORM_TOML) -> frozenset[int]:
    """Every gRPC port of every cell: port_base + port_offset."""
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    return frozenset(
        cell["port_base"] + service["port_offset"]
        for cell in raw["cells"].values()
        for service in raw["services"].values()
    )


def is_mainland_region(region: str) -> bool:
    """A region of mainland China: cn-* except Hong Kong (R-RES-3)."""
    return region.startswith("cn-") and region not in OUTSIDE_MAINLAND


def stack_of(urn: str) -> str:
    """The stack name inside urn:pulumi:<stack>::<project>::<type>::<name>."""
    return urn.split(":")[2]


def residency_of(args: ResourceValidationArgs, residencies: Mapping[str, Residency]) -> Residency:
    """The residency of the stack being checked: policy config first, then platform.toml.

    Raises ValueError when the cell is unknown or the configured region is not allowed.
    """
    config = args.get_config()
    cell = config.get("cell") or stack_of(args.urn)
    if cell not in residencies:
        raise ValueError(f"stack cell {cell!r} is not declared in platform.toml")
    residency = residencies[cell]
    region = config.get("region") or residency.region
    if region not in residency.allowed_regions:
        raise ValueError(f"region {region!r} is not allowed for cell {cell!r}")
    return replace(residency, region=region)


def resource_region(args: ResourceValidationArgs) -> str | None:
    """The region an Alibaba Cloud resource is created in: its provider's region."""
    if args.resource_type == ALICLOUD_PROVIDER:
        return args.props.get("region")
    if args.provider is None:
        return None
    return args.provider.props.get("region")
