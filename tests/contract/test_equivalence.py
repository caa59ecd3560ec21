"""What must be the same across the clouds, beyond each cloud keeping the contract (tests/contract/suite.py)."""

from __future__ import annotations

from typing import Any

from tests.conftest import CLOUDS, cached_spec_plan
from tests.contract.suite import EXPECTED_NODE_MARKS


def test_the_spot_pool_is_marked_alike_everywhere() -> None:
    """The suite compares each cloud's nodes with the spec's marks; these are they, for the spot pool."""
    assert EXPECTED_NODE_MARKS["batch"] == (
        {"kumo.io/pool": "batch", "kumo.io/workload": "batch", "kubernetes.azure.com/scalesetpriority": "spot"},
        [("kumo.io/workload", "batch", "NoSchedule"), ("kubernetes.azure.com/scalesetpriority", "spot", "NoSchedule")],
    )


def test_kubernetes_manifests_are_identical_but_for_cloud_vocabulary() -> None:
    """The app, its budget, claim and namespace are byte-for-byte the same on every cloud."""

    def neutral(cloud: str) -> dict[str, Any]:
        plan = cached_spec_plan(cloud)
        picked = {}
        for type_ in (
            "kubernetes:apps/v1:Deployment",
            "kubernetes:policy/v1:PodDisruptionBudget",
            "kubernetes:core/v1:PersistentVolumeClaim",
            "kubernetes:core/v1:Namespace",
        ):
            picked[type_] = plan.one(type_).inputs
        service = dict(plan.one("kubernetes:core/v1:Service").inputs)
        service["metadata"] = {k: v for k, v in service["metadata"].items() if k != "annotations"}
        service["spec"] = {k: v for k, v in service["spec"].items() if k != "loadBalancerIP"}
        picked["service"] = service
        return picked

    assert [neutral(cloud) for cloud in CLOUDS[1:]] == [neutral("aws")] * 2
