"""Cloud-init user data for the cell's hosts, built from the files in deploy/."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any, Mapping

import pulumi
import yaml

DEPLOY_DIR = Path(__file__).resolve().parents[2] / "deploy"
UNIT_KINDS = ("grpc", "bus")
SECRETS_DIR = "/etc/okki/secrets"
CONTAINER_SECRETS_DIR = "/run/secrets/okki"
# Mutual TLS (platformkit.mtls): every unit mounts its service's directory of HOST_TLS_DIR at
# TLS_DIR read-only. okki-pki.service fills them before any unit starts (deploy/pki-setup.sh, the
# local-CA path; infra/README.md says what changes when the CA key stays in the cell's KMS).
TLS_DIR = "/var/lib/okki/tls"
HOST_TLS_DIR = "/etc/okki/tls"
PKI_UNIT = "okki-pki.service"
SERVICE_USER = "okki"  # created by deploy/cloud-init.yaml with the image's uid


class _CloudConfigDumper(yaml.SafeDumper):
    """Writes multi-line strings (unit files, scripts) as literal blocks."""


_CloudConfigDumper.add_representer(
    str,
    lambda dumper, text: dumper.represent_scalar(
        "tag:yaml.org,2002:str", text, style="|" if "\n" in text else None
    ),
)


def encode(user_data: pulumi.Output[str]) -> pulumi.Output[str]:
    """ECS takes user data base64-encoded."""
    return user_data.apply(lambda text: base64.b64encode(text.encode()).decode())


def service_host(
    *,
    cell: str,
    image: str,
    ports: Mapping[str, int],
    secrets: Mapping[str, Mapping[str, pulumi.Output[str]]],
    run_migrations: bool,
) -> pulumi.Output[str]:
    """A host running every service's gRPC server and bus consumer as systemd template units.

    `secrets` maps service -> OKKI_* variable -> value; each lands in a 0600 file under
    OKKI_SECRETS_DIR, never in the environment or the unit files.
    """
    flat = {(service, key): value for service, env in secrets.items() for key, value in env.items()}
    return pulumi.Output.all(*flat.values()).apply(
        lambda values: _render_service_host(
            cell, image, ports, dict(zip(flat, values)), run_migrations
        )
    )


def rabbitmq_host(*, vhost: str, user: str, password: pulumi.Input[str]) -> pulumi.Output[str]:
    """A host running RabbitMQ with one vhost and one user, for stacks with bus.mode = ecs."""
    return pulumi.Output.from_input(password).apply(
        lambda secret: _dump(
            _base("rabbitmq-cloud-init.yaml"),
            files=[
                _file("/etc/okki/rabbitmq.env", _env({
                    "OKKI_BUS_VHOST": vhost, "OKKI_BUS_USER": user, "OKKI_BUS_PASSWORD": secret,
                }), "0600"),
                _file("/usr/local/sbin/okki-rabbitmq-setup", _read("rabbitmq-setup.sh"), "0755"),
            ],
            commands=[["/usr/local/sbin/okki-rabbitmq-setup"]],
        )
    )


def _render_service_host(
    cell: str,
    image: str,
    ports: Mapping[str, int],
    secret_values: Mapping[tuple[str, str], str],
    run_migrations: bool,
) -> str:
    files = [
        _file(f"/etc/systemd/system/{unit.name}", unit.read_text(), "0644")
        for unit in sorted((DEPLOY_DIR / "systemd").glob("okki-*.service"))
    ]
    files.append(_file("/usr/local/sbin/okki-pki-setup", _read("pki-setup.sh"), "0755"))
    files.append(_file("/etc/okki/host.env", _env({"OKKI_CELL": cell, "OKKI_IMAGE": image}), "0644"))
    endpoints = {service: f"127.0.0.1:{port}" for service, port in ports.items()}
    files.append(_file("/etc/okki/cell.env", _env({
        "OKKI_CELL": cell,
        "OKKI_ENDPOINTS": json.dumps(endpoints, sort_keys=True),
        "OKKI_SECRETS_DIR": CONTAINER_SECRETS_DIR,
        "OKKI_TLS_DIR": TLS_DIR,
    }), "0644"))
    for service, port in ports.items():
        files.append(_file(f"/etc/okki/services/{service}.env", _env({
            "OKKI_SERVICE": service, "OKKI_GRPC_BIND": f"0.0.0.0:{port}",
        }), "0644"))
    for (service, key), value in secret_values.items():
        files.append(_secret_file(f"{SECRETS_DIR}/{service}/{key}", value))
    # The certificates come first: every unit mounts them. Migrations then run one service after
    # the other (they share the directory schema), before any server or consumer starts; starting
    # a oneshot unit waits for it to finish.
    migrations = [["systemctl", "start", f"okki-migrate@{service}.service"] for service in ports]
    units = [f"okki-{kind}@{service}.service" for service in ports for kind in UNIT_KINDS]
    return _dump(
        _base("cloud-init.yaml"),
        files=files,
        commands=[
            ["systemctl", "daemon-reload"],
            ["systemctl", "enable", "--now", PKI_UNIT],
            *(migrations if run_migrations else []),
            ["systemctl", "enable", "--now", *units],
        ],
    )


def _base(name: str) -> dict[str, Any]:
    return yaml.safe_load(_read(name))


def _read(name: str) -> str:
    return (DEPLOY_DIR / name).read_text()


def _file(path: str, content: str, permissions: str) -> dict[str, str]:
    return {"path": path, "content": content, "permissions": permissions, "owner": "root:root"}


def _secret_file(path: str, content: str) -> dict[str, str | bool]:
    """Readable by the image's user only; written once cloud-init has created that user."""
    return {
        "path": path,
        "content": content,
        "permissions": "0600",
        "owner": f"{SERVICE_USER}:{SERVICE_USER}",
        "defer": True,
    }


def _env(variables: Mapping[str, str]) -> str:
    return "".join(f"{key}={value}\n" for key, value in variables.items())


def _dump(base: dict[str, Any], *, files: list[dict[str, Any]], commands: list[list[str]]) -> str:
    config = {
        **base,
        "write_files": [*base.get("write_files", []), *files],
        "runcmd": [*base.get("runcmd", []), *commands],
    }
    return "#cloud-config\n" + yaml.dump(config, Dumper=_CloudConfigDumper, sort_keys=False)
