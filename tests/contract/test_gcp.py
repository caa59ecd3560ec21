"""The contract suite on Google Cloud: GKE's own words for what every cluster promises (tests/contract/suite.py)."""

from __future__ import annotations

from typing import ClassVar

from components.records import Plan
from tests.contract.suite import ClusterContract, NodeMarks, taint

EFFECTS = {"NO_SCHEDULE": "NoSchedule", "PREFER_NO_SCHEDULE": "PreferNoSchedule", "NO_EXECUTE": "NoExecute"}


class GcpFixtures:
    cloud = "gcp"
    layer_types: ClassVar[dict[str, str]] = {
        "data": "kumo:gcp:DataLayer",
        "cluster": "kumo:gcp:ClusterLayer",
        "in-cluster": "kumo:k8s:InCluster",
    }
    cluster_type = "gcp:container/cluster:Cluster"
    cloud_default_classes: ClassVar[list[str]] = ["standard-rwo"]

    @staticmethod
    def node_marks(plan: Plan) -> NodeMarks:
        """Node pools carry them in nodeConfig (taint effects spelt NO_SCHEDULE, ...)."""
        marks: NodeMarks = {}
        for pool in plan.of_type("gcp:container/nodePool:NodePool"):
            config = pool.inputs["nodeConfig"]
            taints = [taint(t["key"], t.get("value"), EFFECTS[t["effect"]]) for t in config.get("taints", [])]
            marks[config["labels"]["kumo.io/pool"]] = (config["labels"], taints)
        return marks


class TestGcpContract(GcpFixtures, ClusterContract):
    pass
