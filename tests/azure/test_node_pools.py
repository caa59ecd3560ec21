"""Node pools on AKS (components/azure/node_pools.py), through the offline engine: the system pool inline in the
cluster, every other pool an AgentPool, with their exact settings.

What this proves: the pools' exact inputs and options. What it does not prove: that AKS schedules as the
labels and taints say (a real cluster).
"""

from __future__ import annotations

from components.records import Plan
from tests.azure.conftest import PROD_TAGS, arm

CLUSTER = "azure-native:containerservice:ManagedCluster"
AGENT_POOL = "azure-native:containerservice:AgentPool"


def test_system_pool_is_inline_with_critical_addons_taint(prod_plan: Plan) -> None:
    [system] = prod_plan.one(CLUSTER).inputs["agentPoolProfiles"]
    assert system == {
        "name": "system",
        "vmSize": "Standard_D4s_v5",
        "count": 3.0,
        "enableAutoScaling": True,
        "minCount": 3.0,
        "maxCount": 6.0,
        "availabilityZones": ["1", "2", "3"],
        "mode": "System",
        "type": "VirtualMachineScaleSets",
        "osType": "Linux",
        "osSKU": "AzureLinux",
        "osDiskSizeGB": 100.0,
        "osDiskType": "Managed",
        "enableEncryptionAtHost": True,
        "enableNodePublicIP": False,
        "enableFIPS": False,
        "vnetSubnetID": arm(prod_plan, "prod1-nodes"),
        "orchestratorVersion": "1.35",
        "nodeLabels": {"kumo.io/pool": "system"},
        "nodeTaints": ["CriticalAddonsOnly=true:NoSchedule"],
        "securityProfile": {"enableSecureBoot": True, "enableVTPM": True, "sshAccess": "Disabled"},
        "upgradeSettings": {"maxSurge": "33%", "drainTimeoutInMinutes": 30.0},
    }


def test_user_pools_are_agent_pools(prod_plan: Plan) -> None:
    cluster = prod_plan.one(CLUSTER)
    pools = {r.inputs["agentPoolName"]: r for r in prod_plan.of_type(AGENT_POOL)}
    assert sorted(pools) == ["batch", "general"]
    expected = {
        "general": {
            "vmSize": "Standard_D8s_v5",
            "count": 3.0,
            "minCount": 3.0,
            "maxCount": 12.0,
            "nodeLabels": {"kumo.io/pool": "general"},
            "nodeTaints": [],
        },
        "batch": {
            "vmSize": "Standard_D16s_v5",
            "count": 0.0,
            "minCount": 0.0,
            "maxCount": 10.0,
            # AKS adds the spot label and taint itself (traits.SPOT_NODE_*): kumo does not declare them.
            "nodeLabels": {"kumo.io/workload": "batch", "kumo.io/pool": "batch"},
            "nodeTaints": ["kumo.io/workload=batch:NoSchedule"],
        },
    }
    for name, pool in pools.items():
        inputs = pool.inputs
        assert {k: inputs[k] for k in expected[name]} == expected[name]
        assert inputs["resourceName"] == "prod1"
        assert pool.property_dependencies["resourceName"] == [cluster.urn]
        assert (inputs["mode"], inputs["enableAutoScaling"], inputs["availabilityZones"], inputs["osSKU"]) == (
            "User",
            True,
            ["1", "2", "3"],
            "AzureLinux",
        )
        assert (inputs["enableEncryptionAtHost"], inputs["enableNodePublicIP"]) == (True, False)
        assert inputs["securityProfile"] == {"enableSecureBoot": True, "enableVTPM": True, "sshAccess": "Disabled"}
        assert inputs["vnetSubnetID"] == arm(prod_plan, "prod1-nodes")
        assert inputs["tags"] == PROD_TAGS
        assert pool.options["ignore_changes"] == ["count"]
    assert "scaleSetPriority" not in pools["general"].inputs
    assert pools["general"].inputs["upgradeSettings"] == {"maxSurge": "33%", "drainTimeoutInMinutes": 30.0}
    batch = pools["batch"].inputs
    assert (batch["scaleSetPriority"], batch["scaleSetEvictionPolicy"], batch["spotMaxPrice"]) == (
        "Spot",
        "Delete",
        -1.0,
    )
    assert "upgradeSettings" not in batch  # AKS: "Spot pools can't set max surge"
