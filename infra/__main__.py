"""Pulumi program: the stack named after a cell of config/platform.toml builds that cell."""

import pulumi

from okki_infra.cell import build_cell
from okki_infra.settings import load_secrets, load_settings
from okki_infra.topology import load_platform

platform = load_platform()
config = pulumi.Config()
settings = load_settings(config, pulumi.get_stack(), platform)
outputs = build_cell(settings, platform.services, load_secrets(config, settings.bus.mode))
for output_name, value in outputs.items():
    pulumi.export(output_name, value)
