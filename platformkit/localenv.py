"""The local stand-in for a cell's cloud resources: databases, vhost, queues, ports and clock file.

`make run` uses the prefix "okki"; the tests use "okkitest", with their own ports, so the two can
run side by side. Everything here is idempotent.
"""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import grpc
from kombu import Connection

from platformkit import mtls, pki, topology
from platformkit.db import make_engine
from platformkit.migrate import ensure_database, upgrade
from platformkit.service import spec_of
from platformkit.directory import TenantDirectory
from platformkit.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
PG = "postgresql+psycopg://postgres@127.0.0.1:5432"
AMQP = "amqp://guest:guest@127.0.0.1:5672"


@dataclass
class LocalEnv:
    prefix: str = "okki"
    port_shift: int = 0
    telemetry: str = "file"
    state_dir: Path = field(default=None)  # type: ignore[assignment]

    def __post_init__(self):
        if self.state_dir is None:
            self.state_dir = ROOT / "var" / self.prefix

    def database_url(self, cell: str, service: str) -> str:
        return f"{PG}/{self.prefix}_{cell}_{service}"

    def directory_url(self) -> str:
        return f"{PG}/{self.prefix}_directory"

    def vhost(self, cell: str) -> str:
        return f"{self.prefix}-{cell}"

    def amqp_uri(self, cell: str) -> str:
        return f"{AMQP}/{self.vhost(cell)}"

    def port_base(self, cell: str) -> int:
        return topology.load().cells[cell].port_base + self.port_shift

    def clock_file(self, cell: str) -> Path:
        return self.state_dir / cell / "clock_offset"

    def tls_dir(self, cell: str) -> Path:
        return self.state_dir / "pki" / cell

    def channel(self, cell: str, service: str, workload: str = "platformctl") -> grpc.Channel:
        """A mutual-TLS channel to a local service, presenting `workload`'s certificate."""
        material = pki.load(self.tls_dir(cell), workload)
        credentials = grpc.ssl_channel_credentials(material.ca, material.key, material.cert)
        return grpc.secure_channel(self.endpoint(cell, service), credentials,
                                   options=[("grpc.ssl_target_name_override", mtls.LOCAL_TARGET_NAME)])

    def env(self, cell: str, service: str) -> dict[str, str]:
        return {
            "OKKI_CELL": cell,
            "OKKI_SERVICE": service,
            "OKKI_DATABASE_URL": self.database_url(cell, service),
            "OKKI_AMQP_URI": self.amqp_uri(cell),
            "OKKI_DIRECTORY_URL": self.directory_url(),
            "OKKI_PORT_BASE": str(self.port_base(cell)),
            "OKKI_CLOCK_FILE": str(self.clock_file(cell)),
            "OKKI_TLS_DIR": str(self.tls_dir(cell)),
            "OKKI_TELEMETRY": self.telemetry,
            "OKKI_TELEMETRY_FILE": str(self.state_dir / "traces.jsonl"),
            "OKKI_SWEEP_SECONDS": "5",
            "OKKI_RELAY_POLL_SECONDS": "0.5",
        }

    def settings(self, cell: str, service: str, **overrides) -> Settings:
        values = {k.removeprefix("OKKI_").lower(): v for k, v in self.env(cell, service).items()}
        values.update(overrides)
        return Settings(**values)

    def endpoint(self, cell: str, service: str) -> str:
        return f"127.0.0.1:{topology.load().grpc_port(cell, service, self.port_base(cell))}"

    def prepare(self) -> None:
        """Vhosts, certificates, databases, migrations and queues for every service of every cell."""
        topo = topology.load()
        ensure_vhosts([self.vhost(cell) for cell in topo.cells])
        for cell in topo.cells:
            self.clock_file(cell).parent.mkdir(parents=True, exist_ok=True)
            pki.ensure_cell(self.tls_dir(cell), cell, [*topo.services, *pki.CLIENT_ONLY])
            for service in topo.services:
                migrate_service(self.settings(cell, service))


def ensure_vhosts(vhosts: list[str]) -> None:
    """Create RabbitMQ vhosts (one per cell: an event of one cell never reaches the other)."""
    ctl = shutil.which("rabbitmqctl")
    if ctl is None:
        raise SystemExit("rabbitmqctl not found: run `make local-infra` first")
    existing = set(subprocess.run([ctl, "-q", "list_vhosts"], check=True, capture_output=True, text=True).stdout.split())
    for vhost in vhosts:
        if vhost not in existing:
            subprocess.run([ctl, "-q", "add_vhost", vhost], check=True, capture_output=True)
            subprocess.run([ctl, "-q", "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"],
                           check=True, capture_output=True)


def migrate_service(settings: Settings) -> None:
    """Database created and migrated to head; the directory schema; the consumer's queues declared."""
    spec = spec_of(settings.service)
    directory_url = settings.directory_url.get_secret_value()
    ensure_database(directory_url)
    engine = make_engine(directory_url, pool_size=1)
    try:
        TenantDirectory(engine).create_schema()
    finally:
        engine.dispose()
    url = settings.database_url.get_secret_value()
    ensure_database(url)
    upgrade(url, spec.migrations)
    declare_queues(settings)


def declare_queues(settings: Settings) -> None:
    """Declare every consumer queue before any event is published, so none is ever unroutable."""
    from platformkit.bus import bindings, queue_for
    from platformkit.consumer_runner import consumer_class

    cls = consumer_class(settings.service)
    with Connection(settings.amqp_uri.get_secret_value(), connect_timeout=5) as conn:
        channel = conn.channel()
        for method, source, event_type in bindings(cls):
            queue_for(cls.name, method, source, event_type)(channel).declare()
