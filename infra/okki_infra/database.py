"""Database: the cell's ApsaraDB RDS for PostgreSQL, private, backed up in its own region."""

from __future__ import annotations

from typing import Sequence
from urllib.parse import quote

import pulumi
from pulumi_alicloud import rds

from .network import Network
from .settings import DatabaseSettings

ACCOUNT_NAME = "okki"
BACKUP_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def database_name(org: str, cell: str, service: str) -> str:
    """Each service owns one database in its cell's instance; named as `make run` names it."""
    return f"{org}_{cell}_{service}"


class Database(pulumi.ComponentResource):
    """One HA instance across the cell's two zones; reachable only from the VPC."""

    def __init__(
        self,
        name: str,
        *,
        settings: DatabaseSettings,
        network: Network,
        zones: Sequence[str],
        org: str,
        cell: str,
        services: Sequence[str],
        kms_key_id: pulumi.Input[str],
        password: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("okki:infra:Database", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        # Not public: no rds.Connection (public endpoint) is ever created, and only the VPC
        # CIDR is on the allow-list.
        self.instance = rds.Instance(
            name,
            instance_name=name,
            engine="PostgreSQL",
            engine_version=settings.engine_version,
            instance_type=settings.instance_type,
            instance_storage=settings.storage_gb,
            db_instance_storage_type=settings.storage_type,
            category="HighAvailability",
            instance_charge_type="Postpaid",
            zone_id=zones[0],
            zone_id_slave_a=zones[1],
            vswitch_id=pulumi.Output.all(*[v.id for v in network.vswitches]).apply(",".join),
            security_ips=[network.cidr],
            security_group_ids=[network.database_group.id],
            encryption_key=kms_key_id,
            deletion_protection=True,
            opts=child,
        )
        # R-RES-5: backups stay with the instance; no cross-region backup policy, no replica elsewhere.
        rds.BackupPolicy(
            name,
            instance_id=self.instance.id,
            backup_retention_period=settings.backup_retention_days,
            preferred_backup_periods=BACKUP_DAYS,
            preferred_backup_time="18:00Z-19:00Z",  # 02:00 local time in both cells (UTC+8)
            enable_backup_log=True,
            log_backup_retention_period=settings.backup_retention_days,
            opts=child,
        )
        account = rds.RdsAccount(
            name,
            db_instance_id=self.instance.id,
            account_name=ACCOUNT_NAME,
            account_password=password,
            account_type="Normal",
            opts=child,
        )
        databases = [
            rds.Database(
                f"{name}-{service}",
                instance_id=self.instance.id,
                data_base_name=database_name(org, cell, service),
                character_set="UTF8",
                opts=child,
            )
            for service in services
        ]
        rds.AccountPrivilege(
            name,
            instance_id=self.instance.id,
            account_name=account.account_name,
            privilege="DBOwner",
            db_names=[database.data_base_name for database in databases],
            opts=child,
        )
        self.host = self.instance.connection_string
        self.port = self.instance.port
        self.urls = {
            service: pulumi.Output.secret(
                pulumi.Output.format(
                    "postgresql+psycopg://{0}:{1}@{2}:{3}/{4}",
                    ACCOUNT_NAME,
                    pulumi.Output.from_input(password).apply(lambda raw: quote(raw, safe="")),
                    self.host,
                    self.port,
                    database_name(org, cell, service),
                )
            )
            for service in services
        }
        self.register_outputs({"host": self.host, "port": self.port})
