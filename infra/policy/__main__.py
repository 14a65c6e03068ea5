"""Entry point of the okki policy pack: `pulumi preview --policy-pack infra/policy`."""

from pulumi_policy import EnforcementLevel, PolicyPack

from cells import load_residencies, load_service_ports
from residency_policies import residency_policies
from security_policies import security_policies

PolicyPack(
    name="okki-mandatory",
    enforcement_level=EnforcementLevel.MANDATORY,
    policies=[*residency_policies(load_residencies()), *security_policies(load_service_ports())],
)
