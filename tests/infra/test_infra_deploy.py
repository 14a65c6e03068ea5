"""deploy/: a valid docker-compose.yml rendered from platform.toml; image, units and cloud-init agree."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tomllib

import pytest
import yaml

from infra_helpers import REPO
from render_compose import (
    COMPOSE_FILE,
    DIRECTORY,
    DIRECTORY_NETWORK,
    PLATFORM_TOML,
    PROCESS_KINDS,
    TLS_DIR,
    cell_network,
    main,
    netns,
    pki_job,
    pki_volume,
    process_name,
    render,
)

pytestmark = pytest.mark.infra

SERVICE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
TOP_LEVEL_KEYS = {"services", "volumes", "networks", "configs", "secrets", "name"}
CONDITIONS = {"service_started", "service_healthy", "service_completed_successfully"}


def platform_toml() -> dict:
    with PLATFORM_TOML.open("rb") as handle:
        return tomllib.load(handle)


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())


def structural_errors(document: dict) -> list[str]:
    """The compose-spec rules this file relies on, checked without Docker."""
    errors = [f"unknown top-level key {key}" for key in set(document) - TOP_LEVEL_KEYS]
    services = document.get("services") or {}
    host_ports: list[str] = []
    declared_volumes = set(document.get("volumes") or {})
    declared_networks = set(document.get("networks") or {})
    for name, service in services.items():
        if not SERVICE_NAME.match(name):
            errors.append(f"{name}: not a valid service/host name")
        if "image" not in service and "build" not in service:
            errors.append(f"{name}: neither image nor build")
        for key, value in (service.get("environment") or {}).items():
            if not isinstance(value, str):
                errors.append(f"{name}: environment {key} is not a string")
        if not all(isinstance(part, str) for part in service.get("command", [])):
            errors.append(f"{name}: command has a non-string item")
        for dependency, condition in (service.get("depends_on") or {}).items():
            if dependency not in services:
                errors.append(f"{name}: depends on unknown service {dependency}")
            if condition.get("condition") not in CONDITIONS:
                errors.append(f"{name}: unknown condition {condition}")
        host_ports += [port.rsplit(":", 1)[0] for port in service.get("ports", [])]
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("./") and not (REPO / source).exists():
                errors.append(f"{name}: mounts missing file {source}")
            if not source.startswith(("./", "/")) and source not in declared_volumes:
                errors.append(f"{name}: mounts undeclared volume {source}")
        errors += [f"{name}: joins undeclared network {net}" for net in set(service.get("networks", [])) - declared_networks]
        mode = service.get("network_mode")
        if mode is not None:
            if mode.startswith("service:") and mode.removeprefix("service:") not in services:
                errors.append(f"{name}: shares the network of unknown service {mode}")
            if "ports" in service or "networks" in service:
                errors.append(f"{name}: network_mode with ports or networks")
    errors += [f"host port {port} published twice" for port in set(host_ports) if host_ports.count(port) > 1]
    return errors


def test_committed_compose_file_is_the_rendered_output():
    assert COMPOSE_FILE.read_text() == render(platform_toml()), "run `make compose-render`"
    assert main(["--check"]) == 0


def test_compose_file_is_structurally_valid(compose):
    assert structural_errors(compose) == []


def test_structural_check_catches_a_dangling_dependency(compose):
    broken = yaml.safe_load(yaml.safe_dump(compose))
    broken["services"]["sg-identity-grpc"]["depends_on"]["sg-nowhere"] = {"condition": "service_healthy"}
    assert structural_errors(broken) == ["sg-identity-grpc: depends on unknown service sg-nowhere"]


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="docker-compose is not installed")
def test_docker_compose_accepts_the_file():
    subprocess.run(["docker-compose", "-f", str(COMPOSE_FILE), "config", "-q"], check=True, cwd=REPO)


def test_every_process_of_every_cell_is_in_the_compose_file(compose):
    """Same cells and services as `make run`: both read platform.toml."""
    platform = platform_toml()
    expected = {
        process_name(cell, service, kind)
        for cell in platform["cells"]
        for service in platform["services"]
        for kind in (*PROCESS_KINDS, "migrate")
    }
    expected |= {name for cell in platform["cells"] for name in (pki_job(cell), netns(cell))}
    apps = {name for name, body in compose["services"].items() if body.get("image") == "okki-platform:dev"}
    assert apps == expected
    for cell, body in platform["cells"].items():
        assert {f"{cell}-postgres", f"{cell}-rabbitmq"} <= set(compose["services"])
        for service, declared in platform["services"].items():
            for kind in (*PROCESS_KINDS, "migrate"):
                process = compose["services"][process_name(cell, service, kind)]
                assert process["command"] == [kind, "--service", service, "--cell", cell]
                env = process["environment"]
                assert env["OKKI_CELL"] == cell and env["OKKI_SERVICE"] == service
                assert env["OKKI_GRPC_BIND"] == f"0.0.0.0:{body['port_base'] + declared['port_offset']}"
                assert env["OKKI_DATABASE_URL"].endswith(f"@{cell}-postgres:5432/{platform['org']}_{cell}_{service}")
                assert env["OKKI_AMQP_URI"].endswith(f"@{cell}-rabbitmq:5672/{platform['org']}-{cell}")


def test_a_cells_processes_only_reach_their_own_cells_stores_R_RES_2(compose):
    """R-RES-2: a service in one cell never gets another cell's database, broker, peers,
    certificates (PKI volume) or network."""
    platform = platform_toml()
    services = compose["services"]
    seen = set()
    for name, body in services.items():
        env = body.get("environment", {})
        if "OKKI_CELL" not in env:
            continue
        cell = env["OKKI_CELL"]
        others = set(platform["cells"]) - {cell}
        seen.add(cell)
        if "OKKI_SERVICE" in env:
            assert f"@{cell}-postgres:" in env["OKKI_DATABASE_URL"], name
            assert f"@{cell}-rabbitmq:" in env["OKKI_AMQP_URI"], name
            # Peers at 127.0.0.1 of the cell's own network namespace, on the cell's own ports.
            ports = {platform["cells"][cell]["port_base"] + svc["port_offset"] for svc in platform["services"].values()}
            assert {peer for peer in json.loads(env["OKKI_ENDPOINTS"]).values()} == {f"127.0.0.1:{p}" for p in ports}
            assert body["network_mode"] == f"service:{netns(cell)}", name
        else:
            assert name == pki_job(cell) and body["network_mode"] == "none"
        assert {volume.split(":")[0] for volume in body.get("volumes", [])} <= {pki_volume(cell)}, name
        foreign = {pki_job(other) for other in others} | {pki_volume(other) for other in others}
        for dependency in body.get("depends_on", {}):
            if dependency.endswith("-migrate"):
                continue  # ordering only: the migrations take turns on the shared directory schema
            assert dependency not in foreign and not any(dependency.startswith(f"{o}-") for o in others), name
    assert seen == set(platform["cells"])
    # Networks: a cell's stores only on its own network; its namespace joins that and the directory.
    for cell in platform["cells"]:
        assert services[netns(cell)]["networks"] == [cell_network(cell), DIRECTORY_NETWORK]
        for store in (f"{cell}-postgres", f"{cell}-rabbitmq"):
            assert services[store]["networks"] == [cell_network(cell)]
    assert services[DIRECTORY]["networks"] == [DIRECTORY_NETWORK]


def test_each_cell_mounts_its_own_pki_volume_made_by_its_own_pki_job_R_RES_2(compose):
    """`pki-<cell>` writes the cell's CA and certificates into the cell's volume; every gRPC and bus
    process of the cell waits for it and mounts that volume, read-only, at OKKI_TLS_DIR."""
    platform = platform_toml()
    services = compose["services"]
    assert set(compose["volumes"]) == {pki_volume(cell) for cell in platform["cells"]}
    for cell in platform["cells"]:
        job = services[pki_job(cell)]
        assert job["command"] == ["pki", "--cell", cell]
        assert job["environment"] == {"OKKI_CELL": cell, "OKKI_TLS_DIR": TLS_DIR}
        assert job["volumes"] == [f"{pki_volume(cell)}:{TLS_DIR}"] and job["restart"] == "no"
        mounted_by = {name for name, body in services.items() if any(
            volume.split(":")[0] == pki_volume(cell) for volume in body.get("volumes", []))}
        processes = {process_name(cell, s, kind) for s in platform["services"] for kind in PROCESS_KINDS}
        assert mounted_by == processes | {pki_job(cell)}
        for name in processes:
            body = services[name]
            assert body["environment"]["OKKI_TLS_DIR"] == TLS_DIR
            assert body["volumes"] == [f"{pki_volume(cell)}:{TLS_DIR}:ro"]
            assert body["depends_on"][pki_job(cell)] == {"condition": "service_completed_successfully"}
        for service in platform["services"]:  # migrations make no gRPC calls: no keys
            assert "volumes" not in services[process_name(cell, service, "migrate")]


def test_systemd_units_run_each_process_kind_from_the_image():
    for kind in ("grpc", "bus", "migrate"):
        unit = (REPO / "deploy" / "systemd" / f"okki-{kind}@.service").read_text()
        assert f"${{OKKI_IMAGE}} {kind} --service %i --cell ${{OKKI_CELL}}" in unit


def test_one_image_for_every_service():
    dockerfile = (REPO / "deploy" / "Dockerfile").read_text()
    assert dockerfile.count("FROM ") == 1 and "FROM python:3.11-slim" in dockerfile
    # As `make venv` and `make protos`: pinned dependencies, the project, generated gRPC code; the
    # code stays in place, since platformkit reads config/*.toml next to its package.
    for step in ("pip install -r requirements.lock", "editable_mode=compat -e .", "python tools/gen_protos.py"):
        assert step in dockerfile
    assert "COPY . ." in dockerfile and "rm -rf /src" not in dockerfile
    assert 'ENTRYPOINT ["okki-service"]' in dockerfile


def test_the_legacy_builder_filters_the_build_context_like_buildkit():
    """Root .dockerignore (legacy builder, docker-compose 1.x) = deploy/Dockerfile.dockerignore."""

    def patterns(path):
        return [line for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")]

    assert patterns(REPO / ".dockerignore") == patterns(REPO / "deploy" / "Dockerfile.dockerignore")
    # var/ holds the local cells' CA keys: never in an image.
    assert {".git", ".venv", "var", "tests", "infra"} <= set(patterns(REPO / ".dockerignore"))


def test_migrations_run_one_at_a_time_before_their_services_start(compose):
    """Every migration waits for the previous one; every server and consumer waits for its migration."""
    platform = platform_toml()
    previous = None
    for cell in platform["cells"]:
        for service in platform["services"]:
            migrate = process_name(cell, service, "migrate")
            waits_for = {
                name for name, dep in compose["services"][migrate]["depends_on"].items()
                if dep["condition"] == "service_completed_successfully"
            }
            assert waits_for == ({previous} if previous else set())
            for kind in PROCESS_KINDS:
                depends_on = compose["services"][process_name(cell, service, kind)]["depends_on"]
                assert depends_on[migrate] == {"condition": "service_completed_successfully"}
            previous = migrate


def test_hosts_create_the_images_user_that_reads_the_secret_files():
    """The 0600 secret files belong to the host user whose uid the image's user has."""
    dockerfile = (REPO / "deploy" / "Dockerfile").read_text()
    base = yaml.safe_load((REPO / "deploy" / "cloud-init.yaml").read_text())
    (okki,) = [user for user in base["users"] if isinstance(user, dict) and user["name"] == "okki"]
    assert f"--uid {okki['uid']} okki" in dockerfile and "USER okki" in dockerfile
