"""A hardened S3 bucket for Pulumi state: created once, checked every time after, never silently changed.

The bucket gets: versioning (every state write is recoverable), default encryption SSE-KMS with the
AWS-managed `aws/s3` key and an S3 Bucket Key (decrypts are audited in CloudTrail, no key to manage or
lose, Bucket Key keeps KMS calls cheap), all four public-access blocks, BucketOwnerEnforced object
ownership (ACLs off), a TLS-only bucket policy (deny any request with aws:SecureTransport=false), and a
lifecycle rule that expires noncurrent versions after 90 days and aborts stale multipart uploads.

`ensure_bucket` is idempotent: a missing bucket is created and read back; an existing bucket that has
all of the above is left alone ("already compliant"); one that differs is reported, item by item, and
not modified. boto3 is imported inside the functions that call AWS.
"""

from __future__ import annotations

import ipaddress
import json
import re
from dataclasses import dataclass, field
from typing import Any, Literal

NONCURRENT_DAYS = 90
MULTIPART_DAYS = 7
LIFECYCLE_RULE_ID = "kumo-expire-noncurrent-state"
TLS_SID = "kumo-deny-insecure-transport"
_BUCKET_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")
_RESERVED_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
_RESERVED_SUFFIXES = ("-s3alias", "--ol-s3", "--x-s3", "--table-s3")


class InvalidBackendUrl(ValueError):
    """A backend URL or bucket name kumo cannot use; the message says why and what is allowed."""


def bucket_from_url(url: str) -> str:
    """The bucket of `s3://BUCKET` (no path, no query), validated; `InvalidBackendUrl` otherwise."""
    if not url.startswith("s3://"):
        raise InvalidBackendUrl(f"{url!r} is not an s3:// URL (kumo backend create supports s3://BUCKET)")
    rest = url[len("s3://") :]
    if "/" in rest.rstrip("/") or "?" in rest:
        raise InvalidBackendUrl(f"{url!r}: give the bare bucket, s3://BUCKET (kumo adds the query itself)")
    return validate_bucket_name(rest.rstrip("/"))


def validate_bucket_name(name: str) -> str:
    """S3 general-purpose bucket naming rules, minus dots (they break TLS for virtual-hosted addressing)."""
    if not 3 <= len(name) <= 63:
        raise InvalidBackendUrl(f"bucket name {name!r} must be 3 to 63 characters")
    if "." in name:
        raise InvalidBackendUrl(
            f"bucket name {name!r} contains '.': dotted names break HTTPS certificate checks "
            "for virtual-hosted addressing; use hyphens"
        )
    if not _BUCKET_RE.match(name):
        raise InvalidBackendUrl(
            f"bucket name {name!r} may use only lowercase letters, digits and '-', starting "
            "and ending with a letter or digit"
        )
    if name.startswith(_RESERVED_PREFIXES) or name.endswith(_RESERVED_SUFFIXES):
        raise InvalidBackendUrl(f"bucket name {name!r} uses a prefix or suffix S3 reserves")
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return name
    raise InvalidBackendUrl(f"bucket name {name!r} must not look like an IP address")


def backend_url(bucket: str, region: str) -> str:
    """The PULUMI_BACKEND_URL for the bucket (Pulumi's S3 backend, AWS SDK v2 credential chain)."""
    return f"s3://{bucket}?region={region}&awssdk=v2"


def tls_only_policy(bucket: str, partition: str = "aws") -> dict[str, Any]:
    arn = f"arn:{partition}:s3:::{bucket}"
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": TLS_SID,
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": [arn, f"{arn}/*"],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            }
        ],
    }


LIFECYCLE = {
    "Rules": [
        {
            "ID": LIFECYCLE_RULE_ID,
            "Status": "Enabled",
            "Filter": {},
            "NoncurrentVersionExpiration": {"NoncurrentDays": NONCURRENT_DAYS},
            "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": MULTIPART_DAYS},
        }
    ]
}
PUBLIC_ACCESS_BLOCK = {
    "BlockPublicAcls": True,
    "IgnorePublicAcls": True,
    "BlockPublicPolicy": True,
    "RestrictPublicBuckets": True,
}
ENCRYPTION = {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}, "BucketKeyEnabled": True}]}


@dataclass(frozen=True)
class BackendResult:
    """What `ensure_bucket` did."""

    bucket: str
    region: str
    status: Literal["created", "already compliant", "non-compliant"]
    differences: list[str] = field(default_factory=list)
    """For a non-compliant bucket: each setting that differs from kumo's, in words."""

    @property
    def url(self) -> str:
        return backend_url(self.bucket, self.region)

    def to_json(self) -> dict[str, Any]:
        return {
            "bucket": self.bucket,
            "region": self.region,
            "status": self.status,
            "differences": self.differences,
            "backend_url": self.url,
        }


class BucketUnavailable(Exception):
    """The name is taken by another account, or this identity may not use the bucket."""


# ---------------------------------------------------------------------------------------------------------
# Reading a bucket's settings back


def _error_code(exc: Any) -> str:
    return str(getattr(exc, "response", {}).get("Error", {}).get("Code", ""))


def _get(call: Any, missing: str, **kwargs: Any) -> dict[str, Any] | None:
    """A GetBucket* call, None when the setting is absent (S3 answers with an error code for that)."""
    from botocore.exceptions import ClientError

    try:
        return call(**kwargs)
    except ClientError as exc:
        if _error_code(exc) == missing:
            return None
        raise


def differences(s3: Any, bucket: str, region: str) -> list[str]:
    """Every way the bucket falls short of kumo's settings; empty when compliant."""
    found: list[str] = []
    location = s3.get_bucket_location(Bucket=bucket).get("LocationConstraint") or "us-east-1"
    if location == "EU":
        location = "eu-west-1"
    if location != region:
        found.append(f"region: the bucket is in {location}, not {region}")
    if s3.get_bucket_versioning(Bucket=bucket).get("Status") != "Enabled":
        found.append("versioning: not enabled")
    enc = _get(s3.get_bucket_encryption, "ServerSideEncryptionConfigurationNotFoundError", Bucket=bucket)
    algorithms = [
        r.get("ApplyServerSideEncryptionByDefault", {}).get("SSEAlgorithm")
        for r in (enc or {}).get("ServerSideEncryptionConfiguration", {}).get("Rules", [])
    ]
    if not any(a in ("aws:kms", "aws:kms:dsse") for a in algorithms):
        found.append(
            f"default encryption: {', '.join(a for a in algorithms if a) or 'none'}, kumo expects SSE-KMS (aws:kms)"
        )
    pab = _get(s3.get_public_access_block, "NoSuchPublicAccessBlockConfiguration", Bucket=bucket)
    config = (pab or {}).get("PublicAccessBlockConfiguration", {})
    off = [k for k in PUBLIC_ACCESS_BLOCK if not config.get(k)]
    if off:
        found.append(f"public access block: {', '.join(off)} not set")
    own = _get(s3.get_bucket_ownership_controls, "OwnershipControlsNotFoundError", Bucket=bucket)
    rules = [r.get("ObjectOwnership") for r in (own or {}).get("OwnershipControls", {}).get("Rules", [])]
    if rules != ["BucketOwnerEnforced"]:
        found.append(
            f"object ownership: {', '.join(str(r) for r in rules) or 'not set'}, kumo expects "
            "BucketOwnerEnforced (ACLs disabled)"
        )
    policy = _get(s3.get_bucket_policy, "NoSuchBucketPolicy", Bucket=bucket)
    if not _denies_insecure_transport(json.loads(policy["Policy"]) if policy else {}, bucket):
        found.append("bucket policy: no statement denying requests without TLS (aws:SecureTransport=false)")
    life = _get(s3.get_bucket_lifecycle_configuration, "NoSuchLifecycleConfiguration", Bucket=bucket)
    if not any(
        r.get("Status") == "Enabled" and "NoncurrentVersionExpiration" in r and _whole_bucket(r)
        for r in (life or {}).get("Rules", [])
    ):
        found.append("lifecycle: no enabled whole-bucket rule expiring noncurrent versions")
    return found


def _listify(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _denies_insecure_transport(policy: dict[str, Any], bucket: str) -> bool:
    for st in _listify(policy.get("Statement", [])):
        condition = st.get("Condition", {}).get("Bool", {}).get("aws:SecureTransport")
        resources = {str(r) for r in _listify(st.get("Resource", []))}
        actions = {str(a) for a in _listify(st.get("Action", []))}
        covers = any(r.endswith(f":::{bucket}") for r in resources) and any(
            r.endswith(f":::{bucket}/*") for r in resources
        )
        if (
            st.get("Effect") == "Deny"
            and st.get("Principal") in ("*", {"AWS": "*"})
            and str(condition).lower() == "false"
            and covers
            and actions & {"s3:*", "*"}
        ):
            return True
    return False


def _whole_bucket(rule: dict[str, Any]) -> bool:
    filt = rule.get("Filter")
    if filt is None:
        return not rule.get("Prefix")
    return not filt or filt == {"Prefix": ""}


# ---------------------------------------------------------------------------------------------------------
# Creating


def ensure_bucket(bucket: str, region: str, *, session: Any = None) -> BackendResult:
    """Create the hardened bucket, or report whether an existing one complies. Never modifies an existing
    bucket. Raises `BucketUnavailable` when the name belongs to someone else or access is denied."""
    from botocore.exceptions import ClientError

    if session is None:
        import boto3

        session = boto3.Session()
    s3 = session.client("s3", region_name=region)
    try:
        s3.head_bucket(Bucket=bucket)
        exists = True
    except ClientError as exc:
        code = _error_code(exc)
        if code in ("403", "AccessDenied"):
            raise BucketUnavailable(
                f"bucket {bucket} exists but this identity may not use it (S3 names are "
                "global: another account may own it)"
            ) from None
        if code not in ("404", "NoSuchBucket"):
            raise
        exists = False
    if exists:
        diffs = differences(s3, bucket, region)
        return BackendResult(bucket, region, "non-compliant" if diffs else "already compliant", diffs)
    _create(s3, session, bucket, region)
    diffs = differences(s3, bucket, region)
    if diffs:  # read back: what S3 now holds must be what was asked for
        raise RuntimeError(f"bucket {bucket} was created but reads back differently: {'; '.join(diffs)}")
    return BackendResult(bucket, region, "created")


def _create(s3: Any, session: Any, bucket: str, region: str) -> None:
    from botocore.exceptions import ClientError

    args: dict[str, Any] = {"Bucket": bucket, "ObjectOwnership": "BucketOwnerEnforced"}
    if region != "us-east-1":  # us-east-1 rejects an explicit LocationConstraint
        args["CreateBucketConfiguration"] = {"LocationConstraint": region}
    try:
        s3.create_bucket(**args)
    except ClientError as exc:
        if _error_code(exc) == "BucketAlreadyExists":
            raise BucketUnavailable(f"bucket name {bucket} is taken by another AWS account; choose another") from None
        raise
    s3.get_waiter("bucket_exists").wait(Bucket=bucket, WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    partition = session.get_partition_for_region(region) if hasattr(session, "get_partition_for_region") else "aws"
    # Public access is blocked before anything else, so no moment exists where the bucket could be opened.
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration=PUBLIC_ACCESS_BLOCK)
    s3.put_bucket_ownership_controls(
        Bucket=bucket, OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    )
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration=ENCRYPTION)
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(tls_only_policy(bucket, partition)))
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration=LIFECYCLE)
    s3.put_bucket_tagging(
        Bucket=bucket,
        Tagging={"TagSet": [{"Key": "managed-by", "Value": "kumo"}, {"Key": "purpose", "Value": "pulumi-state"}]},
    )
