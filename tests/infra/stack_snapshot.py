"""Run the Pulumi program of one stack under mocks and print every resource and output as JSON.

Usage: python stack_snapshot.py <stack> [<config key>=<value> ...]. Runs in its own process so that
each stack starts from a fresh Pulumi runtime.
"""

from __future__ import annotations

import json
import runpy
import sys
import warnings
from pathlib import Path

import pulumi
import yaml

INFRA = Path(__file__).resolve().parents[2] / "infra"
PROVIDER = "pulumi:providers:alicloud"
SECRET_SIG = "4dabf18193072939515e22adb298388d"  # Pulumi's marker of a secret value on the wire
TEST_SECRETS = {
    "okki-infra:dbPassword": "db/pass@word",
    "okki-infra:directoryUrl": "postgresql+psycopg://directory:pw@directory.internal:5432/okki_directory",
    "okki-infra:busAccessKey": "test-access-key",
    "okki-infra:busSecretKey": "test-secret-key",
    "okki-infra:busPassword": "bus-password",
}
# Values the cloud would compute, keyed by resource type.
COMPUTED = {
    "alicloud:rds/instance:Instance": {"connectionString": "pgm-test.pg.rds.aliyuncs.com", "port": "5432"},
    "alicloud:amqp/staticAccount:StaticAccount": {"userName": "MjphbXFwLXRlc3Q6dGVzdA", "password": "bus/pw"},
    "alicloud:ecs/instance:Instance": {"privateIp": "10.0.0.10"},
}


class RecordingMocks(pulumi.runtime.Mocks):
    """Records every resource with the region of the provider it was created through."""

    def __init__(self) -> None:
        self.resources: list[dict] = []
        self.provider_regions: dict[str, str | None] = {}
        self.calls: list[dict] = []

    def new_resource(self, args: pulumi.runtime.MockResourceArgs):
        resource_id = f"{args.name}-id"
        if args.typ == PROVIDER:
            self.provider_regions[resource_id] = args.inputs.get("region")
        self.resources.append(
            {
                "type": args.typ,
                "name": args.name,
                "provider": args.provider,
                "inputs": _unwrap(args.inputs),
                "secretInputs": sorted(key for key, value in args.inputs.items() if _is_secret(value)),
            }
        )
        return resource_id, {**args.inputs, **COMPUTED.get(args.typ, {})}

    def call(self, args: pulumi.runtime.MockCallArgs):
        self.calls.append({"token": args.token, "provider": args.provider})
        return {"instances": [{"privateEndPoint": "amqp-test.mq-amqp.vpc.aliyuncs.com"}]}

    def region_of(self, provider_ref: str | None) -> str | None:
        """A provider reference is "<urn>::<id>"; None means the resource used a default provider."""
        if not provider_ref:
            return None
        return self.provider_regions.get(provider_ref.rsplit("::", 1)[1])


def snapshot(stack: str, overrides: dict[str, str]) -> dict:
    mocks = RecordingMocks()
    pulumi.runtime.set_mocks(mocks, project="okki-infra", stack=stack, preview=False)
    stack_config = yaml.safe_load((INFRA / f"Pulumi.{stack}.yaml").read_text())["config"]
    config = {
        key: value if isinstance(value, str) else json.dumps(value)
        for key, value in {**stack_config, **TEST_SECRETS, **overrides}.items()
    }
    pulumi.runtime.set_all_config(config, secret_keys=list(TEST_SECRETS))
    sys.path.insert(0, str(INFRA))
    outputs: dict = {}

    def program() -> pulumi.Output:
        runpy.run_path(str(INFRA / "__main__.py"), run_name="__main__")
        exported = pulumi.runtime.get_root_resource().outputs
        return pulumi.Output.all(
            *[_resolve(name, pulumi.Output.from_input(value), outputs) for name, value in exported.items()]
        )

    pulumi.runtime.test(program)()
    for resource in mocks.resources:
        resource["region"] = mocks.region_of(resource.pop("provider"))
    for call in mocks.calls:
        call["region"] = mocks.region_of(call.pop("provider"))
    return {"resources": mocks.resources, "calls": mocks.calls, "outputs": outputs}


def _is_secret(value: object) -> bool:
    return isinstance(value, dict) and SECRET_SIG in value


def _unwrap(value: object) -> object:
    """Inputs with secrets replaced by their plain values."""
    if _is_secret(value):
        return _unwrap(value["value"])
    if isinstance(value, dict):
        return {key: _unwrap(child) for key, child in value.items()}
    if isinstance(value, list):
        return [_unwrap(child) for child in value]
    return value


def _resolve(name: str, output: pulumi.Output, into: dict) -> pulumi.Output:
    async def record() -> None:
        into[name] = {"value": await output.future(), "secret": await output.is_secret()}

    return pulumi.Output.from_input(record())


if __name__ == "__main__":
    warnings.simplefilter("ignore")
    stack_name, *pairs = sys.argv[1:]
    json.dump(snapshot(stack_name, dict(pair.split("=", 1) for pair in pairs)), sys.stdout, default=str)
