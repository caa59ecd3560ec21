"""components/aws/readback.py: the planned EKS resources read back into neutral terms (issue 13).

Expected values are literals, never computed from the spec or traits. Each planted difference modifies one
record of a copy of the contract plan and asserts that the readback shows exactly that difference."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from components.aws import readback
from components.records import Plan, Resource
from tests.aws.conftest import edge_plan
from tests.conftest import cached_spec_plan

NODE_GROUP = "aws:eks/nodeGroup:NodeGroup"
LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate"
CLUSTER = "aws:eks/cluster:Cluster"
RELEASE = "kubernetes:helm.sh/v3:Release"

BATCH: dict[str, Any] = {
    "name": "batch",
    "machine_type": "m7i.4xlarge",
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
    "machine_type": "m7i.2xlarge",
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
    "machine_type": "m7i.xlarge",
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
CONTRACT_ROWS = [BATCH, GENERAL, SYSTEM]  # sorted by name: the records do not keep the spec's order


@pytest.fixture(scope="module")
def plan() -> Plan:
    return cached_spec_plan("aws")


@pytest.fixture
def resources(plan: Plan) -> list[Resource]:
    """A copy of the contract plan's records, free to modify."""
    return copy.deepcopy(plan.resources)


def record(resources: list[Resource], type_: str, name: str) -> Resource:
    found = [r for r in resources if r.type == type_ and r.name == name]
    assert len(found) == 1, (type_, name)
    return found[0]


def rows_with(**changes: dict[str, Any]) -> list[dict[str, Any]]:
    """The contract rows with the given pool's fields changed: rows_with(batch={"spot": False})."""
    rows = copy.deepcopy(CONTRACT_ROWS)
    for row in rows:
        row.update(changes.get(row["name"], {}))
    return rows


# ---------------------------------------------------------------------------------------------------------
# The contract plan as planned


def test_contract_node_pools(plan: Plan) -> None:
    assert readback.node_pools(plan.resources) == CONTRACT_ROWS


def test_contract_cluster(plan: Plan) -> None:
    assert readback.kubernetes_version(plan.resources) == "1.36"
    assert readback.api(plan.resources) == {"public": True, "authorized_cidrs": ["203.0.113.0/24"]}
    assert readback.zones(plan.resources) == 3


def test_internal_api_is_private() -> None:
    resources = cached_spec_plan("aws", "internal").resources
    assert readback.api(resources) == {"public": False, "authorized_cidrs": []}


def test_minimal_has_no_pinned_version() -> None:
    resources = cached_spec_plan("aws", "minimal").resources
    assert readback.kubernetes_version(resources) is None
    assert readback.zones(resources) == 3


def test_edge_arm_override_has_unknown_shape() -> None:
    """m7g.large is not in kumo's shape table: the machine type is read, its shape is unknown; 2 zones."""
    resources = edge_plan().resources
    system = next(row for row in readback.node_pools(resources) if row["name"] == "system")
    assert system == {
        "name": "system",
        "machine_type": "m7g.large",
        "vcpu": None,
        "memory_gib": None,
        "min_nodes": 1,
        "max_nodes": 2,
        "spot": False,
        "disk_size_gb": 100,
        "system": True,
        "labels": {"kumo.io/pool": "system"},
        "taints": [],
    }
    assert readback.zones(resources) == 2


# ---------------------------------------------------------------------------------------------------------
# Planted differences: one modified record, exactly one difference in the readback


def test_spot_pool_created_on_demand(resources: list[Resource]) -> None:
    record(resources, NODE_GROUP, "contract-batch").inputs["capacityType"] = "ON_DEMAND"
    assert readback.node_pools(resources) == rows_with(batch={"spot": False})


def test_capacity_type_absent_is_eks_on_demand(resources: list[Resource]) -> None:
    del record(resources, NODE_GROUP, "contract-batch").inputs["capacityType"]
    assert readback.node_pools(resources) == rows_with(batch={"spot": False})


def test_unknown_capacity_type_is_unknown(resources: list[Resource]) -> None:
    record(resources, NODE_GROUP, "contract-general").inputs["capacityType"] = "CAPACITY_BLOCK"
    assert readback.node_pools(resources) == rows_with(general={"spot": None})


def test_machine_type_of_another_shape(resources: list[Resource]) -> None:
    record(resources, NODE_GROUP, "contract-general").inputs["instanceTypes"] = ["m6a.4xlarge"]
    assert readback.node_pools(resources) == rows_with(
        general={"machine_type": "m6a.4xlarge", "vcpu": 16, "memory_gib": 64}
    )


def test_spot_alternative_of_another_shape_makes_shape_unknown(resources: list[Resource]) -> None:
    record(resources, NODE_GROUP, "contract-batch").inputs["instanceTypes"][2] = "m7a.2xlarge"
    assert readback.node_pools(resources) == rows_with(batch={"vcpu": None, "memory_gib": None})


def test_instance_type_from_launch_template(resources: list[Resource]) -> None:
    del record(resources, NODE_GROUP, "contract-general").inputs["instanceTypes"]
    record(resources, LAUNCH_TEMPLATE, "contract-general-lt").inputs["instanceType"] = "m7i.large"
    assert readback.node_pools(resources) == rows_with(
        general={"machine_type": "m7i.large", "vcpu": 2, "memory_gib": 8}
    )


def test_no_instance_type_anywhere_is_eks_default(resources: list[Resource]) -> None:
    del record(resources, NODE_GROUP, "contract-general").inputs["instanceTypes"]
    assert readback.node_pools(resources) == rows_with(
        general={"machine_type": "t3.medium", "vcpu": None, "memory_gib": None}
    )


def test_dropped_taint(resources: list[Resource]) -> None:
    del record(resources, NODE_GROUP, "contract-batch").inputs["taints"][1]
    assert readback.node_pools(resources) == rows_with(batch={"taints": ["kumo.io/workload=batch:NoSchedule"]})


def test_taint_effect_and_valueless_taint(resources: list[Resource]) -> None:
    record(resources, NODE_GROUP, "contract-general").inputs["taints"] = [
        {"key": "dedicated", "effect": "NO_EXECUTE"},
        {"key": "soft", "value": "yes", "effect": "PREFER_NO_SCHEDULE"},
    ]
    assert readback.node_pools(resources) == rows_with(
        general={"taints": ["dedicated:NoExecute", "soft=yes:PreferNoSchedule"]}
    )


def test_dropped_label(resources: list[Resource]) -> None:
    del record(resources, NODE_GROUP, "contract-general").inputs["labels"]["team"]
    assert readback.node_pools(resources) == rows_with(general={"labels": {"kumo.io/pool": "general"}})


def test_dropped_pool_label_still_names_the_pool_from_its_tag(resources: list[Resource]) -> None:
    del record(resources, NODE_GROUP, "contract-general").inputs["labels"]["kumo.io/pool"]
    assert readback.node_pools(resources) == rows_with(general={"labels": {"team": "web"}})


def test_changed_node_counts(resources: list[Resource]) -> None:
    record(resources, NODE_GROUP, "contract-general").inputs["scalingConfig"].update(minSize=1.0, maxSize=3.0)
    assert readback.node_pools(resources) == rows_with(general={"min_nodes": 1, "max_nodes": 3})


def test_changed_root_volume(resources: list[Resource]) -> None:
    mapping = record(resources, LAUNCH_TEMPLATE, "contract-system-lt").inputs["blockDeviceMappings"][0]
    mapping["ebs"]["volumeSize"] = 50.0
    assert readback.node_pools(resources) == rows_with(system={"disk_size_gb": 50})


def test_volume_on_another_device_is_not_the_root_disk(resources: list[Resource]) -> None:
    mapping = record(resources, LAUNCH_TEMPLATE, "contract-system-lt").inputs["blockDeviceMappings"][0]
    mapping["deviceName"] = "/dev/xvdb"
    assert readback.node_pools(resources) == rows_with(system={"disk_size_gb": None})


def test_system_controllers_moved_to_another_pool(resources: list[Resource]) -> None:
    for release in (r for r in resources if r.type == RELEASE):
        if "nodeSelector" in release.inputs.get("values", {}):
            release.inputs["values"]["nodeSelector"] = {"kumo.io/pool": "general"}
    assert readback.node_pools(resources) == rows_with(general={"system": True}, system={"system": False})


def test_without_the_in_cluster_layer_system_is_unknown(resources: list[Resource]) -> None:
    cluster_layer = [r for r in resources if r.layer != "in-cluster"]
    assert readback.node_pools(cluster_layer) == rows_with(
        batch={"system": None}, general={"system": None}, system={"system": None}
    )


def test_node_groups_in_two_zones(resources: list[Resource]) -> None:
    for group in (r for r in resources if r.type == NODE_GROUP):
        group.inputs["subnetIds"] = group.inputs["subnetIds"][:2]
    assert readback.zones(resources) == 2


def test_one_pool_in_fewer_zones_does_not_shrink_the_span(resources: list[Resource]) -> None:
    group = record(resources, NODE_GROUP, "contract-batch")
    group.inputs["subnetIds"] = group.inputs["subnetIds"][:1]
    assert readback.zones(resources) == 3


def test_without_the_data_layer_zones_are_unknown(resources: list[Resource]) -> None:
    assert readback.zones([r for r in resources if r.layer != "data"]) is None


def test_version_changed_and_absent(resources: list[Resource]) -> None:
    cluster = record(resources, CLUSTER, "contract")
    cluster.inputs["version"] = "1.35"
    assert readback.kubernetes_version(resources) == "1.35"
    del cluster.inputs["version"]
    assert readback.kubernetes_version(resources) is None


def test_endpoint_made_private(resources: list[Resource]) -> None:
    record(resources, CLUSTER, "contract").inputs["vpcConfig"]["endpointPublicAccess"] = False
    assert readback.api(resources) == {"public": False, "authorized_cidrs": []}


def test_public_endpoint_without_cidrs_is_open_to_all(resources: list[Resource]) -> None:
    """EKS's default for an unset publicAccessCidrs is 0.0.0.0/0, and an unset endpointPublicAccess is public."""
    vpc = record(resources, CLUSTER, "contract").inputs["vpcConfig"]
    del vpc["publicAccessCidrs"]
    del vpc["endpointPublicAccess"]
    assert readback.api(resources) == {"public": True, "authorized_cidrs": ["0.0.0.0/0"]}


def test_changed_authorized_cidrs(resources: list[Resource]) -> None:
    record(resources, CLUSTER, "contract").inputs["vpcConfig"]["publicAccessCidrs"] = ["192.0.2.0/24", "203.0.113.0/24"]
    assert readback.api(resources) == {"public": True, "authorized_cidrs": ["192.0.2.0/24", "203.0.113.0/24"]}


def test_no_cluster_determines_nothing() -> None:
    assert readback.kubernetes_version([]) is None
    assert readback.api([]) == {"public": None, "authorized_cidrs": []}
    assert readback.zones([]) is None
    assert readback.node_pools([]) == []
