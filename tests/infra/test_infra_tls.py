"""Mutual-TLS material on the cloud hosts: OKKI_TLS_DIR in every unit, certificates before any unit."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from infra_helpers import REPO, cloud_config, of_type, written_files
from okki_infra import cloud_init
import render_compose

pytestmark = pytest.mark.infra

DEPLOY = REPO / "deploy"
UNITS = ("grpc", "bus", "migrate")


def unit(kind: str) -> str:
    return (DEPLOY / "systemd" / f"okki-{kind}@.service").read_text()


def test_every_deployment_uses_one_tls_path_which_the_image_creates_for_its_user():
    assert cloud_init.TLS_DIR == render_compose.TLS_DIR
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert f"install -d -m 0700 -o okki -g okki {cloud_init.TLS_DIR}" in dockerfile


@pytest.mark.parametrize("kind", UNITS)
def test_every_unit_mounts_its_own_services_certificates_read_only(kind):
    text = unit(kind)
    assert f"--volume {cloud_init.HOST_TLS_DIR}/%i:{cloud_init.TLS_DIR}:ro" in text
    assert "--env-file /etc/okki/cell.env" in text  # where OKKI_TLS_DIR is set
    after = re.search(r"^After=(.*)$", text, re.M).group(1).split()
    assert cloud_init.PKI_UNIT in after


@pytest.mark.parametrize("kind", ("grpc", "bus"))
def test_servers_and_consumers_require_the_certificates(kind):
    requires = re.search(r"^Requires=(.*)$", unit(kind), re.M).group(1).split()
    assert cloud_init.PKI_UNIT in requires


def test_the_pki_script_issues_with_okki_service_and_hands_each_service_only_its_own_key():
    script = (DEPLOY / "pki-setup.sh").read_text()
    assert 'pki --cell "$OKKI_CELL"' in script
    assert f"TLS_DIR={cloud_init.TLS_DIR}" in script and f"HOST_TLS_DIR={cloud_init.HOST_TLS_DIR}" in script
    assert f"SERVICE_USER={cloud_init.SERVICE_USER}" in script
    assert 'install -d -m 0700 -o "$SERVICE_USER" -g "$SERVICE_USER" "$dir"' in script
    assert 'install -m 0600 -o "$SERVICE_USER" -g "$SERVICE_USER" "$CA_DIR/$service.key" "$dir/$service.key"' in script
    assert not [line for line in script.splitlines() if "install" in line and "ca.key" in line]
    unit_text = (DEPLOY / "systemd" / cloud_init.PKI_UNIT).read_text()
    assert "Type=oneshot" in unit_text and "ExecStart=/usr/local/sbin/okki-pki-setup" in unit_text


@pytest.mark.skipif(shutil.which("sh") is None, reason="no POSIX shell")
def test_the_pki_script_is_valid_shell():
    subprocess.run(["sh", "-n", str(DEPLOY / "pki-setup.sh")], check=True)


def test_every_host_sets_okki_tls_dir_and_issues_certificates_before_any_unit_starts(snapshots, platform):
    for cell in platform.cells:
        for host in of_type(snapshots[cell], "alicloud:ecs/instance:Instance"):
            config = cloud_config(host)
            files = written_files(config)
            assert f"OKKI_TLS_DIR={cloud_init.TLS_DIR}\n" in files["/etc/okki/cell.env"]["content"]
            setup = files["/usr/local/sbin/okki-pki-setup"]
            assert setup["content"] == (DEPLOY / "pki-setup.sh").read_text()
            assert (setup["permissions"], setup["owner"]) == ("0755", "root:root")
            assert files[f"/etc/systemd/system/{cloud_init.PKI_UNIT}"]["content"] == (
                DEPLOY / "systemd" / cloud_init.PKI_UNIT
            ).read_text()
            for kind in UNITS:
                assert f"/etc/systemd/system/okki-{kind}@.service" in files
            commands = config["runcmd"]
            pki = commands.index(["systemctl", "enable", "--now", cloud_init.PKI_UNIT])
            reload_ = commands.index(["systemctl", "daemon-reload"])
            starts = [i for i, c in enumerate(commands) if any(str(a).startswith(("okki-grpc@", "okki-bus@", "okki-migrate@")) for a in c)]
            assert starts and reload_ < pki < min(starts)
