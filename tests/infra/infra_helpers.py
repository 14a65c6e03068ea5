"""Small queries over a stack snapshot (see stack_snapshot.py)."""

from __future__ import annotations

import base64
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
SNAPSHOT = Path(__file__).with_name("stack_snapshot.py")


def of_type(snapshot: dict, resource_type: str) -> list[dict]:
    return [resource for resource in snapshot["resources"] if resource["type"] == resource_type]


def by_bucket(snapshot: dict, resource_type: str) -> dict[str, dict]:
    return {resource["inputs"]["bucket"]: resource for resource in of_type(snapshot, resource_type)}


def cloud_config(ecs_instance: dict) -> dict:
    text = base64.b64decode(ecs_instance["inputs"]["userData"]).decode()
    assert text.startswith("#cloud-config\n")
    return yaml.safe_load(text)


def written_files(config: dict) -> dict[str, dict]:
    return {entry["path"]: entry for entry in config["write_files"]}
