"""The contract plan's AKS records for the readback tests (test_readback*.py), and the rows they read back as.

Every planted difference in those tests is a modified copy of one planned record (`planned()`), never a
modified spec; every expected row is written out literally (not computed from the spec or traits).
"""

from __future__ import annotations

import copy
from typing import Any

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
