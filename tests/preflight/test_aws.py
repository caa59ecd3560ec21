"""AWS checks against moto (boto3 end to end). service-quotas GetServiceQuota for EC2 quotas (moto knows
only VPC quotas) is stubbed with botocore's Stubber, which validates every request and response against the
real service model. Nothing else is faked. Stubbed answers moto cannot give: an account whose zone IDs EKS
refuses (test_aws_zones.py) and eks DescribeClusterVersions (test_aws_versions.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from moto import mock_aws

from components.aws import preflight as aws
from components.preflight import CheckResult, Fail, Result, run_checks

from .conftest import AWS_SPEC, target


@pytest.fixture
def moto() -> Iterator[None]:
    with mock_aws():
        yield


def quota_client(on_demand: float, spot: float) -> tuple[Any, Stubber]:
    client = boto3.client("service-quotas", region_name="us-east-1")
    stub = Stubber(client)
    for code, value in (("L-1216C47A", on_demand), ("L-34B43A08", spot)):
        stub.add_response(
            "get_service_quota",
            {"Quota": {"ServiceCode": "ec2", "QuotaCode": code, "Value": value, "Unit": "None"}},
            {"ServiceCode": "ec2", "QuotaCode": code},
        )
    stub.activate()
    return client, stub


def run(raw: dict[str, Any] | None = None, region: str = "us-east-1", **options: Any) -> dict[str, CheckResult]:
    ctx = aws.context(target("aws", region, raw, backend_url=options.pop("backend_url", None)), **options)
    return {r.id: r for r in run_checks(aws.CHECKS, ctx)}


def status(results: dict[str, CheckResult]) -> dict[str, str]:
    return {k: r.result.status for k, r in results.items()}


def test_every_check_passes_on_a_healthy_account(moto: None) -> None:
    client, stub = quota_client(on_demand=64, spot=80)
    results = run(clients={"service-quotas": client})
    stub.assert_no_pending_responses()
    assert status(results) == {
        "aws.credentials": "passed",
        "aws.region": "passed",
        "aws.zones": "passed",
        "aws.instance_types": "passed",
        "aws.quota.on_demand": "passed",
        "aws.quota.spot": "passed",
        "aws.cluster_name": "passed",
        # moto has no DescribeClusterVersions: the check says it could not run, it does not pass.
        "aws.kubernetes_version": "skipped",
        "aws.state_backend": "skipped",  # no backend URL: not applicable
    }
    assert results["aws.credentials"].result.detail == ("account 123456789012 as arn:aws:sts::123456789012:user/moto")
    assert results["aws.zones"].result.detail == (
        "6 zones available; the cluster uses us-east-1a, us-east-1b, us-east-1c"
    )
    # The spot pool may launch any same-shape alternative the AWS component lists; all are checked.
    assert results["aws.instance_types"].result.detail == (
        "m6a.4xlarge, m6i.4xlarge, m7a.4xlarge, m7i.2xlarge, m7i.4xlarge, m7i.xlarge offered in us-east-1a, "
        "us-east-1b, us-east-1c"
    )
    assert results["aws.quota.on_demand"].result.detail.startswith(
        "on-demand pools need up to 56 vCPUs; quota L-1216C47A is 64"
    )
    assert results["aws.quota.spot"].result.detail.startswith("spot pools need up to 80 vCPUs; quota L-34B43A08 is 80")
    assert "Not yet implemented" in results["aws.kubernetes_version"].result.detail
    assert results["aws.state_backend"].result.detail == (
        "not applicable: the state backend is not set (the local default)"
    )


def test_quota_below_the_pools_needs_fails_with_the_increase_command(moto: None) -> None:
    client, _ = quota_client(on_demand=55, spot=32)
    results = run(clients={"service-quotas": client})
    on_demand, spot = results["aws.quota.on_demand"].result, results["aws.quota.spot"].result
    assert (on_demand.status, spot.status) == ("failed", "failed")
    assert on_demand.detail == (
        "on-demand pools need up to 56 vCPUs at max_nodes; the quota L-1216C47A (Running "
        "On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances) is 55"
    )
    assert "--quota-code L-1216C47A --desired-value 56 --region us-east-1" in str(on_demand.fix)
    assert "--quota-code L-34B43A08 --desired-value 80" in str(spot.fix)
    # One failure stops nothing: every other check still ran.
    assert results["aws.cluster_name"].result.status == "passed"


def test_quota_moto_cannot_answer_is_skipped_not_passed(moto: None) -> None:
    results = run()  # moto's service-quotas knows no EC2 quota
    assert results["aws.quota.on_demand"].result.status == "skipped"
    assert results["aws.quota.on_demand"].result.detail.startswith("could not run:")


def test_instance_type_missing_in_one_zone_fails_naming_pool_and_zone(moto: None) -> None:
    # moto's recorded offerings: m4.large (2 vCPU, 8 GiB) exists in sa-east-1a and -1c but not in sa-east-1b.
    raw = {
        **AWS_SPEC,
        "node_pools": [
            {
                "name": "system",
                "size": "small",
                "min_nodes": 3,
                "max_nodes": 3,
                "system": True,
                "machine_types": {"aws": "m4.large"},
            }
        ],
    }
    client, _ = quota_client(on_demand=64, spot=0)
    result = run(raw, "sa-east-1", clients={"service-quotas": client})["aws.instance_types"].result
    assert result.status == "failed"
    assert result.detail == "not offered: system (m4.large) in sa-east-1b"
    assert "machine_types.aws" in str(result.fix)


def test_region_not_enabled_fails_and_skips_what_depends_on_it(moto: None) -> None:
    results = run(region="ap-east-1")  # an opt-in region moto reports as not-opted-in
    assert results["aws.region"].result.status == "failed"
    assert "aws account enable-region --region-name ap-east-1" in str(results["aws.region"].result.fix)
    assert results["aws.zones"].result.status == "skipped"
    assert results["aws.zones"].result.detail == "not run: aws.region failed"
    assert results["aws.instance_types"].result.detail == "not run: aws.zones skipped"


def test_too_few_zones_fails(moto: None) -> None:
    # moto's us-west-1 has two zones.
    result = run(region="us-west-1")["aws.zones"].result
    assert result.status == "failed"
    assert result.detail == (
        "us-west-1: network.zones = 3: region us-west-1 has 2 available zone(s) EKS accepts (us-west-1a, us-west-1b)"
    )


def _create_cluster(name: str, tags: dict[str, str] | None = None) -> None:
    boto3.client("eks", region_name="us-east-1").create_cluster(
        name=name,
        roleArn="arn:aws:iam::123456789012:role/eks",
        tags=tags or {},
        resourcesVpcConfig={"subnetIds": ["subnet-1", "subnet-2"]},
    )


def test_taken_cluster_name_fails(moto: None) -> None:
    _create_cluster("shop")
    result = run()["aws.cluster_name"].result
    assert result.status == "failed"
    assert result.detail == (
        "an EKS cluster named shop already exists in us-east-1 (status ACTIVE) and kumo did not create it"
    )


def test_kumo_own_cluster_passes_as_an_update(moto: None) -> None:
    _create_cluster("shop", {"managed-by": "kumo", "kumo-cluster": "shop"})
    result = run()["aws.cluster_name"].result
    assert (result.status, result.detail) == ("passed", "shop exists and carries kumo's tags: `up` updates it")


def test_missing_credentials_skip_every_check(moto: None, no_aws_credentials: None) -> None:
    results = run(backend_url="s3://kumo-state")
    assert set(status(results).values()) == {"skipped"}
    creds = results["aws.credentials"].result
    assert creds.prerequisite == "AWS credentials"
    assert creds.detail.startswith("no usable AWS credentials")
    assert results["aws.state_backend"].result.prerequisite == "AWS credentials"
    assert results["aws.region"].result.detail == "not run: aws.credentials skipped"


def test_backend_bucket_reachable_and_missing(moto: None) -> None:
    boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="kumo-state")

    def check(url: str) -> Any:
        return aws.state_backend(aws.context(target("aws", "us-east-1", backend_url=url)))

    found = check("s3://kumo-state?region=us-east-1&awssdk=v2")
    assert (found.status, found.detail) == ("passed", "state bucket kumo-state is reachable")
    with pytest.raises(Fail) as missing:
        check("s3://nope-state")
    assert missing.value.result == Result.failed(
        "state bucket nope-state does not exist", "create it: `kumo backend create s3://nope-state --region us-east-1`"
    )
