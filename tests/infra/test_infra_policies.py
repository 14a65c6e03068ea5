"""The policy pack: every policy accepts a compliant resource and rejects the breach it exists for."""

from __future__ import annotations

import runpy

import pulumi_policy
import pytest
from pulumi_policy import (
    EnforcementLevel,
    PolicyCustomTimeouts,
    PolicyProviderResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
)

from cells import load_residencies, load_service_ports
from infra_helpers import REPO, of_type
from residency_policies import residency_policies
from security_policies import security_policies

pytestmark = pytest.mark.infra

POLICIES = {
    policy.name: policy
    for policy in [*residency_policies(load_residencies()), *security_policies(load_service_ports())]
}
CELL_REGION = "stateful-resources-in-cell-region"
MAINLAND = "mainland-cell-stays-in-mainland"
RDS_PRIVATE = "rds-not-public"
OSS_PRIVATE = "oss-bucket-private-and-encrypted"
NO_PUBLIC_INGRESS = "no-public-ingress-to-service-or-data-ports"
KMS_ROTATION = "kms-key-rotation"

BUCKET = "alicloud:oss/bucket:Bucket"
REPLICATION = "alicloud:oss/bucketReplication:BucketReplication"
RDS = "alicloud:rds/instance:Instance"
ENCRYPTED = {"serverSideEncryptionRule": {"sseAlgorithm": "KMS", "kmsMasterKeyId": "key-1"}}


def resource(resource_type: str, props: dict, *, stack: str, region: str, config: dict | None = None):
    """ResourceValidationArgs as the engine builds them: camelCase props, provider with its region."""
    provider = PolicyProviderResource(
        "pulumi:providers:alicloud", {"region": region},
        f"urn:pulumi:{stack}::okki-infra::pulumi:providers:alicloud::okki-{stack}", f"okki-{stack}",
    )
    options = PolicyResourceOptions(False, [], None, [], PolicyCustomTimeouts(0, 0, 0), [])
    return ResourceValidationArgs(
        resource_type, props, f"urn:pulumi:{stack}::okki-infra::{resource_type}::r", "r",
        options, provider, config,
    )


def violations(policy_name: str, args: ResourceValidationArgs) -> list[str]:
    found: list[str] = []
    POLICIES[policy_name].validate(args, lambda message, urn=None: found.append(message))
    return found


# --- Residency, R-RES-5: one test per rule a platform engineer could break on purpose. ---


def test_R_RES_5_bucket_in_ap_southeast_1_in_the_cn_stack_is_rejected():
    """R-RES-5: a cn-stack bucket created through a Singapore provider."""
    bucket = resource(BUCKET, ENCRYPTED, stack="cn", region="ap-southeast-1")
    assert violations(CELL_REGION, bucket)
    assert violations(MAINLAND, bucket)


def test_R_RES_5_bucket_in_the_cells_region_is_accepted():
    """R-RES-5: the same bucket in cn-hangzhou passes both residency policies."""
    bucket = resource(BUCKET, ENCRYPTED, stack="cn", region="cn-hangzhou")
    assert violations(CELL_REGION, bucket) == []
    assert violations(MAINLAND, bucket) == []


def test_R_RES_5_stateful_resource_in_another_mainland_region_is_rejected():
    """R-RES-5: stateful resources sit in the stack's region, not merely in an allowed one."""
    assert violations(CELL_REGION, resource(RDS, {}, stack="cn", region="cn-shanghai"))


def test_R_RES_5_replication_from_the_cn_stack_to_cn_hongkong_is_rejected():
    """R-RES-5, R-RES-3: Hong Kong is outside mainland China."""
    rule = resource(REPLICATION, {"destination": {"bucket": "copy", "location": "oss-cn-hongkong"}},
                    stack="cn", region="cn-hangzhou")
    assert violations(CELL_REGION, rule)
    assert any("cn-hongkong" in message for message in violations(MAINLAND, rule))


def test_R_RES_5_replication_within_mainland_allowed_regions_is_accepted():
    """R-RES-5: a replica in another allowed mainland region does not leave mainland."""
    rule = resource(REPLICATION, {"destination": {"bucket": "copy", "location": "oss-cn-shanghai"}},
                    stack="cn", region="cn-hangzhou")
    assert violations(CELL_REGION, rule) == []
    assert violations(MAINLAND, rule) == []


def test_R_RES_5_replication_from_the_sg_stack_to_another_cell_is_rejected():
    """R-RES-5: the sg cell replicates nowhere but its own region."""
    rule = resource(REPLICATION, {"destination": {"bucket": "copy", "location": "oss-cn-hangzhou"}},
                    stack="sg", region="ap-southeast-1")
    assert violations(CELL_REGION, rule)
    assert violations(MAINLAND, rule) == [], "sg is not a mainland cell"


@pytest.mark.parametrize(
    "resource_type, props",
    [
        ("alicloud:rds/rdsInstanceCrossBackupPolicy:RdsInstanceCrossBackupPolicy",
         {"instanceId": "pgm-1", "crossBackupRegion": "ap-southeast-1"}),
        ("alicloud:rds/ddrInstance:DdrInstance", {"sourceRegion": "cn-hongkong"}),
        ("alicloud:ecs/imageCopy:ImageCopy", {"sourceRegionId": "us-west-1"}),
    ],
)
def test_R_RES_5_backup_and_restore_targets_outside_mainland_are_rejected(resource_type, props):
    """R-RES-5: cross-region backups, DDR restores and copies may not leave the mainland cell."""
    args = resource(resource_type, props, stack="cn", region="cn-hangzhou")
    assert violations(CELL_REGION, args)
    assert violations(MAINLAND, args)


@pytest.mark.parametrize("region", ["cn-hongkong", "ap-southeast-1", "us-east-1", "eu-central-1"])
def test_R_RES_5_any_resource_of_the_mainland_stack_outside_mainland_is_rejected(region):
    """R-RES-5: even a stateless resource (a VPC) of the cn stack stays in mainland China."""
    assert violations(MAINLAND, resource("alicloud:vpc/network:Network", {}, stack="cn", region=region))


def test_R_RES_5_a_provider_of_the_mainland_stack_outside_mainland_is_rejected():
    """R-RES-5: the provider resource itself carries the region."""
    provider = resource("pulumi:providers:alicloud", {"region": "cn-hongkong"}, stack="cn", region="cn-hongkong")
    provider.provider = None
    assert violations(MAINLAND, provider)


def test_R_RES_5_resource_without_a_known_region_is_rejected():
    """R-RES-5: a resource whose provider region cannot be established is refused."""
    bucket = resource(BUCKET, ENCRYPTED, stack="cn", region="cn-hangzhou")
    bucket.provider = None
    assert violations(CELL_REGION, bucket)
    assert violations(MAINLAND, bucket)


def test_R_RES_5_policy_config_region_must_be_allowed_for_the_cell():
    """R-RES-5: the policy config may move the stack region only within platform.toml's list."""
    assert violations(CELL_REGION, resource(BUCKET, ENCRYPTED, stack="cn", region="cn-hongkong",
                                            config={"region": "cn-hongkong"}))
    assert violations(CELL_REGION, resource(BUCKET, ENCRYPTED, stack="cn", region="cn-shanghai",
                                            config={"region": "cn-shanghai"})) == []


def test_R_RES_5_policy_config_names_the_cell_of_a_differently_named_stack():
    """R-RES-5: a stack "cn-staging" is checked as cell cn when the policy config says so."""
    args = resource(BUCKET, ENCRYPTED, stack="cn-staging", region="ap-southeast-1", config={"cell": "cn"})
    assert violations(MAINLAND, args)


def test_R_RES_5_stack_of_an_undeclared_cell_is_rejected():
    """R-RES-5: a stack that is no cell of platform.toml cannot prove where its data lives."""
    assert violations(CELL_REGION, resource(BUCKET, ENCRYPTED, stack="eu", region="eu-central-1"))


def test_R_RES_5_non_alicloud_resources_are_not_judged():
    assert violations(CELL_REGION, resource("okki:infra:Network", {}, stack="cn", region="us-east-1")) == []


# --- Security baseline. ---


@pytest.mark.parametrize(
    "resource_type, props",
    [
        (RDS, {"securityIps": ["0.0.0.0/0"]}),
        (RDS, {"securityIps": ["10.20.0.0/16", "203.0.113.7"]}),
        (RDS, {"securityIps": ["10.20.0.0/16,0.0.0.0/0"]}),
        ("alicloud:rds/connection:Connection", {"instanceId": "pgm-1"}),
        ("alicloud:rds/dbInstanceEndpointAddress:DbInstanceEndpointAddress", {"ipType": "Public"}),
    ],
)
def test_R_RES_5_public_rds_is_rejected(resource_type, props):
    """R-RES-5 (with the security baseline): a cell's database is never reachable from the internet."""
    assert violations(RDS_PRIVATE, resource(resource_type, props, stack="cn", region="cn-hangzhou"))


def test_rds_reachable_only_from_the_vpc_is_accepted():
    rds = resource(RDS, {"securityIps": ["10.20.0.0/16"]}, stack="cn", region="cn-hangzhou")
    assert violations(RDS_PRIVATE, rds) == []


@pytest.mark.parametrize(
    "resource_type, props",
    [
        (BUCKET, {"acl": "public-read", **ENCRYPTED}),
        (BUCKET, {}),
        (BUCKET, {"serverSideEncryptionRule": {"sseAlgorithm": "AES256"}}),
        ("alicloud:oss/bucketAcl:BucketAcl", {"bucket": "b", "acl": "public-read-write"}),
        ("alicloud:oss/bucketPublicAccessBlock:BucketPublicAccessBlock", {"bucket": "b", "blockPublicAccess": False}),
        ("alicloud:oss/bucketServerSideEncryption:BucketServerSideEncryption", {"bucket": "b", "sseAlgorithm": "AES256"}),
    ],
)
def test_public_or_unencrypted_bucket_is_rejected_R_VLT_2(resource_type, props):
    assert violations(OSS_PRIVATE, resource(resource_type, props, stack="sg", region="ap-southeast-1"))


@pytest.mark.parametrize(
    "resource_type, props",
    [
        (BUCKET, ENCRYPTED),
        ("alicloud:oss/bucketAcl:BucketAcl", {"bucket": "b", "acl": "private"}),
        ("alicloud:oss/bucketPublicAccessBlock:BucketPublicAccessBlock", {"bucket": "b", "blockPublicAccess": True}),
    ],
)
def test_private_encrypted_bucket_is_accepted(resource_type, props):
    assert violations(OSS_PRIVATE, resource(resource_type, props, stack="sg", region="ap-southeast-1")) == []


def rule(cidr: str, port_range: str, protocol: str = "tcp") -> dict:
    return {"type": "ingress", "ipProtocol": protocol, "cidrIp": cidr, "portRange": port_range}


@pytest.mark.parametrize(
    "props",
    [
        rule("0.0.0.0/0", "50101/50101"),
        rule("0.0.0.0/0", "50200/50210"),
        rule("0.0.0.0/0", "5432/5432"),
        rule("0.0.0.0/0", "-1/-1", "all"),
        {"type": "ingress", "ipProtocol": "tcp", "ipv6CidrIp": "::/0", "portRange": "5672/5672"},
    ],
)
def test_public_ingress_to_a_service_or_data_port_is_rejected(props):
    args = resource("alicloud:ecs/securityGroupRule:SecurityGroupRule", props, stack="sg", region="ap-southeast-1")
    assert violations(NO_PUBLIC_INGRESS, args)


@pytest.mark.parametrize(
    "props",
    [rule("10.10.0.0/16", "50101/50101"), rule("0.0.0.0/0", "443/443"), rule("0.0.0.0/0", "-1/-1", "icmp"),
     {"type": "egress", "ipProtocol": "tcp", "cidrIp": "0.0.0.0/0", "portRange": "5432/5432"}],
)
def test_vpc_ingress_public_https_and_egress_are_accepted(props):
    args = resource("alicloud:ecs/securityGroupRule:SecurityGroupRule", props, stack="sg", region="ap-southeast-1")
    assert violations(NO_PUBLIC_INGRESS, args) == []


@pytest.mark.parametrize("props, rejected", [({"automaticRotation": "Disabled"}, True), ({}, True),
                                             ({"automaticRotation": "Enabled"}, False)])
def test_kms_key_without_rotation_is_rejected_R_VLT_2(props, rejected):
    args = resource("alicloud:kms/key:Key", props, stack="cn", region="cn-hangzhou")
    assert bool(violations(KMS_ROTATION, args)) is rejected


# --- The pack as a whole. ---


def test_pack_entry_point_builds_one_mandatory_pack_of_every_policy(monkeypatch):
    """The entry point constructs the PolicyPack (which would block serving gRPC): capture it instead."""
    built = {}
    monkeypatch.setattr(pulumi_policy, "PolicyPack", lambda **kwargs: built.update(kwargs))
    runpy.run_path(str(REPO / "infra" / "policy" / "__main__.py"), run_name="__main__")
    assert built["enforcement_level"] == EnforcementLevel.MANDATORY
    assert [policy.name for policy in built["policies"]] == list(POLICIES)


@pytest.mark.parametrize("cell", sorted(load_residencies()))
def test_R_RES_5_the_pack_accepts_every_resource_of_the_real_stacks(snapshots, cell):
    """R-RES-5: the program and the pack agree: the mocked stacks raise no violation."""
    for recorded in snapshots[cell]["resources"]:
        args = resource(recorded["type"], recorded["inputs"], stack=cell, region=recorded["region"])
        if recorded["type"] == "pulumi:providers:alicloud":
            args.provider = None
        for name in POLICIES:
            assert violations(name, args) == [], f"{name} rejects {recorded['type']} {recorded['name']}"
    assert of_type(snapshots[cell], BUCKET)


def test_R_RES_5_hong_kong_is_refused_even_if_platform_toml_allowed_it_by_mistake():
    """R-RES-5, R-RES-3: the mainland check does not trust allowed_regions alone."""
    residencies = load_residencies()
    cn = residencies["cn"]
    careless = {**residencies, "cn": type(cn)(cn.cell, cn.region, True, cn.allowed_regions | {"cn-hongkong"})}
    (_, mainland) = residency_policies(careless)
    found: list[str] = []
    args = resource("alicloud:vpc/network:Network", {}, stack="cn", region="cn-hongkong")
    mainland.validate(args, lambda message, urn=None: found.append(message))
    assert found
