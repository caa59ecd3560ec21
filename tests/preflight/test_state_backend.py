"""`kumo backend create` against moto: the bucket's settings read back through boto3, idempotency, and an
existing non-compliant bucket reported and left untouched."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from components.aws.state_backend import (
    InvalidBackendUrl,
    bucket_from_url,
    differences,
    ensure_bucket,
    validate_bucket_name,
)


@pytest.fixture
def s3() -> Iterator[Any]:
    with mock_aws():
        yield boto3.client("s3", region_name="eu-west-1")


def test_created_bucket_reads_back_hardened(s3: Any) -> None:
    result = ensure_bucket("kumo-state", "eu-west-1")
    assert (result.status, result.differences) == ("created", [])
    assert result.url == "s3://kumo-state?region=eu-west-1&awssdk=v2"

    assert s3.get_bucket_location(Bucket="kumo-state")["LocationConstraint"] == "eu-west-1"
    assert s3.get_bucket_versioning(Bucket="kumo-state")["Status"] == "Enabled"
    assert s3.get_bucket_encryption(Bucket="kumo-state")["ServerSideEncryptionConfiguration"]["Rules"] == [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}, "BucketKeyEnabled": True}
    ]
    assert s3.get_public_access_block(Bucket="kumo-state")["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "IgnorePublicAcls": True,
        "BlockPublicPolicy": True,
        "RestrictPublicBuckets": True,
    }
    assert s3.get_bucket_ownership_controls(Bucket="kumo-state")["OwnershipControls"]["Rules"] == [
        {"ObjectOwnership": "BucketOwnerEnforced"}
    ]
    assert json.loads(s3.get_bucket_policy(Bucket="kumo-state")["Policy"])["Statement"] == [
        {
            "Sid": "kumo-deny-insecure-transport",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:*",
            "Resource": ["arn:aws:s3:::kumo-state", "arn:aws:s3:::kumo-state/*"],
            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        }
    ]
    rules = s3.get_bucket_lifecycle_configuration(Bucket="kumo-state")["Rules"]
    assert [
        (
            r["ID"],
            r["Status"],
            r["NoncurrentVersionExpiration"]["NoncurrentDays"],
            r["AbortIncompleteMultipartUpload"]["DaysAfterInitiation"],
        )
        for r in rules
    ] == [("kumo-expire-noncurrent-state", "Enabled", 90, 7)]
    tags = {t["Key"]: t["Value"] for t in s3.get_bucket_tagging(Bucket="kumo-state")["TagSet"]}
    assert tags == {"managed-by": "kumo", "purpose": "pulumi-state"}


def test_us_east_1_bucket_has_no_location_constraint() -> None:
    with mock_aws():
        assert ensure_bucket("kumo-state", "us-east-1").status == "created"
        s3 = boto3.client("s3", region_name="us-east-1")
        assert s3.get_bucket_location(Bucket="kumo-state").get("LocationConstraint") is None
        assert differences(s3, "kumo-state", "us-east-1") == []


def test_rerun_on_a_compliant_bucket_changes_nothing(s3: Any) -> None:
    ensure_bucket("kumo-state", "eu-west-1")
    before = _settings(s3, "kumo-state")
    again = ensure_bucket("kumo-state", "eu-west-1")
    assert (again.status, again.differences) == ("already compliant", [])
    assert _settings(s3, "kumo-state") == before


def test_existing_plain_bucket_is_reported_not_modified(s3: Any) -> None:
    s3.create_bucket(Bucket="legacy-state", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    # Real S3 gives every new bucket SSE-S3 (AES256) since 2023; moto does not, so set it as S3 would.
    s3.put_bucket_encryption(
        Bucket="legacy-state",
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
        },
    )
    before = _settings(s3, "legacy-state")
    result = ensure_bucket("legacy-state", "eu-west-1")
    assert result.status == "non-compliant"
    assert result.differences == [
        "versioning: not enabled",
        "default encryption: AES256, kumo expects SSE-KMS (aws:kms)",
        "public access block: BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets not set",
        "object ownership: not set, kumo expects BucketOwnerEnforced (ACLs disabled)",
        "bucket policy: no statement denying requests without TLS (aws:SecureTransport=false)",
        "lifecycle: no enabled whole-bucket rule expiring noncurrent versions",
    ]
    assert _settings(s3, "legacy-state") == before


def test_one_difference_is_named_alone(s3: Any) -> None:
    ensure_bucket("kumo-state", "eu-west-1")
    s3.delete_bucket_policy(Bucket="kumo-state")
    assert ensure_bucket("kumo-state", "eu-west-1").differences == [
        "bucket policy: no statement denying requests without TLS (aws:SecureTransport=false)"
    ]


def test_bucket_in_another_region_is_reported(s3: Any) -> None:
    ensure_bucket("kumo-state", "eu-west-1")
    result = ensure_bucket("kumo-state", "us-west-2")
    assert result.status == "non-compliant"
    assert result.differences == ["region: the bucket is in eu-west-1, not us-west-2"]


def _settings(s3: Any, bucket: str) -> dict[str, Any]:
    def get(call: Any) -> Any:
        try:
            answer = call(Bucket=bucket)
        except s3.exceptions.ClientError as exc:
            return exc.response["Error"]["Code"]
        answer.pop("ResponseMetadata", None)
        return answer

    return {
        name: get(getattr(s3, name))
        for name in (
            "get_bucket_versioning",
            "get_bucket_encryption",
            "get_public_access_block",
            "get_bucket_ownership_controls",
            "get_bucket_policy",
            "get_bucket_lifecycle_configuration",
            "get_bucket_tagging",
        )
    }


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("s3://Kumo-State", "may use only lowercase letters, digits and '-'"),
        ("s3://ab", "must be 3 to 63 characters"),
        ("s3://" + "a" * 64, "must be 3 to 63 characters"),
        ("s3://kumo.state", "contains '.'"),
        ("s3://-kumo", "starting and ending with a letter or digit"),
        ("s3://xn--kumo", "prefix or suffix S3 reserves"),
        ("s3://kumo-state/prefix", "give the bare bucket"),
        ("gs://kumo-state", "is not an s3:// URL"),
    ],
)
def test_invalid_bucket_urls(url: str, message: str) -> None:
    with pytest.raises(InvalidBackendUrl, match=None) as info:
        bucket_from_url(url)
    assert message in str(info.value)


def test_valid_bucket_names() -> None:
    assert bucket_from_url("s3://kumo-state-123") == "kumo-state-123"
    assert validate_bucket_name("a1b") == "a1b"
