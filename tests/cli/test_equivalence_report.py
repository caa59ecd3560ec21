"""The equivalence report's differences, by path (components/equivalence.py), as `kumo plan` shows them.
(Moved from test_doctor_and_units.py.)"""

from __future__ import annotations

import pytest

from components.equivalence import compare, differences

# ---------------------------------------------------------------------------------------------------------
# Equivalence: every difference, by path


def test_differences_by_pool_name_and_field() -> None:
    a = [{"name": "system", "vcpu": 2, "spot": False}, {"name": "apps", "vcpu": 4, "spot": True}]
    b = [{"name": "system", "vcpu": 2, "spot": False}, {"name": "apps", "vcpu": 4, "spot": False}]
    c = [{"name": "system", "vcpu": 2, "spot": False}]
    assert differences({"x": a, "y": a}) == []
    assert differences({"x": a, "y": b}) == ["[apps].spot"]
    assert differences({"x": a, "y": c}) == ["[apps]"]
    assert differences({"x": {"scheme": "public", "ports": [80]}, "y": {"scheme": "internal", "ports": [80]}}) == [
        ".scheme"
    ]


def _summary(zones: int, scheme: str, enc04: str = "pass") -> dict:
    return {
        "node_pools": [],
        "capacity": {},
        "zones": zones,
        "kubernetes_version": "1.33",
        "network": {},
        "api": {"public": False},
        "storage_classes": [],
        "shared_storage": None,
        "load_balancer": {"scheme": scheme, "annotations": {"cloud-only": "x"}},
        "app": {},
        "deletion_protection": True,
        "encryption": {"ENC-01": "pass", "ENC-04": enc04},
        "security": {
            "failed": [] if enc04 == "pass" else ["ENC-04"],
            "statuses": {"NET-01": "waived", "ENC-04": enc04, "IAM-03": "n/a"},
        },
    }


def test_compare_marks_each_feature_and_compares_security_posture() -> None:
    stacks = [
        {"stack": "aws-dev", "layer": "cluster", "cloud": "aws", "summary": _summary(3, "public"), "resources": []},
        {
            "stack": "gcp-dev",
            "layer": "cluster",
            "cloud": "gcp",
            "summary": _summary(2, "public", enc04="fail"),
            "resources": [],
        },
        {"stack": "aws-prod", "layer": "cluster", "cloud": "aws", "summary": _summary(3, "internal"), "resources": []},
    ]
    group = compare(stacks)["groups"]["dev/cluster"]
    assert group["stacks"] == ["aws-dev", "gcp-dev"] and group["equivalent"] is False
    assert {f: d["differences"] for f, d in group["features"].items() if not d["equal"]} == {
        "zones": ["(value)"],
        "encryption": [".ENC-04"],
        "security": [".failed"],
    }
    assert group["features"]["security"]["values"]["aws-dev"] == {"failed": [], "waived": ["NET-01"]}
    assert "prod/cluster" not in compare(stacks)["groups"]  # a group of one has nothing to compare


def test_compare_only_compares_like_layers() -> None:
    data = {"zones": 3, "network": {}, "shared_storage": None}
    stacks = [
        {"stack": "aws-dev", "layer": "data", "cloud": "aws", "summary": data},
        {"stack": "gcp-dev", "layer": "data", "cloud": "gcp", "summary": {**data, "zones": 2}},
        {"stack": "gcp-dev", "layer": "cluster", "cloud": "gcp", "summary": _summary(2, "public")},
    ]
    groups = compare(stacks)["groups"]
    assert list(groups) == ["dev/data"]  # one cluster entry: nothing to compare it with
    assert list(groups["dev/data"]["features"]) == ["zones", "network", "shared_storage"]
    assert groups["dev/data"]["features"]["zones"]["differences"] == ["(value)"]


def test_groups_come_by_environment_then_layer_order_whatever_the_input_order() -> None:
    summary = {"zones": 3}
    entries = [
        {"stack": f"{cloud}-{env}", "layer": layer, "cloud": cloud, "summary": summary}
        for layer in ("in-cluster", "cluster", "data")
        for env in ("prod", "dev")
        for cloud in ("gcp", "aws")
    ]
    assert list(compare(entries)["groups"]) == [
        "dev/data",
        "dev/cluster",
        "dev/in-cluster",
        "prod/data",
        "prod/cluster",
        "prod/in-cluster",
    ]


@pytest.mark.parametrize(
    ("stack", "cloud", "expected"),
    [
        ("aws-dev", "aws", "dev"),
        ("dev-aws", "aws", "dev"),
        ("team-gcp-prod", "gcp", "team-prod"),
        ("staging", "azure", "staging"),
        ("gcp-dev", "aws", "gcp-dev"),
    ],
)
def test_environment_is_the_stack_name_less_its_cloud(stack: str, cloud: str, expected: str) -> None:
    from components.equivalence import environment

    assert environment(stack, cloud) == expected
