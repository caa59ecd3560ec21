"""The contract suite on Azure: AKS's own words for what every cluster promises (tests/contract/suite.py)."""

from __future__ import annotations

from typing import ClassVar

from components.records import Plan
from tests.contract.suite import ClusterContract, NodeMarks, taint

SPOT_LABELS = {"kubernetes.azure.com/scalesetpriority": "spot"}  # AKS puts these on Spot nodes itself
SPOT_TAINTS = ["kubernetes.azure.com/scalesetpriority=spot:NoSchedule"]


def aks_taint(spelt: str) -> tuple[str, str, str]:
    """'key=value:Effect' or 'key:Effect' (AKS spells taints the Kubernetes way) -> (key, value, effect)."""
    pair, _, effect = spelt.rpartition(":")
    key, _, value = pair.partition("=")
    return taint(key, value, effect)


class AzureFixtures:
    cloud = "azure"
    layer_types: ClassVar[dict[str, str]] = {
        "data": "kumo:azure:DataLayer",
        "cluster": "kumo:azure:ClusterLayer",
        "in-cluster": "kumo:k8s:InCluster",
    }
    cluster_type = "azure-native:containerservice:ManagedCluster"
    cloud_default_classes: ClassVar[list[str]] = ["default"]

    @staticmethod
    def node_marks(plan: Plan) -> NodeMarks:
        """The inline system pool and the AgentPool resources, plus what AKS puts on Spot nodes itself."""
        profiles = plan.one("azure-native:containerservice:ManagedCluster").inputs["agentPoolProfiles"]
        assert len(profiles) == 1
        marks: NodeMarks = {}
        for pool in [profiles[0], *(p.inputs for p in plan.of_type("azure-native:containerservice:AgentPool"))]:
            spot = pool.get("scaleSetPriority") == "Spot"
            labels = {**pool.get("nodeLabels", {}), **(SPOT_LABELS if spot else {})}
            spelt = [*pool.get("nodeTaints", []), *(SPOT_TAINTS if spot else [])]
            marks[labels["kumo.io/pool"]] = (labels, [aks_taint(t) for t in spelt])
        return marks


class TestAzureContract(AzureFixtures, ClusterContract):
    pass
