"""AWS's fact tables (components/aws/facts.py), each fact against what the program plans: the Kubernetes minors
(version, upgrade policy, the autoscaler of the same minor), the regions. Zone IDs: test_zones.py; the tags EKS
manages on node groups: test_node_pools.py."""

from __future__ import annotations

from datetime import date

import boto3
import pytest

from components import facts as neutral
from components.aws import eks, facts
from components.offline import plan_spec
from components.records import Plan
from components.spec import parse_spec
from components.stackfiles import load_stack
from tests.aws.conftest import REGION

DAY = date(2026, 12, 1)
CALENDAR = "https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html"


def test_kubernetes_minors_and_their_dates() -> None:
    assert [
        (m.minor, m.released, m.end_of_standard, m.end_of_extended, m.source.url, m.source.checked)
        for m in facts.KUBERNETES
    ] == [
        ("1.31", date(2024, 9, 26), date(2025, 11, 26), date(2026, 11, 26), CALENDAR, DAY),
        ("1.32", date(2025, 1, 23), date(2026, 3, 23), date(2027, 3, 23), CALENDAR, DAY),
        ("1.33", date(2025, 5, 29), date(2026, 7, 29), date(2027, 7, 29), CALENDAR, DAY),
        ("1.34", date(2025, 10, 2), date(2026, 12, 2), date(2027, 12, 2), CALENDAR, DAY),
        ("1.35", date(2026, 1, 27), date(2027, 3, 27), date(2028, 3, 27), "https://endoflife.date/amazon-eks", DAY),
        (
            "1.36",
            date(2026, 6, 2),
            date(2027, 8, 2),
            date(2028, 8, 2),
            "https://devopsdreams.blogspot.com/2026/08/kubernetes-136-on-amazon-eks-upgrade.html",
            DAY,
        ),
    ]


@pytest.mark.parametrize("minor", [m.minor for m in facts.KUBERNETES])
def test_each_minor_follows_the_eks_lifecycle_rule(minor: str) -> None:
    """EKS: 14 months of standard support from the EKS release, then 12 of extended support (a mistyped date
    breaks the rule)."""
    fact = neutral.minor_table("aws")[minor]

    def months_later(day: date, months: int) -> date:
        total = day.month - 1 + months
        return day.replace(year=day.year + total // 12, month=total % 12 + 1)

    assert fact.end_of_standard == months_later(fact.released, 14)
    assert fact.end_of_extended == months_later(fact.end_of_standard, 12)


def test_minors_in_standard_support() -> None:
    assert neutral.supported_minors("aws", DAY) == ["1.34", "1.35", "1.36"]
    assert neutral.supported_minors("aws", date(2026, 12, 3)) == ["1.35", "1.36"]  # 1.34 ended on the 2nd


def test_1_33_is_refused_with_its_dates() -> None:
    problems, warnings = neutral.version_problems("aws", "1.33", DAY)
    assert [(p.path, p.value) for p in problems] == [(("kumo:cluster", "kubernetes_version"), "1.33")]
    assert "2026-07-29" in problems[0].message and "2027-07-29" in problems[0].message
    assert "1.34 to 1.36" in problems[0].message and warnings == []


@pytest.mark.parametrize(
    ("minor", "day", "expected"),
    [
        ("1.35", date(2027, 3, 27), "STANDARD"),  # the last day of standard support
        ("1.35", date(2027, 3, 28), "EXTENDED"),
        ("1.33", DAY, "EXTENDED"),  # the finding: STANDARD would contradict its extended support
        ("1.36", DAY, "STANDARD"),
        ("1.37", DAY, "STANDARD"),  # newer than the table: just released, so in standard support
        ("1.30", DAY, "EXTENDED"),
        (None, DAY, "STANDARD"),  # EKS's default minor is one in standard support
    ],
)
def test_upgrade_policy_follows_standard_support(minor: str | None, day: date, expected: str) -> None:
    assert eks.support_type(minor, day) == expected


def planned(minor: str | None) -> Plan:
    spec = parse_spec({"name": "ver", "kubernetes_version": minor, "deletion_protection": False}, default_name="ver")
    return plan_spec("aws", spec, {"aws:region": REGION}, stack=f"aws-ver-{minor}")


@pytest.mark.parametrize(
    ("minor", "support", "autoscaler"),
    [
        ("1.33", "EXTENDED", "v1.33.6"),
        ("1.34", "STANDARD", "v1.34.5"),
        ("1.35", "STANDARD", "v1.35.2"),
        ("1.36", "STANDARD", "v1.36.1"),
        (None, "STANDARD", None),  # the chart's own image follows EKS's default minor
    ],
)
def test_planned_cluster_follows_its_minor(
    minor: str | None, support: str, autoscaler: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(eks, "today", lambda: DAY)
    plan = planned(minor)
    cluster = plan.one("aws:eks/cluster:Cluster").inputs
    assert (cluster.get("version"), cluster["upgradePolicy"]) == (minor, {"supportType": support})
    # The fact behind it: STANDARD exactly while the table says the minor is in standard support.
    assert (support == "STANDARD") == (minor is None or minor in neutral.supported_minors("aws", DAY))
    values = next(
        r for r in plan.of_type("kubernetes:helm.sh/v3:Release") if r.name == "ver-cluster-autoscaler"
    ).inputs["values"]
    assert values.get("image") == ({"tag": autoscaler} if autoscaler else None)


def test_a_minor_without_an_autoscaler_image_fails_before_any_kubernetes_object() -> None:
    from components.aws.controllers import autoscaler_image_tag

    with pytest.raises(
        ValueError,
        match=r"kubernetes_version 1\.37: kumo pins no cluster-autoscaler image for it "
        r"\(add the newest v1\.37\.N to components/aws/traits",
    ):
        autoscaler_image_tag("1.37")


def test_location_keys_and_regions() -> None:
    table = facts.LOCATION
    assert [(k.key, k.meaning) for k in table.required] == [("aws:region", "AWS region")]
    assert table.region_key == "aws:region" and table.formats == {}
    assert len(table.regions) == 34
    assert table.regions["us-east-1"] == (
        "us-east-1a",
        "us-east-1b",
        "us-east-1c",
        "us-east-1d",
        "us-east-1e",
        "us-east-1f",
    )
    assert table.regions["ca-central-1"] == ("ca-central-1a", "ca-central-1b", "ca-central-1d")
    for region, zones in table.regions.items():
        assert zones and all(z.startswith(region) and len(z) == len(region) + 1 for z in zones), region


def test_regions_are_the_commercial_partition_botocore_knows() -> None:
    """The installed botocore (the SDK users run preflight with) lists the same commercial regions: a new region
    in a newer botocore fails here until the table has it (facts.REGIONS_SOURCE)."""
    session = boto3.Session()
    assert set(facts.LOCATION.regions) == set(session.get_available_regions("ec2", "aws"))
    assert set(facts.LOCATION.regions) == set(session.get_available_regions("eks", "aws"))
    assert not {r for p in ("aws-cn", "aws-us-gov") for r in session.get_available_regions("ec2", p)} & set(
        facts.LOCATION.regions
    )


@pytest.mark.parametrize(
    ("config", "hint"),
    [
        ({"aws:region": "us-esat-1"}, "did you mean"),
        ({}, "is required"),
        ({"aws:region": "us-gov-west-1"}, "unknown AWS region"),  # GovCloud is another partition
    ],
)
def test_bad_location_keys(config: dict[str, str], hint: str) -> None:
    problems = neutral.location_problems("aws", config)
    assert [p.path for p in problems] == [("aws:region",)]
    assert hint in problems[0].message


def test_a_swapped_pair_of_letters_suggests_the_region_it_spells() -> None:
    problems = neutral.location_problems("aws", {"aws:region": "us-esat-1"})
    assert "did you mean 'us-east-1'?" in problems[0].message


@pytest.mark.parametrize("stack", ["aws-dev", "aws-prod"])
def test_the_stacks_go_to_real_regions(stack: str) -> None:
    assert load_stack(stack).config["aws:region"] in facts.LOCATION.regions
