"""A private CA per cell and a certificate per workload, identified by a SPIFFE-style URI SAN.

Local runs and tests create them here on first start; in the cloud the CA key lives in the
cell's KMS and certificates are issued at deploy time (deploy/). Workloads: the five services,
`platformctl` (operators) and `gateway` (the public edge that forwards end users' calls).
Private keys are written 0600 in a 0700 directory and never logged.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CLIENT_ONLY = ("platformctl", "gateway")
VALIDITY = dt.timedelta(days=30)


def spiffe_id(cell: str, workload: str) -> str:
    return f"spiffe://{cell}/{workload}"


@dataclass(frozen=True)
class Material:
    ca: bytes
    cert: bytes
    key: bytes


def _key():
    return ec.generate_private_key(ec.SECP256R1())


def _pem_key(key) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


def _write_secret(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def create_ca(directory: Path, cell: str) -> None:
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = _key()
    name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "okki"),
                      x509.NameAttribute(NameOID.COMMON_NAME, f"okki {cell} cell CA")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + 10 * VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .sign(key, hashes.SHA256())
    )
    (directory / "ca.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    _write_secret(directory / "ca.key", _pem_key(key))


def issue(directory: Path, cell: str, workload: str) -> None:
    """A leaf certificate for `workload` in `cell`, signed by the cell's CA."""
    ca_cert = x509.load_pem_x509_certificate((directory / "ca.pem").read_bytes())
    ca_key = serialization.load_pem_private_key((directory / "ca.key").read_bytes(), password=None)
    key = _key()
    now = dt.datetime.now(dt.timezone.utc)
    usages = [ExtendedKeyUsageOID.CLIENT_AUTH] + ([] if workload in CLIENT_ONLY else [ExtendedKeyUsageOID.SERVER_AUTH])
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "okki"),
                                 x509.NameAttribute(NameOID.COMMON_NAME, f"{workload}.{cell}")]))
        .issuer_name(ca_cert.subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + VALIDITY)
        .add_extension(x509.SubjectAlternativeName([x509.UniformResourceIdentifier(spiffe_id(cell, workload)),
                                                    x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.ExtendedKeyUsage(usages), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    (directory / f"{workload}.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    _write_secret(directory / f"{workload}.key", _pem_key(key))


def ensure_cell(directory: Path, cell: str, workloads) -> None:
    """Create the cell's CA and any missing workload certificate (idempotent)."""
    if not (directory / "ca.pem").exists():
        create_ca(directory, cell)
    for workload in workloads:
        if not (directory / f"{workload}.pem").exists():
            issue(directory, cell, workload)


def load(directory: Path, workload: str) -> Material:
    return Material((directory / "ca.pem").read_bytes(), (directory / f"{workload}.pem").read_bytes(),
                    (directory / f"{workload}.key").read_bytes())
