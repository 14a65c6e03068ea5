"""`make run`: prepare and start both cells locally, print the endpoints, stop on Ctrl-C."""
from __future__ import annotations

import logging
import signal
import threading

from rich.console import Console
from rich.table import Table

from platformkit import topology
from platformkit.localenv import LocalEnv
from platformkit.supervisor import Supervisor


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s [supervisor] %(message)s")
    console = Console()
    env = LocalEnv(prefix="okki")
    console.print("[bold]Preparing databases, vhosts and queues for cells sg and cn...[/bold]")
    env.prepare()
    supervisor = Supervisor(env)
    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    supervisor.start()
    try:
        supervisor.wait_healthy()
        console.print(endpoint_table(env))
        console.print("Traces: var/okki/traces.jsonl   CLI: .venv/bin/platformctl status   Ctrl-C stops everything.")
        stop.wait()
    finally:
        console.print("[bold]Stopping...[/bold]")
        supervisor.stop()


def endpoint_table(env: LocalEnv) -> Table:
    """One row per service and cell, so it reads on an 80-column terminal too."""
    topo = topology.load()
    table = Table(title="okki platform: both cells are up (gRPC, mutual TLS)")
    for column in ("cell", "region", "service", "endpoint"):
        table.add_column(column)
    for name, cell in topo.cells.items():
        for service in topo.services:
            table.add_row(name, cell.region, service, env.endpoint(name, service))
    return table


if __name__ == "__main__":
    main()
