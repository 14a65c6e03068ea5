"""Compute: private ECS instances, each running every service of the cell from one image."""

from __future__ import annotations

from typing import Mapping

import pulumi
from pulumi_alicloud import ecs

from . import cloud_init
from .network import Network
from .settings import ComputeSettings


class Compute(pulumi.ComponentResource):
    """`instance_count` hosts spread over the cell's zones; the first one runs the migrations."""

    def __init__(
        self,
        name: str,
        *,
        settings: ComputeSettings,
        network: Network,
        cell: str,
        image: str,
        ports: Mapping[str, int],
        secrets: Mapping[str, Mapping[str, pulumi.Output[str]]],
        kms_key_id: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("okki:infra:Compute", name, None, opts)
        self.instances = [
            ecs.Instance(
                f"{name}-{index}",
                instance_name=f"{name}-{index}",
                host_name=f"{name}-{index}",
                image_id=settings.image_id,
                instance_type=settings.instance_type,
                vswitch_id=network.vswitches[index % len(network.vswitches)].id,
                security_groups=[network.app_group.id],
                # No public IP: no internet bandwidth, no EIP. Images come from the
                # registry's VPC endpoint in the same region.
                internet_max_bandwidth_out=0,
                system_disk_category="cloud_essd",
                system_disk_size=settings.system_disk_gb,
                system_disk_encrypted=True,
                system_disk_kms_key_id=kms_key_id,  # R-RES-5: the cell's own key.
                http_tokens="required",
                user_data=cloud_init.encode(
                    cloud_init.service_host(
                        cell=cell,
                        image=image,
                        ports=ports,
                        secrets=secrets,
                        run_migrations=index == 0,
                    )
                ),
                opts=pulumi.ResourceOptions(parent=self),
            )
            for index in range(settings.instance_count)
        ]
        self.private_ips = [instance.private_ip for instance in self.instances]
        self.register_outputs({"privateIps": self.private_ips})
