"""Network: a VPC, one vSwitch per zone, security groups that admit traffic from inside the VPC only."""

from __future__ import annotations

import ipaddress
from typing import Mapping, Sequence

import pulumi
from pulumi_alicloud import ecs, vpc

POSTGRES_PORT = 5432
AMQP_PORT = 5672
VSWITCH_PREFIX = 24


class Network(pulumi.ComponentResource):
    """The cell's private network; nothing in it is reachable from the internet."""

    def __init__(
        self,
        name: str,
        *,
        cidr: str,
        zones: Sequence[str],
        service_ports: Mapping[str, int],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("okki:infra:Network", name, None, opts)
        self.cidr = cidr
        self.vpc = vpc.Network(
            name, vpc_name=name, cidr_block=cidr, opts=pulumi.ResourceOptions(parent=self)
        )
        subnets = ipaddress.ip_network(cidr).subnets(new_prefix=VSWITCH_PREFIX)
        self.vswitches = [
            vpc.Switch(
                f"{name}-{zone}",
                vswitch_name=f"{name}-{zone}",
                vpc_id=self.vpc.id,
                zone_id=zone,
                cidr_block=str(subnet),
                opts=pulumi.ResourceOptions(parent=self),
            )
            for zone, subnet in zip(zones, subnets)
        ]
        self.app_group = self._group(f"{name}-app", service_ports)
        self.database_group = self._group(f"{name}-db", {"postgresql": POSTGRES_PORT})
        self.bus_group = self._group(f"{name}-bus", {"amqp": AMQP_PORT})
        self.register_outputs(
            {
                "vpcId": self.vpc.id,
                "vswitchIds": [vswitch.id for vswitch in self.vswitches],
                "appSecurityGroupId": self.app_group.id,
            }
        )

    def _group(self, name: str, ports: Mapping[str, int]) -> ecs.SecurityGroup:
        """A security group opening each port to the VPC CIDR only, never to 0.0.0.0/0."""
        group = ecs.SecurityGroup(
            name,
            security_group_name=name,
            vpc_id=self.vpc.id,
            inner_access_policy="Drop",
            opts=pulumi.ResourceOptions(parent=self),
        )
        for label, port in ports.items():
            ecs.SecurityGroupRule(
                f"{name}-{label}",
                security_group_id=group.id,
                type="ingress",
                ip_protocol="tcp",
                nic_type="intranet",
                policy="accept",
                port_range=f"{port}/{port}",
                cidr_ip=self.cidr,
                description=f"{label} from inside the VPC",
                opts=pulumi.ResourceOptions(parent=self),
            )
        return group
