"""`kumo backend create s3://BUCKET --region R`: a hardened S3 bucket for Pulumi state, created once, checked
every time after, never silently changed (its settings: cli/state_backends/s3_settings.py).

`ensure_bucket` is idempotent: a missing bucket is created and read back; an existing bucket that has
all of kumo's settings is left alone ("already compliant"); one that differs is reported, item by item, and
not modified. boto3 is imported inside the functions that call AWS.
"""

from __future__ import annotations

import ipaddress
import json
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from cli.errors import BadInput, MissingPrerequisite, OperationFailed
from cli.state_backends.s3_settings import (
    ENCRYPTION,
    LIFECYCLE,
    PUBLIC_ACCESS_BLOCK,
    differences,
    error_code,
    tls_only_policy,
)
from components.echo import echo

CLOUD = "aws"
"""The cloud whose regions an S3 bucket goes to (components/clouds.py)."""
_BUCKET_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")
_RESERVED_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
_RESERVED_SUFFIXES = ("-s3alias", "--ol-s3", "--x-s3", "--table-s3")


class InvalidBackendUrl(ValueError):
    """A backend URL or bucket name kumo cannot use; the message says why and what is allowed."""


def bucket_from_url(url: str) -> str:
    """The bucket of `s3://BUCKET` (no path, no query), validated; `InvalidBackendUrl` otherwise."""
    if not url.startswith("s3://"):
        raise InvalidBackendUrl(f"{echo(url)} is not an s3:// URL (kumo backend create supports s3://BUCKET)")
    rest = url[len("s3://") :]
    if "/" in rest.rstrip("/") or "?" in rest:
        raise InvalidBackendUrl(f"{echo(url)}: give the bare bucket, s3://BUCKET (kumo adds the query itself)")
    return validate_bucket_name(rest.rstrip("/"))


def validate_bucket_name(name: str) -> str:
    """S3 general-purpose bucket naming rules, minus dots (they break TLS for virtual-hosted addressing)."""
    if not 3 <= len(name) <= 63:
        raise InvalidBackendUrl(f"bucket name {echo(name)} must be 3 to 63 characters")
    if "." in name:
        raise InvalidBackendUrl(
            f"bucket name {echo(name)} contains '.': dotted names break HTTPS certificate checks "
            "for virtual-hosted addressing; use hyphens"
        )
    if not _BUCKET_RE.match(name):
        raise InvalidBackendUrl(
            f"bucket name {echo(name)} may use only lowercase letters, digits and '-', starting "
            "and ending with a letter or digit"
        )
    if name.startswith(_RESERVED_PREFIXES) or name.endswith(_RESERVED_SUFFIXES):
        raise InvalidBackendUrl(f"bucket name {echo(name)} uses a prefix or suffix S3 reserves")
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return name
    raise InvalidBackendUrl(f"bucket name {echo(name)} must not look like an IP address")


def backend_url(bucket: str, region: str) -> str:
    """The PULUMI_BACKEND_URL for the bucket (Pulumi's S3 backend, AWS SDK v2 credential chain)."""
    return f"s3://{bucket}?region={region}&awssdk=v2"


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
        code = error_code(exc)
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
        if error_code(exc) == "BucketAlreadyExists":
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


def region_problem(region: str) -> str | None:
    """Why `region` is not an AWS region kumo deploys to (the cloud's fact table, with a "did you mean"),
    else None: the same regions a stack's aws:region is checked against, answered offline."""
    from components.clouds import cloud
    from components.facts import location_problems

    problems = location_problems(CLOUD, {cloud(CLOUD).region_key: region})
    return problems[0].message if problems else None


def create(url: str, region: str) -> dict[str, object]:
    """Validate the URL and region (bad input), then create or check the bucket; its result document."""
    from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

    try:
        bucket = bucket_from_url(url)
    except InvalidBackendUrl as exc:
        raise BadInput(str(exc)) from None
    problem = region_problem(region)
    if problem:
        raise BadInput(f"--region {echo(region)}: {problem}")
    try:
        result = ensure_bucket(bucket, region)
    except NoCredentialsError:
        raise MissingPrerequisite(
            "no AWS credentials found", hint="`aws sso login`, `aws configure`, or set AWS_PROFILE"
        ) from None
    except BucketUnavailable as exc:
        raise OperationFailed(str(exc)) from None
    except (ClientError, BotoCoreError) as exc:
        raise OperationFailed(f"AWS refused: {exc}") from None
    return result.to_json()
