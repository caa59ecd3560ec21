"""What kumo's hardened S3 state bucket has, and every way an existing bucket differs from it.

The bucket gets: versioning (every state write is recoverable), default encryption SSE-KMS with the
AWS-managed `aws/s3` key and an S3 Bucket Key (decrypts are audited in CloudTrail, no key to manage or
lose, Bucket Key keeps KMS calls cheap), all four public-access blocks, BucketOwnerEnforced object
ownership (ACLs off), a TLS-only bucket policy (deny any request with aws:SecureTransport=false), and a
lifecycle rule that expires noncurrent versions after 90 days and aborts stale multipart uploads.
cli/state_backends/s3.py creates it with these settings and reads them back with `differences`.
"""

from __future__ import annotations

import json
from typing import Any

NONCURRENT_DAYS = 90
MULTIPART_DAYS = 7
LIFECYCLE_RULE_ID = "kumo-expire-noncurrent-state"
TLS_SID = "kumo-deny-insecure-transport"


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


def error_code(exc: Any) -> str:
    return str(getattr(exc, "response", {}).get("Error", {}).get("Code", ""))


def _get(call: Any, missing: str, **kwargs: Any) -> dict[str, Any] | None:
    """A GetBucket* call, None when the setting is absent (S3 answers with an error code for that)."""
    from botocore.exceptions import ClientError

    try:
        return call(**kwargs)
    except ClientError as exc:
        if error_code(exc) == missing:
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
