"""LOG-03 beyond the one mutation per cloud in failing.py: each part of the rule fails on its own."""

from __future__ import annotations

from typing import Any

import pytest

from tests.policy.fixtures import plan
from tests.policy.mutations import DROP, Mutation, drop, put, status


@pytest.mark.parametrize(
    ("cloud", "mutate", "found"),
    [
        ("aws", put("ec2/flowLog:FlowLog", "trafficType", "REJECT"), "trafficType = 'REJECT'"),
        ("aws", put("cloudwatch/logGroup:LogGroup", "kmsKeyId", DROP, name="flow-logs"), "kmsKeyId = (absent)"),
        ("aws", put("cloudwatch/logGroup:LogGroup", "retentionInDays", 30.0, name="flow-logs"), "retentionInDays = 30"),
        ("azure", drop("network:FlowLog"), "no VNet flow log on the virtual network"),
        ("azure", put("network:FlowLog", "enabled", False), "enabled = False"),
        ("azure", put("network:FlowLog", "retentionPolicy.enabled", False), "retentionPolicy.enabled = False"),
        ("gcp", put("container/cluster:Cluster", "enableIntranodeVisibility", DROP), "enableIntranodeVisibility"),
        ("gcp", put("compute/subnetwork:Subnetwork", "logConfig", DROP), "logConfig = (absent)"),
        ("gcp", drop("logging/projectSink:ProjectSink"), "no sink routes compute.googleapis.com/vpc_flows"),
        (
            "gcp",
            put("logging/projectBucketConfig:ProjectBucketConfig", "retentionDays", 30.0),
            "retentionDays = 30",
        ),
    ],
)
def test_each_part_fails_alone(cloud: str, mutate: Mutation, found: str) -> None:
    resources = plan(cloud)
    assert status(resources, cloud, "LOG-03").status == "pass"
    mutate(resources)
    result = status(resources, cloud, "LOG-03")
    assert result.status == "fail"
    assert any(f.found.startswith(found) for f in result.failures), [f.found for f in result.failures]


@pytest.mark.parametrize(("days", "expected"), [(89.0, "fail"), (90.0, "pass"), (True, "fail"), ("90", "fail")])
def test_retention_boundary(days: Any, expected: str) -> None:
    resources = plan("azure")
    put("network:FlowLog", "retentionPolicy.days", days)(resources)
    assert status(resources, "azure", "LOG-03").status == expected


def test_a_sink_must_name_the_subnetwork() -> None:
    resources = plan("gcp")
    put("logging/projectSink:ProjectSink", "filter", 'log_id("compute.googleapis.com/vpc_flows")')(resources)
    result = status(resources, "gcp", "LOG-03")
    assert [f.found for f in result.failures] == [
        'no sink routes compute.googleapis.com/vpc_flows of subnetwork "t1-nodes" (_Default keeps them 30 days)'
    ]


def test_nothing_to_look_at_fails() -> None:
    resources = [r for r in plan("aws") if r.type != "aws:ec2/vpc:Vpc"]
    result = status(resources, "aws", "LOG-03")
    assert result.status == "fail" and result.failures[0].found == "no VPC in the plan"
