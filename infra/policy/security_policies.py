"""Security baseline policies: no database, bucket or service port of a cell is open to the internet."""

from __future__ import annotations

import ipaddress
from typing import Any, Callable, Iterable

from pulumi_policy import ReportViolation, ResourceValidationArgs, ResourceValidationPolicy

RDS_INSTANCES = frozenset(
    {
        "alicloud:rds/instance:Instance",
        "alicloud:rds/readOnlyInstance:ReadOnlyInstance",
        "alicloud:rds/ddrInstance:DdrInstance",
        "alicloud:rds/rdsCloneDbInstance:RdsCloneDbInstance",
    }
)
RDS_PUBLIC_ENDPOINTS = frozenset(
    {"alicloud:rds/connection:Connection", "alicloud:rds/dbProxyPublic:DbProxyPublic"}
)
RDS_ENDPOINT_ADDRESS = "alicloud:rds/dbInstanceEndpointAddress:DbInstanceEndpointAddress"
BUCKET = "alicloud:oss/bucket:Bucket"
BUCKET_ACL = "alicloud:oss/bucketAcl:BucketAcl"
BUCKET_PUBLIC_ACCESS_BLOCK = "alicloud:oss/bucketPublicAccessBlock:BucketPublicAccessBlock"
BUCKET_ENCRYPTION = "alicloud:oss/bucketServerSideEncryption:BucketServerSideEncryption"
SECURITY_GROUP_RULE = "alicloud:ecs/securityGroupRule:SecurityGroupRule"
KMS_KEY = "alicloud:kms/key:Key"

PRIVATE_RANGES = tuple(
    ipaddress.ip_network(cidr)
    for cidr in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.1/32", "fc00::/7")
)
PUBLIC_CIDRS = frozenset({"0.0.0.0/0", "::/0"})
DATA_PORTS = frozenset({5432, 5671, 5672, 15672})  # PostgreSQL, AMQP (TLS, plain), RabbitMQ admin
PORTLESS_PROTOCOLS = frozenset({"icmp", "gre", "icmpv6"})

Validate = Callable[[ResourceValidationArgs, ReportViolation], None]


def security_policies(service_ports: Iterable[int]) -> list[ResourceValidationPolicy]:
    """The baseline policies; `service_ports` are the gRPC ports platform.toml declares."""
    protected_ports = frozenset(service_ports) | DATA_PORTS
    return [
        _policy("rds-not-public", "RDS has no public endpoint and allows only private addresses.",
                _rds_not_public),
        _policy("oss-bucket-private-and-encrypted",
                "OSS buckets are private, block public access and are KMS-encrypted (R-VLT-2).",
                _bucket_private_and_encrypted),
        _policy("no-public-ingress-to-service-or-data-ports",
                "No security group admits 0.0.0.0/0 or ::/0 to a service or database port.",
                lambda args, report: _no_public_ingress(args, report, protected_ports)),
        _policy("kms-key-rotation", "KMS keys rotate automatically (R-VLT-2).", _kms_rotation),
    ]


def _policy(name: str, description: str, validate: Validate) -> ResourceValidationPolicy:
    return ResourceValidationPolicy(name=name, description=description, validate=validate)


def _rds_not_public(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if args.resource_type in RDS_PUBLIC_ENDPOINTS or (
        args.resource_type == RDS_ENDPOINT_ADDRESS and args.props.get("ipType") == "Public"
    ):
        report(f"'{args.name}' gives an RDS instance a public endpoint", args.urn)
    if args.resource_type in RDS_INSTANCES:
        for entry in _security_ips(args.props.get("securityIps") or []):
            if not _is_private(entry):
                report(f"RDS '{args.name}' allows {entry}, which is not a private address", args.urn)


def _bucket_private_and_encrypted(args: ResourceValidationArgs, report: ReportViolation) -> None:
    props = args.props
    if args.resource_type == BUCKET:
        if props.get("acl", "private") != "private":
            report(f"bucket '{args.name}' has ACL {props['acl']}", args.urn)
        if (props.get("serverSideEncryptionRule") or {}).get("sseAlgorithm") != "KMS":
            report(f"bucket '{args.name}' is not encrypted with a KMS key (R-VLT-2)", args.urn)
    elif args.resource_type == BUCKET_ACL and props.get("acl") != "private":
        report(f"'{args.name}' sets bucket ACL {props.get('acl')}", args.urn)
    elif args.resource_type == BUCKET_PUBLIC_ACCESS_BLOCK and props.get("blockPublicAccess") is not True:
        report(f"'{args.name}' does not block public access", args.urn)
    elif args.resource_type == BUCKET_ENCRYPTION and props.get("sseAlgorithm") != "KMS":
        report(f"'{args.name}' sets encryption {props.get('sseAlgorithm')}, not KMS (R-VLT-2)", args.urn)


def _no_public_ingress(
    args: ResourceValidationArgs, report: ReportViolation, protected_ports: frozenset[int]
) -> None:
    props = args.props
    if args.resource_type != SECURITY_GROUP_RULE or props.get("type") != "ingress":
        return
    if props.get("ipProtocol") in PORTLESS_PROTOCOLS:
        return
    sources = {props.get("cidrIp"), props.get("ipv6CidrIp")} & PUBLIC_CIDRS
    if not sources:
        return
    low, high = _port_range(props.get("portRange", "-1/-1"))
    exposed = sorted(port for port in protected_ports if low <= port <= high)
    if exposed:
        report(f"rule '{args.name}' opens ports {exposed} to {sorted(sources)}", args.urn)


def _kms_rotation(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if args.resource_type == KMS_KEY and args.props.get("automaticRotation") != "Enabled":
        report(f"KMS key '{args.name}' does not rotate automatically (R-VLT-2)", args.urn)


def _security_ips(entries: Any) -> list[str]:
    """securityIps is a list whose items may themselves be comma-separated."""
    items = entries.split(",") if isinstance(entries, str) else entries
    return [part.strip() for item in items for part in str(item).split(",") if part.strip()]


def _is_private(entry: str) -> bool:
    try:
        network = ipaddress.ip_network(entry, strict=False)
    except ValueError:
        return False
    return any(
        network.version == private.version and network.subnet_of(private) for private in PRIVATE_RANGES
    )


def _port_range(text: str) -> tuple[int, int]:
    """"80/443" -> (80, 443); "-1/-1" (every port) -> (0, 65535)."""
    low, high = (int(part) for part in text.split("/"))
    return (0, 65535) if low < 0 else (low, high)
