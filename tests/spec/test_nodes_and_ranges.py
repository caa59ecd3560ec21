"""What every kumo node carries (labels and taints), and the network ranges' portable limits."""

from __future__ import annotations

from typing import Any

import pytest

from components.spec import SPOT_LABELS, SPOT_TAINTS, NodePoolSpec, SpecError, node_labels, node_taints, parse_spec
from tests.spec.helpers import problems

# What every kumo node carries, the single definition all three clouds use (components/spec/nodes.py).
SPOT_LABEL = {"kubernetes.azure.com/scalesetpriority": "spot"}
SPOT_TAINT = {"key": "kubernetes.azure.com/scalesetpriority", "value": "spot", "effect": "NoSchedule"}


@pytest.mark.parametrize(
    ("pool", "labels", "taints"),
    [
        ({"name": "web"}, {"kumo.io/pool": "web"}, []),
        (
            {"name": "web", "labels": {"team": "a", "tier": "front"}},
            {"kumo.io/pool": "web", "team": "a", "tier": "front"},
            [],
        ),
        # kumo.io/pool always names the pool, even if the spec's labels say otherwise.
        ({"name": "web", "labels": {"kumo.io/pool": "other", "team": "a"}}, {"kumo.io/pool": "web", "team": "a"}, []),
        (
            {
                "name": "sys",
                "system": True,
                "taints": [{"key": "CriticalAddonsOnly", "value": "true", "effect": "NoSchedule"}],
            },
            {"kumo.io/pool": "sys"},
            [{"key": "CriticalAddonsOnly", "value": "true", "effect": "NoSchedule"}],
        ),
        # Spot pools: AKS's spot label and taint, after the pool's own, in order.
        ({"name": "batch", "spot": True}, {"kumo.io/pool": "batch", **SPOT_LABEL}, [SPOT_TAINT]),
        (
            {
                "name": "batch",
                "spot": True,
                "labels": {"kumo.io/workload": "batch"},
                "taints": [
                    {"key": "kumo.io/workload", "value": "batch", "effect": "NoSchedule"},
                    {"key": "gpu", "effect": "NoExecute"},
                ],
            },
            {"kumo.io/pool": "batch", "kumo.io/workload": "batch", **SPOT_LABEL},
            [
                {"key": "kumo.io/workload", "value": "batch", "effect": "NoSchedule"},
                {"key": "gpu", "value": "", "effect": "NoExecute"},
                SPOT_TAINT,
            ],
        ),
    ],
)
def test_node_labels_and_taints(pool: dict[str, Any], labels: dict[str, str], taints: list[dict[str, str]]) -> None:
    spec = NodePoolSpec.model_validate(pool)
    assert node_labels(spec) == labels
    assert list(node_labels(spec)) == list(labels)  # kumo.io/pool first, the spot label last
    assert [t.model_dump() for t in node_taints(spec)] == taints


def test_spot_spelling_is_reserved_in_user_specs() -> None:
    """Users cannot write the spot label or taint themselves (the prefix is Azure's): kumo adds it."""
    with pytest.raises(SpecError):
        parse_spec(
            {"node_pools": [{"name": "a", "system": True}, {"name": "b", "labels": SPOT_LABEL}]}, default_name="t"
        )
    with pytest.raises(SpecError):
        parse_spec(
            {"node_pools": [{"name": "a", "system": True}, {"name": "b", "taints": [SPOT_TAINT]}]}, default_name="t"
        )
    assert SPOT_LABELS == SPOT_LABEL and [t.model_dump() for t in SPOT_TAINTS] == [SPOT_TAINT]


@pytest.mark.parametrize(
    ("field", "cidr", "error"),
    [
        ("service_cidr", "10.96.0.0/15", "must have a prefix between /16 and /24 (EKS accepts /12-/24, GKE /16-/27)"),
        ("service_cidr", "10.96.0.0/16", None),
        ("service_cidr", "10.96.0.0/24", None),
        ("service_cidr", "10.96.0.0/25", "must have a prefix between /16 and /24 (EKS accepts /12-/24, GKE /16-/27)"),
        ("service_cidr", "10.96.0.0/12", "must have a prefix between /16 and /24 (EKS accepts /12-/24, GKE /16-/27)"),
        ("pod_cidr", "10.64.0.0/11", "must have a prefix between /12 and /16 (enough pod addresses for the pools)"),
        ("pod_cidr", "10.64.0.0/12", None),
        ("pod_cidr", "10.64.0.0/16", None),
        ("pod_cidr", "10.64.0.0/17", "must have a prefix between /12 and /16 (enough pod addresses for the pools)"),
    ],
)
def test_pod_and_service_range_boundaries(field: str, cidr: str, error: str | None) -> None:
    """The portable prefix ranges at their edges (a /12 service range passes EKS but GKE refuses it)."""
    raw = {"network": {field: cidr}}
    if error is None:
        assert getattr(parse_spec(raw, default_name="t1").network, field) == cidr
    else:
        assert problems(raw) == [f"network.{field} = {cidr!r}: {error}"]
