"""Keys: the cell's KMS keys, created in the cell's region, rotated automatically."""

from __future__ import annotations

import pulumi
from pulumi_alicloud import kms

ROTATION_INTERVAL = "365d"
PENDING_DELETION_DAYS = 30


class Keys(pulumi.ComponentResource):
    """One set of keys per cell; no key material is shared between cells (R-RES-5)."""

    def __init__(self, name: str, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("okki:infra:Keys", name, None, opts)
        self.storage = self._key(name, "storage", "at-rest encryption of OSS, RDS and disks")
        # R-VLT-2: the services wrap per-tenant data keys with this key.
        self.vault = self._key(name, "vault", "envelope encryption of vault records")
        self.register_outputs({"storageKeyId": self.storage.id, "vaultKeyId": self.vault.id})

    def _key(self, name: str, purpose: str, description: str) -> kms.Key:
        key = kms.Key(
            f"{name}-{purpose}",
            description=f"{name}: {description}",
            key_usage="ENCRYPT/DECRYPT",
            automatic_rotation="Enabled",
            rotation_interval=ROTATION_INTERVAL,
            pending_window_in_days=PENDING_DELETION_DAYS,
            deletion_protection="Enabled",
            opts=pulumi.ResourceOptions(parent=self),
        )
        kms.Alias(
            f"{name}-{purpose}",
            alias_name=f"alias/{name}-{purpose}",
            key_id=key.id,
            opts=pulumi.ResourceOptions(parent=self),
        )
        return key
