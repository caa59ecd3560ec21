"""The AWS Kubernetes-version check: the spec's minor must be in EKS standard support, and where kumo's table
(components/aws/facts.py) disagrees with EKS the report says what to update. eks DescribeClusterVersions is
stubbed with botocore's Stubber (moto answers "Not yet implemented")."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from components.aws import preflight as aws
from components.preflight import Result

from .conftest import AWS_SPEC, target


def _versions_client(versions: list[dict[str, Any]]) -> Any:
    client = boto3.client("eks", region_name="us-east-1")
    stub = Stubber(client)
    stub.add_response("describe_cluster_versions", {"clusterVersions": versions}, {"clusterType": "eks"})
    stub.activate()
    return client


def utc(day: str) -> datetime:
    return datetime.fromisoformat(f"{day}T00:00:00+00:00")


# What DescribeClusterVersions answers on 2026-12-01 (dates as the calendar gives them, in UTC).
VERSIONS = [
    {
        "clusterVersion": "1.36",
        "versionStatus": "STANDARD_SUPPORT",
        "defaultVersion": False,
        "endOfStandardSupportDate": utc("2027-08-02"),
        "endOfExtendedSupportDate": utc("2028-08-02"),
    },
    {
        "clusterVersion": "1.35",
        "versionStatus": "STANDARD_SUPPORT",
        "defaultVersion": True,
        "endOfStandardSupportDate": utc("2027-03-27"),
        "endOfExtendedSupportDate": utc("2028-03-27"),
    },
    {
        "clusterVersion": "1.34",
        "versionStatus": "STANDARD_SUPPORT",
        "defaultVersion": False,
        # As the API writes it: midnight UTC in the US Pacific zone (the EKS docs' own example does so).
        "endOfStandardSupportDate": datetime.fromisoformat("2026-12-01T16:00:00-08:00"),
        "endOfExtendedSupportDate": utc("2027-12-02"),
    },
    {
        "clusterVersion": "1.33",
        "versionStatus": "EXTENDED_SUPPORT",
        "defaultVersion": False,
        "endOfStandardSupportDate": utc("2026-07-29"),
        "endOfExtendedSupportDate": utc("2027-07-29"),
    },
    {
        "clusterVersion": "1.37",
        "versionStatus": "STANDARD_SUPPORT",
        "defaultVersion": False,
        "endOfStandardSupportDate": utc("2027-11-30"),
    },
    {"clusterVersion": "1.30", "versionStatus": "UNSUPPORTED"},
]
FIX = "set kubernetes_version to one of 1.34, 1.35, 1.36, 1.37"
CALENDAR = "https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html"


@pytest.mark.parametrize(
    ("version", "expected", "detail"),
    [
        ("1.35", "passed", "1.35 is offered in standard support until 2027-03-27"),
        ("1.36", "passed", "1.36 is offered in standard support until 2027-08-02"),
        ("1.34", "passed", "1.34 is offered in standard support until 2026-12-02"),
        # The table is behind EKS: passed (EKS offers it), and the report says what to update.
        (
            "1.37",
            "passed",
            "1.37 is offered in standard support until 2027-11-30 (not in kumo's table, "
            f"components/aws/facts.py: add it from {CALENDAR})",
        ),
        # Extended support only: kumo plans standard support, which this minor no longer has.
        (
            "1.33",
            "failed",
            "EKS offers Kubernetes 1.33 only in extended support (extra hourly charge) until 2027-07-29: "
            "kumo plans standard support",
        ),
        ("1.30", "failed", "EKS does not offer Kubernetes 1.30 in us-east-1"),
        ("1.99", "failed", "EKS does not offer Kubernetes 1.99 in us-east-1"),
        (None, "passed", "no version pinned: EKS creates 1.35"),
    ],
)
def test_kubernetes_version(version: str | None, expected: str, detail: str) -> None:
    ctx = aws.context(
        target("aws", "us-east-1", {**AWS_SPEC, "kubernetes_version": version}),
        clients={"eks": _versions_client(VERSIONS)},
    )
    result = aws.kubernetes_version(ctx)
    assert (result.status, result.detail) == (expected, detail)
    assert result.fix == (FIX if expected == "failed" else None)


def test_kubernetes_version_notes_a_date_the_table_disagrees_with() -> None:
    changed = [{**VERSIONS[1], "endOfStandardSupportDate": utc("2027-04-30")}]
    ctx = aws.context(
        target("aws", "us-east-1", {**AWS_SPEC, "kubernetes_version": "1.35"}),
        clients={"eks": _versions_client(changed)},
    )
    assert aws.kubernetes_version(ctx) == Result.passed(
        "1.35 is offered in standard support until 2027-04-30 (kumo's table says 2027-03-27: update "
        f"components/aws/facts.py from {CALENDAR})"
    )
