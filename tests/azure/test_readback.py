"""components/azure/readback.py: the contract plan's AKS resources read back, and planted differences in them.

Every expected value is written out literally (not computed from the spec or traits), and every planted
difference is a modified copy of one planned record, never a modified spec.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from components.azure import readback
from components.records import Resource
from tests.conftest import cached_spec_plan

CLUSTER = "azure-native:containerservice:ManagedCluster"
AGENT_POOL = "azure-native:containerservice:AgentPool"

BATCH: dict[str, Any] = {
    "name": "batch",
    "machine_type": "Standard_D16s_v5",
    "vcpu": 16,
    "memory_gib": 64,
    "min_nodes": 0,
    "max_nodes": 12,
    "spot": True,
    "disk_size_gb": 100,
    "system": False,
    "labels": {"kumo.io/pool": "batch", "kumo.io/workload": "batch", "kubernetes.azure.com/scalesetpriority": "spot"},
    "taints": ["kumo.io/workload=batch:NoSchedule", "kubernetes.azure.com/scalesetpriority=spot:NoSchedule"],
}
GENERAL: dict[str, Any] = {
    "name": "general",
    "machine_type": "Standard_D8s_v5",
    "vcpu": 8,
    "memory_gib": 32,
    "min_nodes": 2,
    "max_nodes": 9,
    "spot": False,
    "disk_size_gb": 200,
    "system": False,
    "labels": {"kumo.io/pool": "general", "team": "web"},
    "taints": [],
}
SYSTEM: dict[str, Any] = {
    "name": "system",
    "machine_type": "Standard_D4s_v5",
    "vcpu": 4,
    "memory_gib": 16,
    "min_nodes": 3,
    "max_nodes": 6,
    "spot": False,
    "disk_size_gb": 100,
    "system": True,
    "labels": {"kumo.io/pool": "system"},
    "taints": ["CriticalAddonsOnly=true:NoSchedule"],
}
"""The contract plan's pools as AKS will create them, sorted by name (the records keep no spec order)."""


def planned() -> list[Resource]:
    """A private copy of the contract plan's resources, all layers (the plan itself is shared)."""
    return copy.deepcopy(cached_spec_plan("azure").resources)


def record(resources: list[Resource], type_: str, name: str | None = None) -> Resource:
    found = [r for r in resources if r.type == type_ and (name is None or r.name == name)]
    assert len(found) == 1, (type_, name, [r.name for r in found])
    return found[0]


def system_profile(resources: list[Resource]) -> dict[str, Any]:
    profiles = record(resources, CLUSTER).inputs["agentPoolProfiles"]
    assert len(profiles) == 1
    return profiles[0]


def pool_inputs(resources: list[Resource], pool: str) -> dict[str, Any]:
    return record(resources, AGENT_POOL, f"contract-{pool}").inputs


# -- the contract plan as planned ---------------------------------------------------------------------------


def test_node_pools_of_the_contract_plan() -> None:
    assert readback.node_pools(planned()) == [BATCH, GENERAL, SYSTEM]


def test_cluster_of_the_contract_plan() -> None:
    resources = planned()
    assert readback.kubernetes_version(resources) == "1.36"
    # The spec's CIDR, and the NAT gateway's egress address AKS's allow-list gets too (aks.authorized_ranges).
    # Without the data layer's outputs, the NAT's /32 cannot be told from the allow-list; with them it can.
    assert readback.api(resources) == {
        "public": True,
        "authorized_cidrs": ["203.0.113.0/24", "20.104.161.89/32"],
        "node_egress_cidrs": [],
    }
    assert readback.api(resources, {"nat_ip_address": "20.104.161.89"}) == {
        "public": True,
        "authorized_cidrs": ["203.0.113.0/24"],
        "node_egress_cidrs": ["20.104.161.89/32"],
    }
    assert readback.zones(resources) == 3


def test_private_variant() -> None:
    resources = cached_spec_plan("azure", "internal").resources
    assert readback.api(resources) == {"public": False, "authorized_cidrs": [], "node_egress_cidrs": []}


def test_minimal_plan_has_no_pinned_version() -> None:
    """The minimal spec pins no minor: the cluster has no kubernetesVersion, so the version is unknown."""
    resources = cached_spec_plan("azure", "minimal").resources
    assert readback.kubernetes_version(resources) is None
    assert readback.node_pools(resources) == [{**SYSTEM, "taints": []}]


def test_nothing_planned_is_unknown() -> None:
    assert readback.node_pools([]) == []
    assert readback.kubernetes_version([]) is None
    assert readback.api([]) == {"public": None, "authorized_cidrs": []}
    assert readback.zones([]) is None


# -- planted differences: one modified record, exactly that difference read back ----------------------------


def test_spot_pool_planted_regular() -> None:
    """The spot pool created at regular priority: not spot, and without AKS's spot label and taint."""
    resources = planned()
    pool_inputs(resources, "batch")["scaleSetPriority"] = "Regular"
    assert readback.node_pools(resources) == [
        {
            **BATCH,
            "spot": False,
            "labels": {"kumo.io/pool": "batch", "kumo.io/workload": "batch"},
            "taints": ["kumo.io/workload=batch:NoSchedule"],
        },
        GENERAL,
        SYSTEM,
    ]


def test_spot_priority_absent_is_regular() -> None:
    """AKS's default priority is Regular: a pool without scaleSetPriority is on-demand."""
    resources = planned()
    del pool_inputs(resources, "batch")["scaleSetPriority"]
    assert readback.node_pools(resources)[0]["spot"] is False


def test_regular_pool_planted_spot() -> None:
    """A regular pool made Spot gets AKS's own spot label and taint on its nodes."""
    resources = planned()
    pool_inputs(resources, "general")["scaleSetPriority"] = "Spot"
    assert readback.node_pools(resources) == [
        BATCH,
        {
            **GENERAL,
            "spot": True,
            "labels": {"kumo.io/pool": "general", "team": "web", "kubernetes.azure.com/scalesetpriority": "spot"},
            "taints": ["kubernetes.azure.com/scalesetpriority=spot:NoSchedule"],
        },
        SYSTEM,
    ]


def test_machine_type_planted_of_another_shape() -> None:
    """The system pool's `medium` planted as an 8-vCPU machine."""
    resources = planned()
    system_profile(resources)["vmSize"] = "Standard_D8s_v5"
    assert readback.node_pools(resources) == [
        BATCH,
        GENERAL,
        {**SYSTEM, "machine_type": "Standard_D8s_v5", "vcpu": 8, "memory_gib": 32},
    ]


def test_machine_type_outside_the_size_table_has_unknown_shape() -> None:
    resources = planned()
    pool_inputs(resources, "general")["vmSize"] = "Standard_E8s_v5"
    assert readback.node_pools(resources) == [
        BATCH,
        {**GENERAL, "machine_type": "Standard_E8s_v5", "vcpu": None, "memory_gib": None},
        SYSTEM,
    ]


def test_dropped_taint() -> None:
    resources = planned()
    pool_inputs(resources, "batch")["nodeTaints"] = []
    assert readback.node_pools(resources) == [
        {**BATCH, "taints": ["kubernetes.azure.com/scalesetpriority=spot:NoSchedule"]},
        GENERAL,
        SYSTEM,
    ]


def test_dropped_system_taint() -> None:
    resources = planned()
    system_profile(resources)["nodeTaints"] = []
    assert readback.node_pools(resources) == [BATCH, GENERAL, {**SYSTEM, "taints": []}]


def test_taint_without_value_and_other_effect() -> None:
    resources = planned()
    pool_inputs(resources, "general")["nodeTaints"] = ["dedicated:NoExecute"]
    assert readback.node_pools(resources)[1]["taints"] == ["dedicated:NoExecute"]


def test_changed_and_dropped_labels() -> None:
    """A changed label reads back changed; without the kumo.io/pool label the name is the AKS pool name."""
    resources = planned()
    pool_inputs(resources, "general")["nodeLabels"] = {"team": "api"}
    assert readback.node_pools(resources) == [BATCH, {**GENERAL, "labels": {"team": "api"}}, SYSTEM]


def test_planted_counts() -> None:
    """AKS counts are pool-wide: a changed min/max reads back as is, with no zone multiplication."""
    resources = planned()
    system_profile(resources)["minCount"] = 1.0
    pool_inputs(resources, "batch")["maxCount"] = 4.0
    assert readback.node_pools(resources) == [{**BATCH, "max_nodes": 4}, GENERAL, {**SYSTEM, "min_nodes": 1}]


def test_unknown_counts_read_back_unknown() -> None:
    """A count unknown at plan time (None in the record) or not a whole number reads back None, not a number."""
    resources = planned()
    pool_inputs(resources, "general")["minCount"] = None
    pool_inputs(resources, "general")["maxCount"] = 9.5
    assert readback.node_pools(resources) == [BATCH, {**GENERAL, "min_nodes": None, "max_nodes": None}, SYSTEM]


def test_planted_disk_size() -> None:
    resources = planned()
    pool_inputs(resources, "general")["osDiskSizeGB"] = 128.0
    assert readback.node_pools(resources) == [BATCH, {**GENERAL, "disk_size_gb": 128}, SYSTEM]


def test_planted_mode() -> None:
    resources = planned()
    pool_inputs(resources, "general")["mode"] = "System"
    system_profile(resources)["mode"] = "User"
    assert readback.node_pools(resources) == [BATCH, {**GENERAL, "system": True}, {**SYSTEM, "system": False}]


def test_pool_without_any_name_sorts_last() -> None:
    """Neither the kumo.io/pool label nor an AKS pool name: the name is unknown and the row comes last."""
    resources = planned()
    pool_inputs(resources, "batch")["nodeLabels"] = {"team": "api"}
    del pool_inputs(resources, "batch")["agentPoolName"]
    labels = {"team": "api", "kubernetes.azure.com/scalesetpriority": "spot"}
    assert readback.node_pools(resources) == [GENERAL, SYSTEM, {**BATCH, "name": None, "labels": labels}]


def test_dropped_pool() -> None:
    resources = [r for r in planned() if r.name != "contract-general"]
    assert readback.node_pools(resources) == [BATCH, SYSTEM]


@pytest.mark.parametrize(("planted", "minor"), [("1.35", "1.35"), ("1.34.7", "1.34"), ("latest", None)])
def test_planted_version(planted: str, minor: str | None) -> None:
    resources = planned()
    record(resources, CLUSTER).inputs["kubernetesVersion"] = planted
    assert readback.kubernetes_version(resources) == minor


def test_planted_private_api() -> None:
    resources = planned()
    profile = record(resources, CLUSTER).inputs["apiServerAccessProfile"]
    profile["enablePrivateCluster"] = True
    del profile["authorizedIPRanges"]
    assert readback.api(resources) == {"public": False, "authorized_cidrs": [], "node_egress_cidrs": []}


def test_private_flag_absent_is_public() -> None:
    """Without enablePrivateCluster AKS creates a public API server."""
    resources = planned()
    del record(resources, CLUSTER).inputs["apiServerAccessProfile"]["enablePrivateCluster"]
    assert readback.api(resources)["public"] is True


def test_planted_allow_list() -> None:
    resources = planned()
    record(resources, CLUSTER).inputs["apiServerAccessProfile"]["authorizedIPRanges"] = ["0.0.0.0/0"]
    assert readback.api(resources) == {"public": True, "authorized_cidrs": ["0.0.0.0/0"], "node_egress_cidrs": []}


def test_unknown_values_read_back_unknown() -> None:
    """An input unknown at plan time is None in the record (records.unwrap_secrets): it reads back None."""
    resources = planned()
    pool_inputs(resources, "batch")["scaleSetPriority"] = None
    pool_inputs(resources, "general")["nodeLabels"] = None
    record(resources, CLUSTER).inputs["apiServerAccessProfile"]["enablePrivateCluster"] = None
    rows = readback.node_pools(resources)
    assert rows[0]["spot"] is None
    assert rows[1]["labels"] is None
    assert readback.api(resources)["public"] is None


def test_planted_zones() -> None:
    """Zones are what the pools span together: one pool on fewer zones still leaves three spanned."""
    resources = planned()
    pool_inputs(resources, "general")["availabilityZones"] = ["1"]
    assert readback.zones(resources) == 3
    for pool in ("batch", "general"):
        pool_inputs(resources, pool)["availabilityZones"] = ["1", "2"]
    system_profile(resources)["availabilityZones"] = ["1", "2"]
    assert readback.zones(resources) == 2
    for pool in ("batch", "general"):
        del pool_inputs(resources, pool)["availabilityZones"]
    del system_profile(resources)["availabilityZones"]
    assert readback.zones(resources) is None
