"""Residency policies (R-RES-5): a cell's state stays in its region, a mainland cell's in mainland China."""

from __future__ import annotations

from typing import Any, Callable, Iterator, Mapping

from pulumi_policy import ReportViolation, ResourceValidationArgs, ResourceValidationPolicy

from cells import (
    ALICLOUD_PROVIDER,
    CONFIG_SCHEMA,
    Residency,
    is_mainland_region,
    residency_of,
    resource_region,
)

BUCKET_REPLICATION = "alicloud:oss/bucketReplication:BucketReplication"
STATEFUL_TYPES = frozenset(
    {
        "alicloud:rds/instance:Instance",
        "alicloud:rds/readOnlyInstance:ReadOnlyInstance",
        "alicloud:rds/ddrInstance:DdrInstance",
        "alicloud:rds/rdsCloneDbInstance:RdsCloneDbInstance",
        "alicloud:rds/rdsBackup:RdsBackup",
        "alicloud:oss/bucket:Bucket",
        "alicloud:ecs/instance:Instance",
        "alicloud:ecs/disk:Disk",
        "alicloud:ecs/ecsDisk:EcsDisk",
        "alicloud:ecs/snapshot:Snapshot",
        "alicloud:ecs/ecsSnapshot:EcsSnapshot",
        "alicloud:ecs/image:Image",
        "alicloud:ecs/imageCopy:ImageCopy",
        "alicloud:ecs/copyImage:CopyImage",
        "alicloud:kms/key:Key",
        "alicloud:kms/secret:Secret",
        "alicloud:amqp/instance:Instance",
    }
)

Check = Callable[[ResourceValidationArgs, Residency, ReportViolation], None]


def residency_policies(residencies: Mapping[str, Residency]) -> list[ResourceValidationPolicy]:
    """The residency policies of the pack, bound to the cells platform.toml declares."""
    return [
        _policy(
            "stateful-resources-in-cell-region",
            "R-RES-5: stateful resources are in the stack's region; replication and backup "
            "targets are in the cell's allowed regions.",
            _check_cell_region,
            residencies,
        ),
        _policy(
            "mainland-cell-stays-in-mainland",
            "R-RES-5, R-RES-3: in a mainland cell no resource, replication rule or backup target "
            "is outside mainland China (Hong Kong included).",
            _check_mainland,
            residencies,
        ),
    ]


def target_regions(resource_type: str, props: Mapping[str, Any]) -> list[str]:
    """Regions a resource moves data to or from.

    Replication destinations, backup and restore targets: any property named like *region*, and
    the location of an OSS replication rule's destination.
    """
    regions = [value for key, value in _scalars(props) if "region" in key.lower() and isinstance(value, str)]
    if resource_type == BUCKET_REPLICATION:
        location = (props.get("destination") or {}).get("location")
        if location:
            regions.append(location.removeprefix("oss-"))
    return regions


def _policy(
    name: str, description: str, check: Check, residencies: Mapping[str, Residency]
) -> ResourceValidationPolicy:
    def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
        if not (args.resource_type.startswith("alicloud:") or args.resource_type == ALICLOUD_PROVIDER):
            return
        try:
            residency = residency_of(args, residencies)
        except ValueError as error:
            report_violation(f"R-RES-5: {error}", args.urn)
            return
        check(args, residency, report_violation)

    return ResourceValidationPolicy(
        name=name, description=description, validate=validate, config_schema=CONFIG_SCHEMA
    )


def _check_cell_region(args: ResourceValidationArgs, residency: Residency, report: ReportViolation) -> None:
    # R-RES-5: the resource itself is in the stack's region...
    if args.resource_type in STATEFUL_TYPES:
        region = resource_region(args)
        if region != residency.region:
            report(
                f"R-RES-5: {args.resource_type} '{args.name}' is in {region or 'an unknown region'}; "
                f"cell {residency.cell} keeps its state in {residency.region}",
                args.urn,
            )
    # ...and whatever it replicates or backs up to stays among the cell's regions.
    for target in target_regions(args.resource_type, args.props):
        if target not in residency.allowed_regions:
            report(
                f"R-RES-5: '{args.name}' moves data to {target}; cell {residency.cell} allows "
                f"only {sorted(residency.allowed_regions)}",
                args.urn,
            )


def _check_mainland(args: ResourceValidationArgs, residency: Residency, report: ReportViolation) -> None:
    if not residency.mainland:
        return
    # R-RES-5, R-RES-3: every region a mainland resource touches is a mainland region.
    for region in [resource_region(args), *target_regions(args.resource_type, args.props)]:
        if region is None or not is_mainland_region(region) or region not in residency.allowed_regions:
            report(
                f"R-RES-5: '{args.name}' of mainland cell {residency.cell} touches region "
                f"{region or 'unknown'}, outside mainland China or its allowed regions",
                args.urn,
            )


def _scalars(value: Any, key: str = "") -> Iterator[tuple[str, Any]]:
    """(key, value) of every scalar in nested props."""
    if isinstance(value, Mapping):
        for child_key, child in value.items():
            yield from _scalars(child, child_key)
    elif isinstance(value, (list, tuple)):
        for child in value:
            yield from _scalars(child, key)
    else:
        yield key, value
