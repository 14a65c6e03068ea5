"""Object storage: private, KMS-encrypted OSS buckets for exports and audit checkpoints."""

from __future__ import annotations

import pulumi
from pulumi_alicloud import oss

EXPORT_RETENTION_DAYS = 30  # R-ENT-4: the export window is 30 days; exports go after it.
NONCURRENT_RETENTION_DAYS = 1
WORM_LOCKED = "Locked"


class ObjectStorage(pulumi.ComponentResource):
    """Two buckets in the cell's region, never replicated anywhere (R-RES-5)."""

    def __init__(
        self,
        name: str,
        *,
        kms_key_id: pulumi.Input[str],
        audit_retention_days: int,
        suffix: str = "",
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("okki:infra:ObjectStorage", name, None, opts)
        self._kms_key_id = kms_key_id
        # Exports are versioned so an overwrite is recoverable until the lifecycle rule removes it.
        self.exports = self._bucket(
            f"{name}-exports{suffix}",
            versioning=oss.BucketVersioningArgs(status="Enabled"),
            lifecycle_rules=[_expire_exports()],
        )
        # R-AUD-2: audit checkpoints are write-once. OSS refuses WORM on a versioned bucket, so
        # this bucket relies on the locked retention policy instead of versioning.
        self.audit = self._bucket(f"{name}-audit{suffix}")
        oss.BucketWorm(
            f"{name}-audit",
            bucket=self.audit.bucket,
            retention_period_in_days=audit_retention_days,
            status=WORM_LOCKED,
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.register_outputs({"exportsBucket": self.exports.bucket, "auditBucket": self.audit.bucket})

    def _bucket(
        self,
        bucket_name: str,
        *,
        versioning: oss.BucketVersioningArgs | None = None,
        lifecycle_rules: list[oss.BucketLifecycleRuleArgs] | None = None,
    ) -> oss.Bucket:
        """A bucket that is private and encrypted with the cell's key, whatever else it has."""
        bucket = oss.Bucket(
            bucket_name,
            bucket=bucket_name,
            storage_class="Standard",
            server_side_encryption_rule=oss.BucketServerSideEncryptionRuleArgs(
                sse_algorithm="KMS", kms_master_key_id=self._kms_key_id
            ),
            versioning=versioning,
            lifecycle_rules=lifecycle_rules,
            opts=pulumi.ResourceOptions(parent=self),
        )
        oss.BucketAcl(
            bucket_name, bucket=bucket.bucket, acl="private", opts=pulumi.ResourceOptions(parent=self)
        )
        oss.BucketPublicAccessBlock(
            bucket_name,
            bucket=bucket.bucket,
            block_public_access=True,
            opts=pulumi.ResourceOptions(parent=self),
        )
        return bucket


def _expire_exports() -> oss.BucketLifecycleRuleArgs:
    return oss.BucketLifecycleRuleArgs(
        id="expire-exports",
        enabled=True,
        prefix="",
        expirations=[oss.BucketLifecycleRuleExpirationArgs(days=EXPORT_RETENTION_DAYS)],
        noncurrent_version_expirations=[
            oss.BucketLifecycleRuleNoncurrentVersionExpirationArgs(days=NONCURRENT_RETENTION_DAYS)
        ],
    )
