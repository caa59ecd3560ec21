"""The network each cloud will create, read back from the planned resources (not the spec)."""

from __future__ import annotations

import importlib

import pytest

from tests.conftest import cached_stack_plan


@pytest.mark.parametrize(
    ("stack", "expected"),
    [
        # EKS pods take node-subnet addresses: no pod range.
        ("aws-prod", {"cidr": "10.20.0.0/16", "pod_cidr": None, "service_cidr": "10.96.0.0/16", "nat": "per_zone"}),
        ("aws-dev", {"cidr": "10.0.0.0/16", "pod_cidr": None, "service_cidr": "10.96.0.0/16", "nat": "single"}),
        # Azure attaches one NAT gateway to the node subnet: `nat: per_zone` is planned as a single gateway, and the
        # equivalence report says so.
        (
            "azure-prod",
            {"cidr": "10.20.0.0/16", "pod_cidr": "10.64.0.0/14", "service_cidr": "10.96.0.0/16", "nat": "single"},
        ),
        (
            "gcp-prod",
            {"cidr": "10.20.0.0/16", "pod_cidr": "10.64.0.0/14", "service_cidr": "10.96.0.0/16", "nat": "per_zone"},
        ),
        (
            "gcp-dev",
            {"cidr": "10.0.0.0/16", "pod_cidr": "10.64.0.0/14", "service_cidr": "10.96.0.0/16", "nat": "single"},
        ),
    ],
)
def test_network_read_back(stack: str, expected: dict[str, str | None]) -> None:
    readback = importlib.import_module(f"components.{stack.split('-')[0]}.readback")
    assert readback.network(cached_stack_plan(stack).resources) == expected


@pytest.mark.parametrize("cloud", ["aws", "azure", "gcp"])
def test_no_network_resources_is_unknown_not_the_spec(cloud: str) -> None:
    readback = importlib.import_module(f"components.{cloud}.readback")
    assert readback.network([]) == {"cidr": None, "pod_cidr": None, "service_cidr": None, "nat": None}


def test_prod_stacks_differ_only_in_azures_single_nat_gateway() -> None:
    """What the equivalence report says of the checked-in prod stacks, read from their planned resources."""
    from components.equivalence import compare
    from components.policy.engine import evaluate
    from components.stackfiles import load_stack
    from components.summary import layer_summaries

    entries = []
    for name in ("aws-prod", "azure-prod", "gcp-prod"):
        stack, plan = load_stack(name), cached_stack_plan(name)
        spec = stack.spec()
        report = evaluate(plan.resources, spec, cloud=stack.cloud, stack=name)
        for layer, summary in layer_summaries(stack.cloud, stack.location, spec, plan, report).items():
            entries.append({"stack": name, "layer": layer, "cloud": stack.cloud, "summary": summary})
    groups = compare(entries)["groups"]
    assert {
        g: {f: d["differences"] for f, d in r["features"].items() if d["differences"]} for g, r in groups.items()
    } == {"prod/data": {"network": [".nat"]}, "prod/cluster": {}, "prod/in-cluster": {}}
    assert groups["prod/data"]["features"]["network"]["values"]["azure-prod"]["nat"] == "single"
