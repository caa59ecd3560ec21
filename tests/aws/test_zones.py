"""Zones are chosen by zone ID: never one where EKS refuses control-plane subnets (facts.EKS_UNSUPPORTED_ZONE_IDS),
whatever name the account gives it; the data layer chooses so, the cluster layer checks the data layer's choice.

What this does not prove: that AWS's list of refused zone IDs is complete (preflight asks EC2 for the live
name -> ID mapping; EKS itself answers UnsupportedAvailabilityZoneException for any other)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pulumi
import pytest

from components.aws import facts, mocks
from components.aws.zones import eks_zones, refused_message
from components.layers import stack_reference
from components.offline import plan_spec, run_program
from components.records import Plan
from components.spec import parse_spec
from tests.aws.conftest import REGION, named

EKS_DOC = "https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html#cluster-subnets"
SUBNET = "aws:ec2/subnet:Subnet"
AZS = "aws:index/getAvailabilityZones:getAvailabilityZones"


@pytest.mark.parametrize(
    ("region", "zone_ids", "count", "expected"),
    [
        # An account whose us-east-1c is use1-az3.
        (
            "us-east-1",
            {"us-east-1a": "use1-az1", "us-east-1b": "use1-az2", "us-east-1c": "use1-az3", "us-east-1d": "use1-az4"},
            3,
            ["us-east-1a", "us-east-1b", "us-east-1d"],
        ),
        # moto's account (and the mocks'): use1-az3 is us-east-1e, after the three chosen: nothing changes.
        (
            "us-east-1",
            {
                "us-east-1a": "use1-az6",
                "us-east-1b": "use1-az1",
                "us-east-1c": "use1-az2",
                "us-east-1d": "use1-az4",
                "us-east-1e": "use1-az3",
                "us-east-1f": "use1-az5",
            },
            3,
            ["us-east-1a", "us-east-1b", "us-east-1c"],
        ),
        # An account whose first zone is the refused one.
        (
            "us-east-1",
            {"us-east-1a": "use1-az3", "us-east-1b": "use1-az1", "us-east-1c": "use1-az2"},
            2,
            ["us-east-1b", "us-east-1c"],
        ),
        (
            "ca-central-1",
            {"ca-central-1a": "cac1-az1", "ca-central-1b": "cac1-az3", "ca-central-1d": "cac1-az4"},
            2,
            ["ca-central-1a", "ca-central-1d"],
        ),
        ("us-west-1", {"us-west-1b": "usw1-az1", "us-west-1c": "usw1-az3"}, 2, ["us-west-1b", "us-west-1c"]),
        # use1-az3 is refused in us-east-1 only; euw1-az3 is a zone like any other.
        (
            "eu-west-1",
            {"eu-west-1a": "euw1-az3", "eu-west-1b": "euw1-az1", "eu-west-1c": "euw1-az2"},
            3,
            ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
        ),
    ],
)
def test_zones_are_chosen_by_zone_id(region: str, zone_ids: dict[str, str], count: int, expected: list[str]) -> None:
    assert eks_zones(region, zone_ids, count) == expected


@pytest.mark.parametrize(
    ("region", "zone_ids", "message"),
    [
        (
            "us-west-1",
            {"us-west-1a": "usw1-az2", "us-west-1b": "usw1-az1"},
            "network.zones = 2: region us-west-1 has 1 available zone(s) EKS accepts (us-west-1b); us-west-1a is "
            f"usw1-az2, where EKS refuses control-plane subnets ({EKS_DOC})",
        ),
        (
            "eu-west-1",
            {"eu-west-1a": "euw1-az1"},
            "network.zones = 2: region eu-west-1 has 1 available zone(s) EKS accepts (eu-west-1a)",
        ),
    ],
)
def test_too_few_accepted_zones_names_each_refused_one(region: str, zone_ids: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError) as error:
        eks_zones(region, zone_ids, 2)
    assert str(error.value) == message


def test_every_refused_zone_id_belongs_to_its_region() -> None:
    """The table's IDs carry their region's zone-ID prefix (use1 for us-east-1), and the regions exist."""
    assert facts.EKS_UNSUPPORTED_ZONE_IDS == {
        "us-east-1": ("use1-az3",),
        "us-west-1": ("usw1-az2",),
        "ca-central-1": ("cac1-az3",),
    }
    assert facts.EKS_SUBNET_REQUIREMENTS.url == EKS_DOC
    for region, zone_ids in facts.EKS_UNSUPPORTED_ZONE_IDS.items():
        assert region in facts.LOCATION.regions
        prefix = {"us-east-1": "use1", "us-west-1": "usw1", "ca-central-1": "cac1"}[region]
        assert all(zone_id.startswith(f"{prefix}-az") for zone_id in zone_ids)


def mock_zone_ids(region: str) -> dict[str, str]:
    """The mocks' account: what getAvailabilityZones answers, name -> zone ID."""
    answer = mocks.call(AZS, {"state": "available"}, type("Ctx", (), {"config": {"aws:region": region}})())
    assert answer is not None
    return dict(zip(answer["names"], answer["zoneIds"], strict=True))


@pytest.mark.parametrize("variant", ["contract", "internal", "minimal", "edge", "private"])
def test_no_planned_subnet_is_in_a_zone_eks_refuses(variant: str, request: pytest.FixtureRequest) -> None:
    """Every subnet (the control plane's, the nodes', the load balancer's) is in a zone whose ID, in the mocks'
    account, EKS accepts; the control plane's are in exactly the zones the data layer publishes."""
    plan: Plan = request.getfixturevalue(variant)
    zone_ids = mock_zone_ids(REGION)
    assert zone_ids == {
        "us-east-1a": "use1-az6",
        "us-east-1b": "use1-az1",
        "us-east-1c": "use1-az2",
        "us-east-1d": "use1-az4",
    }
    refused = set(facts.EKS_UNSUPPORTED_ZONE_IDS[REGION])
    zones = {s.inputs["availabilityZone"] for s in plan.of_type(SUBNET)}
    assert zones and not {zone_ids[zone] for zone in zones} & refused, zones
    private = {s.id: s.inputs["availabilityZone"] for s in plan.of_type(SUBNET) if "-private-" in s.name}
    cluster = plan.one("aws:eks/cluster:Cluster")
    assert [private[i] for i in cluster.inputs["vpcConfig"]["subnetIds"]] == plan.layers["data"].exports["zones"]


@pytest.fixture
def shuffled_account(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """An account whose us-east-1a is use1-az3 (zone names are mapped per account)."""
    real = mocks.call

    def call(token: str, args: dict[str, Any], ctx: Any) -> dict[str, Any] | None:
        answer = real(token, args, ctx)
        if token == AZS and answer is not None:
            answer = {**answer, "zoneIds": ["use1-az3", "use1-az1", "use1-az2", "use1-az4"][: len(answer["names"])]}
        return answer

    monkeypatch.setattr(mocks, "call", call)
    yield


def test_the_data_layer_chooses_by_this_accounts_zone_ids(shuffled_account: None) -> None:
    spec = parse_spec(
        {"name": "shuffled", "network": {"zones": 2}, "deletion_protection": False}, default_name="shuffled"
    )
    plan = plan_spec("aws", spec, {"aws:region": REGION}, stack="aws-shuffled", layers=("data", "cluster"))
    assert plan.layers["data"].exports["zones"] == ["us-east-1b", "us-east-1c"]
    assert sorted(named(plan, SUBNET)) == [
        "shuffled-network-private-us-east-1b",
        "shuffled-network-private-us-east-1c",
        "shuffled-network-public-us-east-1b",
        "shuffled-network-public-us-east-1c",
    ]


def test_a_shuffled_account_with_too_few_accepted_zones_names_the_refused_one(
    shuffled_account: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mocks, "ZONE_SUFFIXES", ("a", "b", "c"))
    message = (
        "network.zones = 3: region us-east-1 has 2 available zone(s) EKS accepts (us-east-1b, us-east-1c); "
        f"us-east-1a is use1-az3, where EKS refuses control-plane subnets ({EKS_DOC})"
    )
    with pytest.raises(ValueError) as error:
        plan_spec(
            "aws",
            parse_spec({"name": "few"}, default_name="few"),
            {"aws:region": REGION},
            stack="aws-few3",
            layers=("data",),
        )
    assert message in str(error.value)


def test_the_cluster_layer_refuses_a_data_layer_in_a_zone_eks_refuses(contract: Plan, shuffled_account: None) -> None:
    """A data layer applied when zones were the first three by name, in an account whose us-east-1a is use1-az3:
    the cluster layer stops before EKS would (after minutes), naming the zone, its ID and the way out."""
    from components.aws.layers import ClusterLayer
    from components.layers.contract import LayerRef

    spec = parse_spec({"name": "contract"}, default_name="contract")
    data = Plan(
        stack="aws-contract",
        cloud="aws",
        config={},
        layer="data",
        exports={**contract.layers["data"].exports, "zones": ["us-east-1a", "us-east-1b", "us-east-1c"]},
    )
    message = (
        "the data layer (organization/kumo-data/aws-contract) put the cluster's subnets in zones us-east-1a, "
        f"us-east-1b, us-east-1c; EKS refuses control-plane subnets in us-east-1a (use1-az3) ({EKS_DOC}): "
        "re-apply the data layer first (it now chooses us-east-1b, us-east-1c, us-east-1d)"
    )
    with pytest.raises(pulumi.RunError) as error:
        run_program(
            lambda: ClusterLayer(spec.name, spec, LayerRef("data", spec.name)),
            cloud="aws",
            stack="aws-contract",
            config={"kumo:cloud": "aws", "aws:region": REGION},
            project="kumo-cluster",
            layer="cluster",
            references={stack_reference("data", "aws-contract"): data},
        )
    assert message in str(error.value)


def test_refused_message_names_zone_and_id() -> None:
    ids = {"us-east-1a": "use1-az1", "us-east-1c": "use1-az3"}
    assert refused_message("us-east-1", ["us-east-1a"], ids) is None
    assert refused_message("us-east-1", ["us-east-1a", "us-east-1c"], ids) == (
        f"EKS refuses control-plane subnets in us-east-1c (use1-az3) ({EKS_DOC})"
    )
