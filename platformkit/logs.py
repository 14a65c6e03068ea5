"""Process logging: one line per record, naming the cell, service and process; ids only, never PII."""
from __future__ import annotations

import logging

from platformkit.settings import Settings


def configure(settings: Settings, process: str) -> None:
    logging.basicConfig(
        level=settings.log_level.upper(),
        format=f"%(asctime)s %(levelname)s [{settings.cell} {settings.service} {process}] %(name)s: %(message)s",
    )
    for noisy in ("amqp", "kombu", "nameko.containers", "alembic.runtime.migration"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
