"""components/azure/readback.py: the contract plan's AKS resources read back, and planted differences in the
cluster's version, API access and zones (the node pools' planted differences: test_readback_pools.py).

Every expected value is written out literally (not computed from the spec or traits), and every planted
difference is a modified copy of one planned record, never a modified spec (tests/azure/planted.py).
"""

from __future__ import annotations

import pytest

from components.azure import readback
from tests.azure.planted import BATCH, CLUSTER, GENERAL, SYSTEM, planned, pool_inputs, record, system_profile
from tests.conftest import cached_spec_plan

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


# -- planted differences in the cluster: one modified record, exactly that difference read back ------


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
