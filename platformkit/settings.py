"""One typed settings object per process, read once at start from OKKI_* variables; fails fast."""
from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from platformkit import topology


class Settings(BaseSettings):
    """Everything a service process needs. Secrets may come from files in OKKI_SECRETS_DIR."""

    model_config = SettingsConfigDict(env_prefix="OKKI_", extra="ignore")

    cell: str
    service: str
    database_url: SecretStr
    amqp_uri: SecretStr
    directory_url: SecretStr
    grpc_bind: str = ""
    # Peers in the same cell, service -> host:port. Defaults to 127.0.0.1 and the topology's port.
    endpoints: dict[str, str] = Field(default_factory=dict)
    port_base: int | None = None
    # Local runs and tests only: a file holding a clock offset in seconds shared by the cell.
    clock_file: Path | None = None
    relay_poll_seconds: float = 0.5
    relay_batch: int = 200
    sweep_seconds: float = 30.0
    grpc_workers: int = 16
    max_message_bytes: int = 1 << 20
    # Mutual TLS: the cell's ca.pem and this workload's <service>.pem/.key (platformkit.pki).
    tls_dir: Path | None = None
    # Only in-process tests may serve gRPC without mutual TLS.
    insecure_grpc: bool = False
    # Per-tenant rate limit on calls from the public edge (gateway): calls per second and burst.
    tenant_rate_per_second: float = 50.0
    tenant_rate_burst: int = 100
    telemetry: Literal["none", "console", "file", "otlp"] = "none"
    telemetry_file: Path | None = None
    otlp_endpoint: str = ""
    log_level: str = "INFO"

    @field_validator("cell")
    @classmethod
    def _known_cell(cls, value: str) -> str:
        if value not in topology.load().cells:
            raise ValueError(f"unknown cell {value!r}; known: {sorted(topology.load().cells)}")
        return value

    @field_validator("service")
    @classmethod
    def _known_service(cls, value: str) -> str:
        if value not in topology.load().services:
            raise ValueError(f"unknown service {value!r}; known: {sorted(topology.load().services)}")
        return value

    @model_validator(mode="after")
    def _default_bind(self) -> "Settings":
        if not self.grpc_bind:
            self.grpc_bind = f"127.0.0.1:{self.port_of(self.service)}"
        return self

    def port_of(self, service: str) -> int:
        return topology.load().grpc_port(self.cell, service, self.port_base)

    def endpoint_of(self, service: str) -> str:
        return self.endpoints.get(service) or f"127.0.0.1:{self.port_of(service)}"



def load_settings(**overrides) -> Settings:
    """Read settings once; a missing variable stops the process with a clear message."""
    from pydantic import ValidationError

    import os

    secrets_dir = os.environ.get("OKKI_SECRETS_DIR")
    try:
        if secrets_dir:
            # Files named like the variables (okki_database_url, ...), e.g. written by cloud-init.
            return Settings(_secrets_dir=secrets_dir, **overrides)
        return Settings(**overrides)
    except ValidationError as exc:
        missing = ", ".join("OKKI_" + str(e["loc"][0]).upper() for e in exc.errors())
        raise SystemExit(f"configuration error ({missing}):\n{exc}") from None
