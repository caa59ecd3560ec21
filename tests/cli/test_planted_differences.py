"""The equivalence report judges what will be created: a difference planted in ONE cloud's planned
resources (a modified record, the spec untouched) shows as `differs` in `kumo plan --json` and in the text
report, at the exact path."""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from typing import Any

import pytest

import cli.app
import cli.plan
from components.records import Plan
from tests.cli.conftest import REPO

STACKS = ("aws-dev", "azure-dev", "gcp-dev")


@pytest.fixture(scope="module")
def planned() -> list[Any]:
    """The three dev stacks planned once (the slow part); each test plants into a copy."""
    from components.stackfiles import load_stack

    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        return cli.plan.plan_stacks([load_stack(name) for name in STACKS])
    finally:
        os.chdir(cwd)


def one(plan: Plan, type_: str, name: str) -> Any:
    [found] = [r for r in plan.resources if r.type == type_ and r.name == name]
    return found


def spot_pool_on_demand(plan: Plan) -> None:
    one(plan, "aws:eks/nodeGroup:NodeGroup", "aws-dev-apps").inputs["capacityType"] = "ON_DEMAND"


def medium_becomes_eight_vcpu(plan: Plan) -> None:
    one(plan, "azure-native:containerservice:AgentPool", "azure-dev-apps").inputs["vmSize"] = "Standard_D8s_v5"


def limits_per_zone_instead_of_total(plan: Plan) -> None:
    one(plan, "gcp:container/nodePool:NodePool", "gcp-dev-apps").inputs["autoscaling"] = {
        "locationPolicy": "ANY",
        "minNodeCount": 1.0,
        "maxNodeCount": 4.0,
    }  # per zone, over 2 zones


def spot_taint_dropped(plan: Plan) -> None:
    one(plan, "gcp:container/nodePool:NodePool", "gcp-dev-apps").inputs["nodeConfig"]["taints"] = []


def block_class_retains(plan: Plan) -> None:
    [cls] = [
        r
        for r in plan.resources
        if r.type == "kubernetes:storage.k8s.io/v1:StorageClass" and r.inputs["metadata"]["name"] == "kumo-block"
    ]
    cls.inputs["reclaimPolicy"] = "Retain"


def service_opened(plan: Plan) -> None:
    [svc] = [r for r in plan.resources if r.type == "kubernetes:core/v1:Service"]
    svc.inputs["spec"]["loadBalancerSourceRanges"] = ["0.0.0.0/0"]


def shared_volume_smaller(plan: Plan) -> None:
    [pv] = [r for r in plan.resources if r.type == "kubernetes:core/v1:PersistentVolume"]
    pv.inputs["spec"]["capacity"] = {"storage": "512Gi"}


def store_not_kept(plan: Plan) -> None:
    for r in plan.resources:
        if r.layer == "data" and r.options["retain_on_delete"]:
            r.options["retain_on_delete"] = False


def version_drifts(plan: Plan) -> None:
    one(plan, "aws:eks/cluster:Cluster", "aws-dev").inputs["version"] = "1.35"


def service_range_moved(plan: Plan) -> None:
    [subnet] = [
        r for r in plan.resources if r.type == "gcp:compute/subnetwork:Subnetwork" and r.name == "gcp-dev-nodes"
    ]
    subnet.inputs["secondaryIpRanges"] = [
        {**r, "ipCidrRange": "10.100.0.0/16"} if r["rangeName"] == "services" else r
        for r in subnet.inputs["secondaryIpRanges"]
    ]


def nat_in_every_zone(plan: Plan) -> None:
    [gateway] = [r for r in plan.resources if r.type == "aws:ec2/natGateway:NatGateway"]
    public = [r for r in plan.resources if r.type == "aws:ec2/subnet:Subnet" and "-public-" in r.name]
    for subnet in public[1:]:
        extra = copy.deepcopy(gateway)
        extra.urn, extra.name, extra.inputs["subnetId"] = gateway.urn + subnet.name, subnet.name, subnet.id
        plan.resources.append(extra)


def vnet_range_changed(plan: Plan) -> None:
    one(plan, "azure-native:network:VirtualNetwork", "azure-dev-vnet").inputs["addressSpace"] = {
        "addressPrefixes": ["10.1.0.0/16"]
    }


@pytest.mark.parametrize(
    ("stack", "plant", "group", "feature", "paths"),
    [
        ("gcp-dev", service_range_moved, "dev/data", "network", [".service_cidr"]),
        ("aws-dev", nat_in_every_zone, "dev/data", "network", [".nat"]),
        ("azure-dev", vnet_range_changed, "dev/data", "network", [".cidr"]),
        ("aws-dev", spot_pool_on_demand, "dev/cluster", "node_pools", ["[apps].spot"]),
        ("azure-dev", medium_becomes_eight_vcpu, "dev/cluster", "node_pools", ["[apps].memory_gib", "[apps].vcpu"]),
        ("azure-dev", medium_becomes_eight_vcpu, "dev/cluster", "capacity", [".max_memory_gib", ".max_vcpu"]),
        (
            "gcp-dev",
            limits_per_zone_instead_of_total,
            "dev/cluster",
            "node_pools",
            ["[apps].max_nodes", "[apps].min_nodes"],
        ),
        ("gcp-dev", spot_taint_dropped, "dev/cluster", "node_pools", ["[apps].taints"]),
        ("azure-dev", block_class_retains, "dev/in-cluster", "storage_classes", ["[kumo-block].reclaim_policy"]),
        ("gcp-dev", service_opened, "dev/in-cluster", "load_balancer", [".source_cidrs"]),
        ("aws-dev", version_drifts, "dev/cluster", "kubernetes_version", ["(value)"]),
        ("gcp-dev", shared_volume_smaller, "dev/data", "shared_storage", [".size_gb"]),
        ("azure-dev", store_not_kept, "dev/data", "shared_storage", [".protect", ".retain_on_delete"]),
    ],
)
def test_a_planted_difference_shows(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    planned: list[Any],
    stack: str,
    plant: Callable[[Plan], None],
    group: str,
    feature: str,
    paths: list[str],
) -> None:
    def planted(files: list[Any], **_: Any) -> list[Any]:
        assert [f.name for f in files] == list(STACKS)
        result = []
        for p in planned:
            if p.stack.name == stack:
                p = type(p)(p.stack, p.spec, copy.deepcopy(p.plan), p.report)
                plant(p.plan)
            result.append(p)
        return result

    monkeypatch.setattr(cli.plan, "plan_stacks", planted)
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        assert cli.app.main(["plan", *STACKS, "--json"]) == 0
        document = json.loads(capsys.readouterr().out)
        assert cli.app.main(["plan", *STACKS]) == 0
        text = capsys.readouterr().out
    finally:
        os.chdir(cwd)
    report = document["equivalence"]["groups"][group]
    assert report["equivalent"] is False
    assert report["features"][feature]["differences"] == paths
    assert f"equivalence: {group} (DIFFERENT)" in text
    others = {g: r["equivalent"] for g, r in document["equivalence"]["groups"].items() if g != group}
    assert all(others.values()), others  # only the planted layer differs
