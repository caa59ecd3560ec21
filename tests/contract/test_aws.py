"""The contract suite on AWS: EKS's own words for what every cluster promises (tests/contract/suite.py)."""

from __future__ import annotations

from typing import ClassVar

from components.records import Plan
from tests.contract.suite import ClusterContract, NodeMarks, taint

EFFECTS = {"NO_SCHEDULE": "NoSchedule", "PREFER_NO_SCHEDULE": "PreferNoSchedule", "NO_EXECUTE": "NoExecute"}


class AwsFixtures:
    cloud = "aws"
    layer_types: ClassVar[dict[str, str]] = {
        "data": "kumo:aws:DataLayer",
        "cluster": "kumo:aws:ClusterLayer",
        "in-cluster": "kumo:k8s:InCluster",
    }
    cluster_type = "aws:eks/cluster:Cluster"
    cloud_default_classes: ClassVar[list[str]] = []  # EKS marks no StorageClass default since 1.30

    @staticmethod
    def node_marks(plan: Plan) -> NodeMarks:
        """Managed node groups carry the labels and taints (taint effects spelt NO_SCHEDULE, ...)."""
        marks: NodeMarks = {}
        for group in plan.of_type("aws:eks/nodeGroup:NodeGroup"):
            labels = group.inputs["labels"]
            taints = [taint(t["key"], t.get("value"), EFFECTS[t["effect"]]) for t in group.inputs.get("taints", [])]
            marks[labels["kumo.io/pool"]] = (labels, taints)
        return marks


class TestAwsContract(AwsFixtures, ClusterContract):
    pass
