"""The Pulumi program of every cell, run under mocks: residency, privacy and outputs of each stack."""

from __future__ import annotations

import ipaddress

import pytest
import yaml

from cells import is_mainland_region
from infra_helpers import REPO, by_bucket, cloud_config, of_type, written_files
from okki_infra.settings import MIN_AUDIT_RETENTION_DAYS
from okki_infra.storage import EXPORT_RETENTION_DAYS
from okki_infra.topology import load_platform

pytestmark = pytest.mark.infra

PLATFORM = load_platform()
CELLS = sorted(PLATFORM.cells)
MAINLAND_RUNS = [cell for cell in CELLS if PLATFORM.cells[cell].mainland] + ["cn-ecs-bus"]
STATEFUL_PREFIXES = ("alicloud:rds/", "alicloud:oss/", "alicloud:kms/", "alicloud:amqp/", "alicloud:ecs/")
CROSS_REGION_TYPES = {
    "alicloud:rds/rdsInstanceCrossBackupPolicy:RdsInstanceCrossBackupPolicy",
    "alicloud:rds/readOnlyInstance:ReadOnlyInstance",
    "alicloud:rds/ddrInstance:DdrInstance",
    "alicloud:oss/bucketReplication:BucketReplication",
}
EXPECTED_OUTPUTS = {
    "cell", "region", "vpcId", "hostPrivateIps", "grpcPorts", "databaseHost", "databasePort",
    "databaseUrls", "amqpHost", "amqpUri", "exportsBucket", "auditBucket", "ossEndpoint",
    "storageKeyId", "vaultKeyId",
}
SECRET_OUTPUTS = {"databaseUrls", "amqpUri"}


def stack_config(cell: str) -> dict:
    return yaml.safe_load((REPO / "infra" / f"Pulumi.{cell}.yaml").read_text())["config"]


def alicloud_resources(snapshot: dict) -> list[dict]:
    return [r for r in snapshot["resources"] if r["type"].startswith("alicloud:")]


@pytest.mark.parametrize("cell", CELLS)
def test_every_resource_is_in_the_cells_region_R_RES_5(snapshots, platform, cell):
    """R-RES-5: each resource goes through the cell's provider, pinned to platform.toml's region."""
    region = platform.cell(cell).region
    providers = of_type(snapshots[cell], "pulumi:providers:alicloud")
    assert [provider["inputs"]["region"] for provider in providers] == [region]
    assert alicloud_resources(snapshots[cell])
    for resource in alicloud_resources(snapshots[cell]):
        assert resource["region"] == region, f"{resource['type']} {resource['name']}"
    for call in snapshots[cell]["calls"]:
        assert call["region"] == region, call["token"]


@pytest.mark.parametrize("cell", CELLS)
def test_stateful_resources_exist_and_are_in_the_cells_region_R_RES_5(snapshots, platform, cell):
    """R-RES-5: RDS, buckets, keys, broker and hosts all exist, and in the cell's region."""
    stateful = [r for r in alicloud_resources(snapshots[cell]) if r["type"].startswith(STATEFUL_PREFIXES)]
    types = {resource["type"] for resource in stateful}
    assert {
        "alicloud:rds/instance:Instance", "alicloud:oss/bucket:Bucket", "alicloud:kms/key:Key",
        "alicloud:amqp/instance:Instance", "alicloud:ecs/instance:Instance",
    } <= types
    assert {resource["region"] for resource in stateful} == {platform.cell(cell).region}


@pytest.mark.parametrize("cell", CELLS)
def test_no_cross_region_backup_replica_or_replication_R_RES_5(snapshots, cell):
    """R-RES-5: no cross-region backup policy, read replica, DDR restore or bucket replication."""
    types = {resource["type"] for resource in snapshots[cell]["resources"]}
    assert not types & CROSS_REGION_TYPES


@pytest.mark.parametrize("run", MAINLAND_RUNS)
def test_mainland_stack_touches_no_region_outside_mainland_R_RES_5(snapshots, platform, run):
    """R-RES-5: nothing of a mainland cell, not even a region-valued input, is outside mainland."""
    cell = platform.cell(snapshots[run]["outputs"]["cell"]["value"])
    assert cell.mainland
    for resource in alicloud_resources(snapshots[run]):
        assert is_mainland_region(resource["region"]) and resource["region"] in cell.allowed_regions
        for name, value in resource["inputs"].items():
            if "region" in name.lower():
                assert is_mainland_region(value), f"{resource['name']}.{name} = {value}"


def test_jurisdictions_map_to_stacks_in_their_home_region_R_RES_1_R_RES_5(snapshots, platform):
    """R-RES-1: intl lives in ap-southeast-1, prc in a mainland region; each home cell has a stack."""
    assert platform.cell(platform.home_cells["intl"]).region == "ap-southeast-1"
    prc = platform.cell(platform.home_cells["prc"])
    assert prc.mainland and is_mainland_region(prc.region)
    for cell_name in platform.home_cells.values():
        snapshot = snapshots[cell_name]
        assert snapshot["outputs"]["region"]["value"] == platform.cell(cell_name).region
        assert {r["region"] for r in alicloud_resources(snapshot)} == {platform.cell(cell_name).region}


def test_every_cell_has_exactly_one_stack_file_R_RES_1(platform):
    """R-RES-1: the stacks are the cells of platform.toml, no more, no fewer."""
    stack_files = {path.name.split(".")[1] for path in (REPO / "infra").glob("Pulumi.*.yaml")}
    assert stack_files == set(platform.cells)
    for cell in platform.cells:
        assert "okki-infra:region" not in stack_config(cell), "the region is declared in platform.toml"
        assert stack_config(cell)["pulumi:disable-default-providers"] == ["*"]


@pytest.mark.parametrize("cell", CELLS)
def test_rds_is_private_and_backed_up_in_region(snapshots, cell):
    vpc_cidr = stack_config(cell)["okki-infra:vpcCidr"]
    (instance,) = of_type(snapshots[cell], "alicloud:rds/instance:Instance")
    assert instance["inputs"]["engine"] == "PostgreSQL"
    assert instance["inputs"]["securityIps"] == [vpc_cidr]
    assert instance["inputs"]["vswitchId"]
    assert instance["inputs"]["encryptionKey"] == f"okki-{cell}-storage-id"
    assert not of_type(snapshots[cell], "alicloud:rds/connection:Connection")
    (backup,) = of_type(snapshots[cell], "alicloud:rds/backupPolicy:BackupPolicy")
    assert backup["region"] == instance["region"]


@pytest.mark.parametrize("cell", CELLS)
def test_rds_has_one_database_per_service(snapshots, platform, cell):
    names = {r["inputs"]["dataBaseName"] for r in of_type(snapshots[cell], "alicloud:rds/database:Database")}
    assert names == {f"{platform.org}_{cell}_{service.name}" for service in platform.services}
    (account,) = of_type(snapshots[cell], "alicloud:rds/rdsAccount:RdsAccount")
    assert account["secretInputs"] == ["accountPassword"]


@pytest.mark.parametrize("cell", CELLS)
def test_buckets_are_private_encrypted_and_blocked_from_public_access(snapshots, cell):
    buckets = by_bucket(snapshots[cell], "alicloud:oss/bucket:Bucket")
    acls = by_bucket(snapshots[cell], "alicloud:oss/bucketAcl:BucketAcl")
    blocks = by_bucket(snapshots[cell], "alicloud:oss/bucketPublicAccessBlock:BucketPublicAccessBlock")
    assert set(buckets) == {f"okki-{cell}-exports", f"okki-{cell}-audit"}
    for name, bucket in buckets.items():
        assert "acl" not in bucket["inputs"], "the deprecated acl argument is not used"
        assert acls[name]["inputs"]["acl"] == "private"
        assert blocks[name]["inputs"]["blockPublicAccess"] is True
        assert bucket["inputs"]["serverSideEncryptionRule"] == {
            "sseAlgorithm": "KMS", "kmsMasterKeyId": f"okki-{cell}-storage-id",
        }


@pytest.mark.parametrize("cell", CELLS)
def test_exports_are_versioned_and_expire_after_the_export_window(snapshots, cell):
    exports = by_bucket(snapshots[cell], "alicloud:oss/bucket:Bucket")[f"okki-{cell}-exports"]["inputs"]
    assert exports["versioning"] == {"status": "Enabled"}
    (rule,) = exports["lifecycleRules"]
    assert rule["enabled"] is True and rule["prefix"] == ""
    assert rule["expirations"] == [{"days": EXPORT_RETENTION_DAYS}] and EXPORT_RETENTION_DAYS == 30
    assert rule["noncurrentVersionExpirations"]


@pytest.mark.parametrize("cell", CELLS)
def test_audit_checkpoints_are_worm_locked_for_at_least_six_months(snapshots, cell):
    (worm,) = of_type(snapshots[cell], "alicloud:oss/bucketWorm:BucketWorm")
    assert worm["inputs"]["bucket"] == f"okki-{cell}-audit"
    assert worm["inputs"]["status"] == "Locked"
    assert worm["inputs"]["retentionPeriodInDays"] >= MIN_AUDIT_RETENTION_DAYS


@pytest.mark.parametrize("cell", CELLS)
def test_security_groups_admit_only_the_vpc_to_declared_ports(snapshots, platform, cell):
    vpc_cidr = stack_config(cell)["okki-infra:vpcCidr"]
    rules = of_type(snapshots[cell], "alicloud:ecs/securityGroupRule:SecurityGroupRule")
    for rule in rules:
        assert rule["inputs"]["type"] == "ingress"
        assert rule["inputs"]["cidrIp"] == vpc_cidr
        assert "ipv6CidrIp" not in rule["inputs"]
    service_ports = {platform.cell(cell).grpc_port(service) for service in platform.services}
    expected = {f"{port}/{port}" for port in service_ports | {5432, 5672}}
    assert {rule["inputs"]["portRange"] for rule in rules} == expected


@pytest.mark.parametrize("cell", CELLS)
def test_vswitches_are_in_two_zones_of_the_region_inside_the_vpc(snapshots, platform, cell):
    switches = of_type(snapshots[cell], "alicloud:vpc/switch:Switch")
    vpc = ipaddress.ip_network(stack_config(cell)["okki-infra:vpcCidr"])
    assert len({s["inputs"]["zoneId"] for s in switches}) == 2
    for switch in switches:
        assert switch["inputs"]["zoneId"].startswith(platform.cell(cell).region)
        assert ipaddress.ip_network(switch["inputs"]["cidrBlock"]).subnet_of(vpc)


@pytest.mark.parametrize("cell", CELLS)
def test_kms_keys_rotate_automatically(snapshots, cell):
    keys = of_type(snapshots[cell], "alicloud:kms/key:Key")
    assert {key["name"] for key in keys} == {f"okki-{cell}-storage", f"okki-{cell}-vault"}
    assert all(key["inputs"]["automaticRotation"] == "Enabled" for key in keys)


@pytest.mark.parametrize("cell", CELLS)
def test_hosts_are_private_encrypted_and_start_every_service(snapshots, platform, cell):
    # Mocks register resources in no guaranteed order: the first host is the one named "-0".
    hosts = sorted(of_type(snapshots[cell], "alicloud:ecs/instance:Instance"),
                   key=lambda host: int(host["name"].rsplit("-", 1)[1]))
    assert len(hosts) == stack_config(cell)["okki-infra:compute"]["instanceCount"]
    for index, host in enumerate(hosts):
        inputs = host["inputs"]
        assert inputs["internetMaxBandwidthOut"] == 0 and "allocatePublicIp" not in inputs
        assert inputs["systemDiskEncrypted"] is True
        assert inputs["systemDiskKmsKeyId"] == f"okki-{cell}-storage-id"
        assert host["secretInputs"] == ["userData"]
        config = cloud_config(host)
        *_, enable = config["runcmd"]
        expected = {f"okki-{kind}@{s.name}.service" for s in platform.services for kind in ("grpc", "bus")}
        assert enable[:3] == ["systemctl", "enable", "--now"] and set(enable[3:]) == expected
        migrations = [command[2] for command in config["runcmd"] if command[:2] == ["systemctl", "start"]]
        expected_migrations = [f"okki-migrate@{s.name}.service" for s in platform.services] if index == 0 else []
        assert migrations == expected_migrations, "the first host migrates, one service at a time"
        files = written_files(config)
        assert f"OKKI_CELL={cell}\n" in files["/etc/okki/cell.env"]["content"]
        for service in platform.services:
            secret_dir = f"/etc/okki/secrets/{service.name}"
            secret = files[f"{secret_dir}/OKKI_DATABASE_URL"]
            assert (secret["permissions"], secret["owner"], secret["defer"]) == ("0600", "okki:okki", True)
            assert files[f"{secret_dir}/OKKI_DATABASE_URL"]["content"].startswith("postgresql+psycopg://")
            assert files[f"{secret_dir}/OKKI_AMQP_URI"]["content"].endswith(f"/okki-{cell}")
            bind = f"OKKI_GRPC_BIND=0.0.0.0:{platform.cell(cell).grpc_port(service)}\n"
            assert bind in files[f"/etc/okki/services/{service.name}.env"]["content"]


def test_bus_on_ecs_is_a_private_host_with_an_encrypted_disk(snapshots):
    snapshot = snapshots["cn-ecs-bus"]
    assert not of_type(snapshot, "alicloud:amqp/instance:Instance")
    broker = next(h for h in of_type(snapshot, "alicloud:ecs/instance:Instance") if h["name"] == "okki-cn")
    assert broker["inputs"]["internetMaxBandwidthOut"] == 0
    assert broker["inputs"]["systemDiskEncrypted"] is True
    files = written_files(cloud_config(broker))
    assert "OKKI_BUS_VHOST=okki-cn\n" in files["/etc/okki/rabbitmq.env"]["content"]
    assert files["/etc/okki/rabbitmq.env"]["permissions"] == "0600"
    assert snapshot["outputs"]["amqpUri"]["value"].startswith("amqp://okki:bus-password@10.0.0.10:5672/")


@pytest.mark.parametrize("cell", CELLS)
def test_outputs_are_present_and_credentials_are_secret(snapshots, platform, cell):
    outputs = snapshots[cell]["outputs"]
    assert set(outputs) == EXPECTED_OUTPUTS
    assert {name for name, output in outputs.items() if output["secret"]} == SECRET_OUTPUTS
    assert set(outputs["databaseUrls"]["value"]) == {service.name for service in platform.services}
    assert outputs["amqpUri"]["value"].endswith(f":5672/okki-{cell}")
    assert "db%2Fpass%40word" in outputs["databaseUrls"]["value"]["identity"]
