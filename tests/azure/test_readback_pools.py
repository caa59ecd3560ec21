"""components/azure/readback.py: planted differences in the contract plan's AKS node pools, each read back as
exactly that difference (the records: tests/azure/planted.py).
"""

from __future__ import annotations

from components.azure import readback
from tests.azure.planted import BATCH, GENERAL, SYSTEM, planned, pool_inputs, system_profile


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
