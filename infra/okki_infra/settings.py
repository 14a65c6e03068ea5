"""Stack settings: the stack's config (Pulumi.<cell>.yaml) checked against platform.toml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

import pulumi

from .topology import Cell, Platform

MIN_AUDIT_RETENTION_DAYS = 180  # R-AUD-5: access logs are kept at least 6 months.
BUS_MODES = ("managed", "ecs")


@dataclass(frozen=True)
class ComputeSettings:
    """ECS instances that run every service of the cell."""

    instance_type: str
    image_id: str
    instance_count: int
    system_disk_gb: int


@dataclass(frozen=True)
class DatabaseSettings:
    """The cell's ApsaraDB RDS for PostgreSQL instance."""

    instance_type: str
    storage_gb: int
    engine_version: str
    storage_type: str
    backup_retention_days: int


@dataclass(frozen=True)
class BusSettings:
    """The cell's RabbitMQ: ApsaraMQ ("managed") or RabbitMQ on one ECS instance ("ecs")."""

    mode: str
    instance_type: str
    max_tps: int
    queue_capacity: int


@dataclass(frozen=True)
class CellSettings:
    """Everything one stack needs to build one cell."""

    org: str
    cell: Cell
    region: str
    zones: tuple[str, ...]
    vpc_cidr: str
    container_image: str
    bucket_suffix: str
    audit_retention_days: int
    compute: ComputeSettings
    database: DatabaseSettings
    bus: BusSettings


def resolve_region(cell: Cell, override: str | None) -> str:
    """The stack's region: platform.toml's unless overridden by an allowed one (R-RES-1, R-RES-5)."""
    region = override or cell.region
    if region not in cell.allowed_regions:
        raise ValueError(
            f"region {region!r} is not allowed for cell {cell.name!r}; "
            f"platform.toml allows {list(cell.allowed_regions)}"
        )
    return region


def check_zones(region: str, zones: tuple[str, ...]) -> tuple[str, ...]:
    """Two distinct zones of the stack's region (R-RES-5)."""
    if len(set(zones)) != 2:
        raise ValueError(f"zones must name two distinct zones, got {list(zones)}")
    # Zone ids are the region plus a letter: ap-southeast-1a, cn-hangzhou-h.
    strangers = [zone for zone in zones if not re.fullmatch(re.escape(region) + "-?[a-z]", zone)]
    if strangers:
        raise ValueError(f"zones {strangers} are not in region {region!r}")
    return zones


def load_settings(config: pulumi.Config, stack: str, platform: Platform) -> CellSettings:
    """Read the stack config; the cell defaults to the stack's name."""
    cell = platform.cell(config.get("cell") or stack)
    region = resolve_region(cell, config.get("region"))
    audit_days = config.get_int("auditRetentionDays") or 365
    if audit_days < MIN_AUDIT_RETENTION_DAYS:
        raise ValueError(f"auditRetentionDays must be >= {MIN_AUDIT_RETENTION_DAYS} (R-AUD-5)")
    return CellSettings(
        org=platform.org,
        cell=cell,
        region=region,
        zones=check_zones(region, tuple(config.require_object("zones"))),
        vpc_cidr=config.require("vpcCidr"),
        container_image=config.require("containerImage"),
        bucket_suffix=config.get("bucketSuffix") or "",
        audit_retention_days=audit_days,
        compute=_compute(config.require_object("compute")),
        database=_database(config.require_object("database")),
        bus=_bus(config.require_object("bus")),
    )


def _compute(raw: Mapping[str, Any]) -> ComputeSettings:
    return ComputeSettings(
        instance_type=raw["instanceType"],
        image_id=raw["imageId"],
        instance_count=int(raw.get("instanceCount", 2)),
        system_disk_gb=int(raw.get("systemDiskGb", 40)),
    )


def _database(raw: Mapping[str, Any]) -> DatabaseSettings:
    return DatabaseSettings(
        instance_type=raw["instanceType"],
        storage_gb=int(raw.get("storageGb", 50)),
        engine_version=str(raw.get("engineVersion", "16.0")),
        storage_type=raw.get("storageType", "cloud_essd"),
        backup_retention_days=int(raw.get("backupRetentionDays", 7)),
    )


def _bus(raw: Mapping[str, Any]) -> BusSettings:
    mode = raw.get("mode", "managed")
    if mode not in BUS_MODES:
        raise ValueError(f"bus.mode must be one of {BUS_MODES}, got {mode!r}")
    return BusSettings(
        mode=mode,
        instance_type=raw["instanceType"],
        max_tps=int(raw.get("maxTps", 1000)),
        queue_capacity=int(raw.get("queueCapacity", 50)),
    )


@dataclass(frozen=True)
class CellSecrets:
    """Secret stack config; Pulumi keeps these encrypted in state and in outputs."""

    database_password: pulumi.Output[str]
    directory_url: pulumi.Output[str]
    bus_credentials: dict[str, pulumi.Output[str]]


def load_secrets(config: pulumi.Config, bus_mode: str) -> CellSecrets:
    """managed bus: a RAM user's key for the static account; ecs bus: the broker's password."""
    if bus_mode == "managed":
        bus = {
            "access_key": config.require_secret("busAccessKey"),
            "secret_key": config.require_secret("busSecretKey"),
        }
    else:
        bus = {"password": config.require_secret("busPassword")}
    return CellSecrets(
        database_password=config.require_secret("dbPassword"),
        directory_url=config.require_secret("directoryUrl"),
        bus_credentials=bus,
    )
