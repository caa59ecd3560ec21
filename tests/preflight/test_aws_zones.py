"""The AWS zones check on accounts moto cannot be: zone names whose IDs EKS refuses control-plane subnets in.
EC2 DescribeAvailabilityZones is stubbed with botocore's Stubber (real service model, exact request)."""

from __future__ import annotations

from typing import Any

import boto3
from botocore.stub import Stubber

from components.aws import preflight as aws
from components.preflight import Result

from .conftest import AWS_SPEC, target


def zones_client(region: str, zones: dict[str, str]) -> Any:
    """EC2 answering DescribeAvailabilityZones with this account's name -> zone ID mapping."""
    client = boto3.client("ec2", region_name=region)
    stub = Stubber(client)
    stub.add_response(
        "describe_availability_zones",
        {
            "AvailabilityZones": [
                {
                    "ZoneName": name,
                    "ZoneId": zone_id,
                    "RegionName": region,
                    "State": "available",
                    "OptInStatus": "opt-in-not-required",
                    "ZoneType": "availability-zone",
                }
                for name, zone_id in zones.items()
            ]
        },
        {
            "Filters": [
                {"Name": "state", "Values": ["available"]},
                {"Name": "opt-in-status", "Values": ["opt-in-not-required"]},
            ]
        },
    )
    stub.activate()
    return client


EKS_SUBNETS = "https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html#cluster-subnets"


def test_zones_skip_a_zone_id_eks_refuses() -> None:
    """An account whose us-east-1b is use1-az3: the cluster uses a, c and d, as the data layer chooses."""
    ctx = aws.context(
        target("aws", "us-east-1"),
        clients={
            "ec2": zones_client(
                "us-east-1",
                {
                    "us-east-1a": "use1-az1",
                    "us-east-1b": "use1-az3",
                    "us-east-1c": "use1-az2",
                    "us-east-1d": "use1-az4",
                },
            )
        },
    )
    result = aws.zones(ctx)
    assert (result.status, result.detail) == (
        "passed",
        (
            "4 zones available; the cluster uses us-east-1a, us-east-1c, us-east-1d; skipped us-east-1b (use1-az3: EKS "
            "refuses control-plane subnets there)"
        ),
    )
    assert ctx.zones == ["us-east-1a", "us-east-1c", "us-east-1d"]


def test_zones_fail_when_the_refused_zone_leaves_too_few() -> None:
    ctx = aws.context(
        target("aws", "us-west-1", {**AWS_SPEC, "network": {"zones": 2}}),
        clients={"ec2": zones_client("us-west-1", {"us-west-1a": "usw1-az2", "us-west-1b": "usw1-az1"})},
    )
    result = aws.zones(ctx)
    assert result == Result.failed(
        "us-west-1: network.zones = 2: region us-west-1 has 1 available zone(s) EKS accepts (us-west-1b); us-west-1a "
        f"is usw1-az2, where EKS refuses control-plane subnets ({EKS_SUBNETS})",
        "set network.zones to 2 or choose a region with 2 zones EKS accepts",
    )
