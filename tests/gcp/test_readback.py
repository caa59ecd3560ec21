"""components/gcp/readback.py on the node pools: the planned GKE resources read back into neutral values (the
cluster's version, API and zones: test_cluster_readback.py; the network: test_network_readback.py).

Expected values are written out literally; planted differences modify one record of a copy of the plan (never
the spec) and must show as exactly that difference."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from components.gcp import readback
from components.records import Resource
from tests.conftest import cached_spec_plan

NODE_POOL = "gcp:container/nodePool:NodePool"
CLUSTER = "gcp:container/cluster:Cluster"

BATCH: dict[str, Any] = {
    "name": "batch",
    "machine_type": "n2-standard-16",
    "vcpu": 16,
    "memory_gib": 64,
    "min_nodes": 0,
    "max_nodes": 12,
    "spot": True,
    "disk_size_gb": 100,
    "system": False,
    "labels": {
        "kumo.io/pool": "batch",
        "kumo.io/workload": "batch",
        "kubernetes.azure.com/scalesetpriority": "spot",
        "cloud.google.com/gke-spot": "true",
        "cloud.google.com/gke-provisioning": "spot",
    },
    "taints": ["kumo.io/workload=batch:NoSchedule", "kubernetes.azure.com/scalesetpriority=spot:NoSchedule"],
}
GENERAL: dict[str, Any] = {
    "name": "general",
    "machine_type": "n2-standard-8",
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
    "machine_type": "n2-standard-4",
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
CONTRACT_ROWS = [BATCH, GENERAL, SYSTEM]


def resources(variant: str = "contract") -> list[Resource]:
    """A private copy of a plan's resources, all layers, free to modify."""
    return copy.deepcopy(cached_spec_plan("gcp", variant).resources)


def pool(rs: list[Resource], name: str) -> Resource:
    found = [r for r in rs if r.type == NODE_POOL and r.inputs["name"] == name]
    assert len(found) == 1
    return found[0]


def cluster(rs: list[Resource]) -> Resource:
    found = [r for r in rs if r.type == CLUSTER]
    assert len(found) == 1
    return found[0]


def row(rs: list[Resource], name: str) -> dict[str, Any]:
    return next(r for r in readback.node_pools(rs) if r["name"] == name)


def changed(expected: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**expected, **changes}


# --- the contract plan, read back -----------------------------------------------------------------------------


def test_contract_node_pools() -> None:
    assert readback.node_pools(resources()) == CONTRACT_ROWS


def test_minimal_has_no_pinned_version() -> None:
    rs = resources("minimal")
    assert readback.kubernetes_version(rs) is None
    assert readback.node_pools(rs) == [changed(SYSTEM, taints=[])]


def test_reads_only_the_resources() -> None:
    """No cluster, no pools: nothing is filled in."""
    assert readback.node_pools([]) == []
    assert readback.kubernetes_version([]) is None
    assert readback.api([]) == {"public": None, "authorized_cidrs": []}
    assert readback.zones([]) is None


# --- planted differences in one record ------------------------------------------------------------------------


def test_spot_pool_planned_on_demand() -> None:
    rs = resources()
    pool(rs, "batch").inputs["nodeConfig"]["spot"] = False
    labels = {"kumo.io/pool": "batch", "kumo.io/workload": "batch", "kubernetes.azure.com/scalesetpriority": "spot"}
    assert readback.node_pools(rs) == [changed(BATCH, spot=False, labels=labels), GENERAL, SYSTEM]


def test_preemptible_counts_as_spot() -> None:
    rs = resources()
    config = pool(rs, "general").inputs["nodeConfig"]
    config["preemptible"] = True
    assert row(rs, "general") == changed(
        GENERAL,
        spot=True,
        labels={"kumo.io/pool": "general", "team": "web", "cloud.google.com/gke-preemptible": "true"},
    )


def test_machine_type_of_another_shape() -> None:
    rs = resources()
    pool(rs, "general").inputs["nodeConfig"]["machineType"] = "n2-standard-16"
    assert readback.node_pools(rs) == [
        BATCH,
        changed(GENERAL, machine_type="n2-standard-16", vcpu=16, memory_gib=64),
        SYSTEM,
    ]


def test_unknown_machine_type_has_unknown_shape() -> None:
    rs = resources()
    pool(rs, "general").inputs["nodeConfig"]["machineType"] = "e2-highmem-8"
    assert row(rs, "general") == changed(GENERAL, machine_type="e2-highmem-8", vcpu=None, memory_gib=None)


def test_dropped_taint() -> None:
    rs = resources()
    pool(rs, "batch").inputs["nodeConfig"]["taints"].pop(0)
    assert readback.node_pools(rs) == [
        changed(BATCH, taints=["kubernetes.azure.com/scalesetpriority=spot:NoSchedule"]),
        GENERAL,
        SYSTEM,
    ]


@pytest.mark.parametrize(
    ("gke", "kubectl"),
    [
        ("NO_EXECUTE", "CriticalAddonsOnly=true:NoExecute"),
        ("PREFER_NO_SCHEDULE", "CriticalAddonsOnly=true:PreferNoSchedule"),
        ("NoSchedule", "CriticalAddonsOnly=true:NoSchedule"),  # GKE would reject it; shown as written
        ("EFFECT_UNSPECIFIED", "CriticalAddonsOnly=true:EFFECT_UNSPECIFIED"),
    ],
)
def test_taint_effects_in_kubernetes_spelling(gke: str, kubectl: str) -> None:
    rs = resources()
    pool(rs, "system").inputs["nodeConfig"]["taints"][0]["effect"] = gke
    assert row(rs, "system")["taints"] == [kubectl]


def test_taint_without_value() -> None:
    rs = resources()
    pool(rs, "system").inputs["nodeConfig"]["taints"][0]["value"] = ""
    assert row(rs, "system")["taints"] == ["CriticalAddonsOnly:NoSchedule"]


def test_dropped_label() -> None:
    rs = resources()
    del pool(rs, "general").inputs["nodeConfig"]["labels"]["team"]
    assert row(rs, "general") == changed(GENERAL, labels={"kumo.io/pool": "general"})


def test_per_zone_counts_are_multiplied_by_the_zones() -> None:
    """The translation that applies the spec's totals per zone: 2..9 per zone over 3 zones is 6..27."""
    rs = resources()
    pool(rs, "general").inputs["autoscaling"] = {"locationPolicy": "BALANCED", "minNodeCount": 2.0, "maxNodeCount": 9.0}
    assert readback.node_pools(rs) == [BATCH, changed(GENERAL, min_nodes=6, max_nodes=27), SYSTEM]


def test_per_zone_counts_over_the_pools_own_zones() -> None:
    rs = resources()
    general = pool(rs, "general")
    general.inputs["autoscaling"] = {"minNodeCount": 1.0, "maxNodeCount": 4.0}
    general.inputs["nodeLocations"] = ["us-central1-a", "us-central1-b"]
    assert row(rs, "general") == changed(GENERAL, min_nodes=2, max_nodes=8)


def test_per_zone_counts_over_the_clusters_zones() -> None:
    """A pool without nodeLocations runs in the cluster's."""
    rs = resources()
    general = pool(rs, "general")
    general.inputs["autoscaling"] = {"minNodeCount": 1.0, "maxNodeCount": 4.0}
    del general.inputs["nodeLocations"]
    cluster(rs).inputs["nodeLocations"] = ["us-central1-a", "us-central1-b", "us-central1-c", "us-central1-f"]
    assert row(rs, "general") == changed(GENERAL, min_nodes=4, max_nodes=16)


def test_per_zone_counts_with_unknown_zones() -> None:
    rs = resources()
    general = pool(rs, "general")
    general.inputs["autoscaling"] = {"minNodeCount": 1.0, "maxNodeCount": 4.0}
    del general.inputs["nodeLocations"]
    del cluster(rs).inputs["nodeLocations"]
    assert row(rs, "general") == changed(GENERAL, min_nodes=None, max_nodes=None)
    assert readback.zones(rs) is None


def test_changed_total() -> None:
    rs = resources()
    pool(rs, "batch").inputs["autoscaling"]["totalMaxNodeCount"] = 10.0
    assert readback.node_pools(rs) == [changed(BATCH, max_nodes=10), GENERAL, SYSTEM]


def test_pool_without_autoscaling_has_a_fixed_size() -> None:
    rs = resources()
    general = pool(rs, "general")
    del general.inputs["autoscaling"]
    general.inputs["nodeCount"] = 2.0
    assert row(rs, "general") == changed(GENERAL, min_nodes=6, max_nodes=6)


def test_disk_size() -> None:
    rs = resources()
    pool(rs, "system").inputs["nodeConfig"]["diskSizeGb"] = 50.0
    # The default pool's template no longer matches any pool: which one is the system pool is unknown.
    assert readback.node_pools(rs) == [
        changed(BATCH, system=None),
        changed(GENERAL, system=None),
        changed(SYSTEM, disk_size_gb=50, system=None),
    ]


def test_disk_size_left_to_gke_is_unknown() -> None:
    rs = resources()
    del pool(rs, "general").inputs["nodeConfig"]["diskSizeGb"]
    assert row(rs, "general") == changed(GENERAL, disk_size_gb=None)


def test_system_pool_follows_the_default_pool_template() -> None:
    rs = resources()
    cluster(rs).inputs["nodeConfig"].update({"machineType": "n2-standard-8", "diskSizeGb": 200.0})
    assert readback.node_pools(rs) == [BATCH, changed(GENERAL, system=True), changed(SYSTEM, system=False)]


def test_template_without_a_disk_size_names_no_system_pool() -> None:
    """A pool of the template's machine type whose disk size is left to GKE too does not match an unknown size."""
    rs = resources()
    del cluster(rs).inputs["nodeConfig"]["diskSizeGb"]
    del pool(rs, "system").inputs["nodeConfig"]["diskSizeGb"]
    assert readback.node_pools(rs) == [
        changed(BATCH, system=None),
        changed(GENERAL, system=None),
        changed(SYSTEM, disk_size_gb=None, system=None),
    ]


def test_pool_name_from_the_pool_label() -> None:
    rs = resources()
    pool(rs, "general").inputs["nodeConfig"]["labels"]["kumo.io/pool"] = "web"
    assert [r["name"] for r in readback.node_pools(rs)] == ["batch", "system", "web"]


def test_zones_of_a_pool_in_another_zone() -> None:
    rs = resources()
    pool(rs, "batch").inputs["nodeLocations"] = ["us-central1-f"]
    assert readback.zones(rs) == 4
    assert row(rs, "batch") == BATCH  # totals do not depend on the zone count
