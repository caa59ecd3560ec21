"""`kumo backend create`: the state store each URL scheme gets (cli/state_backends). For s3://, against moto:
the bucket's settings read back through boto3, idempotency, and an existing non-compliant bucket reported and
left untouched; through the front door (`cli.app.main`), the exit codes and the bad input each scheme gives."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

import cli.app
from cli.state_backends.s3 import (
    InvalidBackendUrl,
    bucket_from_url,
    differences,
    ensure_bucket,
    validate_bucket_name,
)


@pytest.fixture(autouse=True)
def aws_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Fake credentials and no shared config, so boto3 never finds real ones nor asks IMDS."""
    for key in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN"):
        monkeypatch.delenv(key, raising=False)
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.setenv(key, "testing")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "aws-credentials"))


@pytest.fixture
def no_aws_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(key, raising=False)


@pytest.fixture
def moto() -> Iterator[None]:
    with mock_aws():
        yield


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


# ---------------------------------------------------------------------------------------------------------
# kumo backend create


def test_backend_create_then_rerun(moto: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.app.main(["backend", "create", "s3://kumo-state", "--region", "eu-west-1"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "created hardened state bucket kumo-state in eu-west-1",
        "export PULUMI_BACKEND_URL='s3://kumo-state?region=eu-west-1&awssdk=v2'",
    ]
    assert cli.app.main(["backend", "create", "s3://kumo-state", "--region", "eu-west-1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "bucket": "kumo-state",
        "region": "eu-west-1",
        "status": "already compliant",
        "differences": [],
        "backend_url": "s3://kumo-state?region=eu-west-1&awssdk=v2",
    }


def test_backend_create_on_a_plain_bucket_exits_3_and_lists_differences(
    moto: None, capsys: pytest.CaptureFixture[str]
) -> None:
    import boto3

    boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="plain-state")
    assert cli.app.main(["backend", "create", "s3://plain-state", "--region", "us-east-1"]) == 3
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0] == "bucket plain-state is non-compliant (not modified):"
    assert "  - versioning: not enabled" in captured.out.splitlines()
    assert "exists but is not hardened" in captured.err


@pytest.mark.parametrize(
    ("args", "lines"),
    [
        (
            ["s3://Bad_Bucket", "--region", "us-east-1"],
            [
                "error: bucket name 'Bad_Bucket' may use only lowercase letters, digits and '-', starting and "
                "ending with a letter or digit"
            ],
        ),
        (
            ["gs://kumo-state", "--region", "us-east-1"],
            [
                "error: gs:// backends are not created by kumo yet",
                "hint: create the bucket with `gcloud storage`, then set PULUMI_BACKEND_URL; `kumo preflight` "
                "checks it is reachable",
            ],
        ),
        (
            ["azblob://kumo-state", "--region", "eastus"],
            [
                "error: azblob:// backends are not created by kumo yet",
                "hint: create the container with `az storage`, then set PULUMI_BACKEND_URL; `kumo preflight` "
                "checks it is reachable",
            ],
        ),
        (
            ["file:///tmp/state", "--region", "us-east-1"],
            ["error: 'file:///tmp/state' is not a URL kumo backend create supports: s3://BUCKET"],
        ),
        (
            ["kumo-state", "--region", "us-east-1"],
            ["error: 'kumo-state' is not a URL kumo backend create supports: s3://BUCKET"],
        ),
    ],
)
def test_backend_create_bad_input_exits_2(
    args: list[str], lines: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.app.main(["backend", "create", *args]) == 2
    assert capsys.readouterr().err.splitlines() == lines


def test_an_unknown_region_is_the_one_a_stack_would_be_refused_with(capsys: pytest.CaptureFixture[str]) -> None:
    """The region is checked against the AWS fact table stacks are checked against (offline, no SDK)."""
    assert cli.app.main(["backend", "create", "s3://kumo-state", "--region", "us-esat-1"]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("error: --region 'us-esat-1': is an unknown AWS region: did you mean 'us-east-1'? (https://")


def test_backend_create_without_credentials_exits_4(
    moto: None, no_aws_credentials: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.app.main(["backend", "create", "s3://kumo-state", "--region", "us-east-1"]) == 4
    assert "no AWS credentials found" in capsys.readouterr().err
