"""`okki-service grpc|bus|migrate --service S --cell C`: the processes of one service in one cell.

`bus` patches the process with eventlet before anything else is imported (nameko needs it), and
`grpc` never does (grpcio hangs under eventlet): the two always run as separate processes.
"""
from __future__ import annotations

import argparse
import os
import sys


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="okki-service", description=__doc__)
    parser.add_argument("process", choices=["grpc", "bus", "migrate", "pki"])
    parser.add_argument("--service", default=os.environ.get("OKKI_SERVICE"))
    parser.add_argument("--cell", default=os.environ.get("OKKI_CELL"))
    args = parser.parse_args(argv)
    if not args.cell or (not args.service and args.process != "pki"):
        parser.error("--service and --cell (or OKKI_SERVICE and OKKI_CELL) are required")
    return args


def main(argv: list[str] | None = None) -> None:
    args = _parse(sys.argv[1:] if argv is None else argv)
    if args.process == "bus":
        import eventlet

        eventlet.monkey_patch()
    if args.process == "pki":
        _pki(args)
        return
    from platformkit.logs import configure
    from platformkit.settings import load_settings

    settings = load_settings(service=args.service, cell=args.cell)
    configure(settings, args.process)
    if args.process == "grpc":
        from platformkit.grpcserver import serve
        from platformkit.service import spec_of

        serve(spec_of(settings.service), settings)
    elif args.process == "bus":
        from platformkit.consumer_runner import run

        run(settings)
    else:
        from platformkit.localenv import migrate_service

        migrate_service(settings)


def _pki(args: argparse.Namespace) -> None:
    """Local and compose runs: create the cell's CA and every workload certificate in OKKI_TLS_DIR.
    In the cloud the CA key stays in the cell's KMS and deploy issues the certificates."""
    from pathlib import Path

    from platformkit import pki, topology

    tls_dir = os.environ.get("OKKI_TLS_DIR")
    if not tls_dir:
        raise SystemExit("OKKI_TLS_DIR must name the directory for the cell's certificates")
    pki.ensure_cell(Path(tls_dir), args.cell, [*topology.load().services, *pki.CLIENT_ONLY])


if __name__ == "__main__":
    main()
