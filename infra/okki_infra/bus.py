"""Message bus: the cell's RabbitMQ, ApsaraMQ for RabbitMQ or RabbitMQ on ECS, with one vhost."""

from __future__ import annotations

from urllib.parse import quote

import pulumi
from pulumi_alicloud import amqp, ecs

from . import cloud_init
from .network import AMQP_PORT, Network
from .settings import BusSettings, ComputeSettings

ECS_BUS_USER = "okki"

Endpoint = tuple[pulumi.Output[str], pulumi.Output[str], pulumi.Output[str]]  # host, user, password


class MessageBus(pulumi.ComponentResource):
    """A broker inside the VPC; `uri` is the secret connection string the services get."""

    def __init__(
        self,
        name: str,
        *,
        settings: BusSettings,
        compute: ComputeSettings,
        network: Network,
        vhost: str,
        kms_key_id: pulumi.Input[str],
        credentials: dict[str, pulumi.Output[str]],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("okki:infra:MessageBus", name, None, opts)
        if settings.mode == "managed":
            host, user, password = self._managed(name, settings, network, vhost, credentials)
        else:
            host, user, password = self._on_ecs(
                name, settings, compute, network, vhost, kms_key_id, credentials["password"]
            )
        self.host = host
        self.uri = pulumi.Output.secret(
            pulumi.Output.format(
                "amqp://{0}:{1}@{2}:{3}/{4}",
                user,
                password.apply(lambda raw: quote(raw, safe="")),
                host,
                AMQP_PORT,
                vhost,
            )
        )
        self.register_outputs({"host": self.host})

    def _managed(
        self,
        name: str,
        settings: BusSettings,
        network: Network,
        vhost: str,
        credentials: dict[str, pulumi.Output[str]],
    ) -> Endpoint:
        """ApsaraMQ for RabbitMQ with a static account derived from a dedicated RAM user's key."""
        child = pulumi.ResourceOptions(parent=self)
        instance = amqp.Instance(
            name,
            instance_name=name,
            payment_type="Subscription",
            period=1,
            instance_type=settings.instance_type,
            max_tps=str(settings.max_tps),
            queue_capacity=str(settings.queue_capacity),
            support_eip=False,
            vpc_id=network.vpc.id,
            vswitch_ids=[vswitch.id for vswitch in network.vswitches],
            security_group_id=network.bus_group.id,
            opts=child,
        )
        amqp.VirtualHost(name, instance_id=instance.id, virtual_host_name=vhost, opts=child)
        account = amqp.StaticAccount(
            name,
            instance_id=instance.id,
            access_key=credentials["access_key"],
            secret_key=credentials["secret_key"],
            opts=child,
        )
        host = amqp.get_instances_output(
            ids=[instance.id], opts=pulumi.InvokeOutputOptions(parent=self)
        ).instances.apply(lambda found: found[0].private_end_point)
        return host, account.user_name, account.password

    def _on_ecs(
        self,
        name: str,
        settings: BusSettings,
        compute: ComputeSettings,
        network: Network,
        vhost: str,
        kms_key_id: pulumi.Input[str],
        password: pulumi.Output[str],
    ) -> Endpoint:
        """RabbitMQ installed by cloud-init on one private ECS instance with an encrypted disk."""
        instance = ecs.Instance(
            name,
            instance_name=name,
            host_name=name,
            image_id=compute.image_id,
            instance_type=settings.instance_type,
            vswitch_id=network.vswitches[0].id,
            security_groups=[network.bus_group.id],
            internet_max_bandwidth_out=0,
            system_disk_category="cloud_essd",
            system_disk_size=compute.system_disk_gb,
            system_disk_encrypted=True,
            system_disk_kms_key_id=kms_key_id,
            http_tokens="required",
            user_data=cloud_init.encode(
                cloud_init.rabbitmq_host(vhost=vhost, user=ECS_BUS_USER, password=password)
            ),
            opts=pulumi.ResourceOptions(parent=self),
        )
        return instance.private_ip, pulumi.Output.from_input(ECS_BUS_USER), password
