"""One cell: the provider pinned to the cell's region and every component built through it."""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_alicloud as alicloud

from .bus import MessageBus
from .compute import Compute
from .database import Database
from .keys import Keys
from .network import Network
from .settings import CellSecrets, CellSettings
from .storage import ObjectStorage
from .topology import Service


def cell_provider(settings: CellSettings) -> alicloud.Provider:
    """The only provider of the stack (default providers are disabled in the stack files).

    R-RES-5: every resource inherits this provider, so every resource is in the cell's region.
    Credentials come from ALICLOUD_ACCESS_KEY / ALICLOUD_SECRET_KEY or from the secret config
    alicloud:accessKey / alicloud:secretKey.
    """
    credentials = pulumi.Config("alicloud")
    return alicloud.Provider(
        f"{settings.org}-{settings.cell.name}",
        region=settings.region,
        access_key=credentials.get_secret("accessKey"),
        secret_key=credentials.get_secret("secretKey"),
    )


def build_cell(
    settings: CellSettings, services: tuple[Service, ...], secrets: CellSecrets
) -> dict[str, Any]:
    """Create the cell and return the stack outputs the deployment needs."""
    name = f"{settings.org}-{settings.cell.name}"
    opts = pulumi.ResourceOptions(provider=cell_provider(settings))
    ports = {service.name: settings.cell.grpc_port(service) for service in services}

    network = Network(name, cidr=settings.vpc_cidr, zones=settings.zones, service_ports=ports, opts=opts)
    keys = Keys(name, opts=opts)
    storage = ObjectStorage(
        name,
        kms_key_id=keys.storage.id,
        audit_retention_days=settings.audit_retention_days,
        suffix=settings.bucket_suffix,
        opts=opts,
    )
    database = Database(
        name,
        settings=settings.database,
        network=network,
        zones=settings.zones,
        org=settings.org,
        cell=settings.cell.name,
        services=list(ports),
        kms_key_id=keys.storage.id,
        password=secrets.database_password,
        opts=opts,
    )
    bus = MessageBus(
        name,
        settings=settings.bus,
        compute=settings.compute,
        network=network,
        vhost=name,
        kms_key_id=keys.storage.id,
        credentials=secrets.bus_credentials,
        opts=opts,
    )
    compute = Compute(
        name,
        settings=settings.compute,
        network=network,
        cell=settings.cell.name,
        image=settings.container_image,
        ports=ports,
        secrets={
            service: {
                "OKKI_DATABASE_URL": database.urls[service],
                "OKKI_AMQP_URI": bus.uri,
                "OKKI_DIRECTORY_URL": secrets.directory_url,
            }
            for service in ports
        },
        kms_key_id=keys.storage.id,
        opts=opts,
    )
    return {
        "cell": settings.cell.name,
        "region": settings.region,
        "vpcId": network.vpc.id,
        "hostPrivateIps": compute.private_ips,
        "grpcPorts": ports,
        "databaseHost": database.host,
        "databasePort": database.port,
        "databaseUrls": pulumi.Output.secret(database.urls),
        "amqpHost": bus.host,
        "amqpUri": bus.uri,
        "exportsBucket": storage.exports.bucket,
        "auditBucket": storage.audit.bucket,
        "ossEndpoint": f"oss-{settings.region}-internal.aliyuncs.com",
        "storageKeyId": keys.storage.id,
        "vaultKeyId": keys.vault.id,
    }
