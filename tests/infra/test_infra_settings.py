"""Stack settings: a stack cannot move its cell out of the regions platform.toml allows."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from infra_helpers import SNAPSHOT
from okki_infra.settings import check_zones, load_settings, resolve_region
from okki_infra.topology import load_platform

pytestmark = pytest.mark.infra

BASE_CONFIG = {
    "zones": ["cn-hangzhou-h", "cn-hangzhou-i"],
    "vpcCidr": "10.20.0.0/16",
    "containerImage": "registry-vpc.cn-hangzhou.aliyuncs.com/okki/platform:1",
    "compute": {"instanceType": "ecs.g7.large", "imageId": "ubuntu"},
    "database": {"instanceType": "pg.n2.2c.2m"},
    "bus": {"instanceType": "professional"},
}


class FakeConfig:
    """The part of pulumi.Config that load_settings reads."""

    def __init__(self, values: dict) -> None:
        self.values = values

    def get(self, key):
        return self.values.get(key)

    def get_int(self, key):
        return self.values.get(key)

    def require(self, key):
        return self.values[key]

    def require_object(self, key):
        return self.values[key]


def settings_for(stack: str, **overrides):
    return load_settings(FakeConfig({**BASE_CONFIG, **overrides}), stack, load_platform())


def test_R_RES_1_region_defaults_to_the_cells_region_in_platform_toml(platform):
    """R-RES-1: the stack's region is platform.toml's unless the stack overrides it."""
    assert settings_for("cn").region == platform.cell("cn").region


@pytest.mark.parametrize("region", ["cn-hongkong", "ap-southeast-1", "us-west-1"])
def test_R_RES_5_mainland_cell_refuses_a_region_outside_its_allowed_list(platform, region):
    """R-RES-5: the cn stack cannot be pointed at Hong Kong or abroad."""
    with pytest.raises(ValueError, match="not allowed"):
        resolve_region(platform.cell("cn"), region)


def test_R_RES_5_mainland_cell_accepts_another_mainland_region(platform):
    """R-RES-5: cn-shanghai is one of the regions platform.toml allows for cn."""
    assert resolve_region(platform.cell("cn"), "cn-shanghai") == "cn-shanghai"


def test_R_RES_5_zones_must_be_two_zones_of_the_stack_region():
    """R-RES-5: a vSwitch in a foreign zone would put the cell's hosts elsewhere."""
    assert check_zones("cn-hangzhou", ("cn-hangzhou-h", "cn-hangzhou-i"))
    assert check_zones("ap-southeast-1", ("ap-southeast-1a", "ap-southeast-1b"))
    with pytest.raises(ValueError, match="not in region"):
        check_zones("cn-hangzhou", ("cn-hangzhou-h", "cn-hongkong-b"))
    with pytest.raises(ValueError, match="not in region"):
        check_zones("cn-shanghai", ("cn-shanghai-b", "cn-shanghai-finance-1a"))
    with pytest.raises(ValueError, match="two distinct"):
        check_zones("cn-hangzhou", ("cn-hangzhou-h", "cn-hangzhou-h"))


def test_stack_of_an_undeclared_cell_is_refused():
    with pytest.raises(ValueError, match="unknown cell"):
        settings_for("eu")


def test_audit_retention_below_six_months_is_refused_R_AUD_5():
    with pytest.raises(ValueError, match="R-AUD-5"):
        settings_for("cn", auditRetentionDays=90)


def test_unknown_bus_mode_is_refused():
    with pytest.raises(ValueError, match="bus.mode"):
        settings_for("cn", bus={"mode": "kafka", "instanceType": "x"})


def test_R_RES_5_the_program_refuses_a_cn_stack_configured_for_hong_kong():
    """R-RES-5: end to end, `pulumi up` of such a stack fails before creating anything."""
    run = subprocess.run(
        [sys.executable, str(SNAPSHOT), "cn", "okki-infra:region=cn-hongkong",
         f"okki-infra:zones={json.dumps(['cn-hongkong-b', 'cn-hongkong-c'])}"],
        capture_output=True, text=True, timeout=120,
    )
    assert run.returncode != 0
    assert "'cn-hongkong' is not allowed for cell 'cn'" in run.stderr
