"""Runs a service's nameko consumer until SIGTERM/SIGINT (inside an eventlet-patched process)."""
from __future__ import annotations

import importlib
import logging
import signal

import eventlet
from nameko.runners import ServiceRunner

from platformkit import buscodecs, telemetry
from platformkit.bus import SETTINGS_KEY
from platformkit.service import spec_of
from platformkit.settings import Settings

log = logging.getLogger(__name__)


def nameko_config(settings: Settings) -> dict:
    return {
        "AMQP_URI": settings.amqp_uri.get_secret_value(),
        "serializer": "json",
        "ACCEPT": buscodecs.install(),
        "max_workers": 4,
        "PREFETCH_COUNT": 8,
        SETTINGS_KEY: settings,
    }


def consumer_class(service: str):
    module, _, name = spec_of(service).consumer.partition(":")
    return getattr(importlib.import_module(module), name)


def run(settings: Settings) -> None:
    telemetry.setup(settings, "bus")
    runner = ServiceRunner(nameko_config(settings))
    runner.add_service(consumer_class(settings.service))

    def shutdown(signum, _frame):
        log.info("signal %s: stopping consumer", signum)
        eventlet.spawn_n(runner.stop)

    signal.signal(signal.SIGTERM, shutdown)
    signal.signal(signal.SIGINT, shutdown)
    runner.start()
    log.info("%s consumer running (cell %s)", settings.service, settings.cell)
    runner.wait()
