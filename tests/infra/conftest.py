"""Fixtures of the infra tests: import paths, platform.toml, and one mocked run per stack."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from infra_helpers import REPO, SNAPSHOT

# The Pulumi program, the policy pack and the deploy scripts each run with their own directory
# as import root (that is how Pulumi and `python deploy/...` start them); the tests do the same.
for import_root in (REPO / "infra", REPO / "infra" / "policy", REPO / "deploy"):
    sys.path.insert(0, str(import_root))

from okki_infra.topology import Platform, load_platform  # noqa: E402

ECS_BUS = '{"mode": "ecs", "instanceType": "ecs.g7.large"}'


@pytest.fixture(scope="session")
def platform() -> Platform:
    return load_platform()


@pytest.fixture(scope="session")
def snapshots(platform: Platform) -> dict[str, dict]:
    """Every cell's stack, plus the cn stack with RabbitMQ on ECS, each run in its own process."""
    runs = {cell: [cell] for cell in platform.cells}
    runs["cn-ecs-bus"] = ["cn", f"okki-infra:bus={ECS_BUS}"]
    processes = {
        key: subprocess.Popen(
            [sys.executable, str(SNAPSHOT), *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for key, argv in runs.items()
    }
    results = {}
    for key, process in processes.items():
        stdout, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, f"stack {key} failed under mocks:\n{stderr.decode()}"
        results[key] = json.loads(stdout)
    return results

