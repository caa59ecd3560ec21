"""components/aws/readback.py: how a node group's launch template, disk and pool name are found when the
records say less than kumo's own plan does (a template named by name or only through a dependency, no
template, no pool label or tag). Each test modifies a copy of the contract plan's records; expected values
are literals (tests/aws/test_readback.py holds the contract rows)."""

from __future__ import annotations

import copy

import pytest

from components.aws import readback
from components.records import Plan, Resource
from tests.aws.test_readback import CONTRACT_ROWS, LAUNCH_TEMPLATE, NODE_GROUP, record, rows_with

GENERAL_LT = (
    "urn:pulumi:aws-contract::kumo-cluster::kumo:aws:ClusterLayer$aws:ec2/launchTemplate:LaunchTemplate"
    "::contract-general-lt"
)
SYSTEM_LT = (
    "urn:pulumi:aws-contract::kumo-cluster::kumo:aws:ClusterLayer$aws:ec2/launchTemplate:LaunchTemplate"
    "::contract-system-lt"
)


@pytest.fixture
def resources(contract: Plan) -> list[Resource]:
    """A copy of the contract plan's records, free to modify."""
    return copy.deepcopy(contract.resources)


def test_the_contract_names_each_template_by_id_and_dependency(resources: list[Resource]) -> None:
    general = record(resources, NODE_GROUP, "contract-general")
    assert general.inputs["launchTemplate"] == {"version": "1", "id": "lt-23e5b90a8cd2fb314"}
    assert general.property_dependencies["launchTemplate"] == [GENERAL_LT]


def test_template_found_by_id_alone(resources: list[Resource]) -> None:
    for group in (r for r in resources if r.type == NODE_GROUP):
        group.property_dependencies["launchTemplate"] = []
    assert readback.node_pools(resources) == CONTRACT_ROWS


def test_template_found_by_name(resources: list[Resource]) -> None:
    """general's template holds its 200 GiB root volume; the other two templates have no name input."""
    general = record(resources, NODE_GROUP, "contract-general")
    general.inputs["launchTemplate"] = {"version": "1", "name": "general-nodes"}
    general.property_dependencies["launchTemplate"] = []
    record(resources, LAUNCH_TEMPLATE, "contract-general-lt").inputs["name"] = "general-nodes"
    assert readback.node_pools(resources) == CONTRACT_ROWS


def test_template_found_through_its_dependency_alone(resources: list[Resource]) -> None:
    """No id or name among the inputs (an id not known before creation): the dependency names the template."""
    record(resources, NODE_GROUP, "contract-general").inputs["launchTemplate"] = {"version": "1"}
    assert readback.node_pools(resources) == CONTRACT_ROWS


def test_two_templates_among_the_dependencies_is_no_template(resources: list[Resource]) -> None:
    general = record(resources, NODE_GROUP, "contract-general")
    general.inputs["launchTemplate"] = {"version": "1"}
    general.property_dependencies["launchTemplate"] = [GENERAL_LT, SYSTEM_LT]
    assert readback.node_pools(resources) == rows_with(general={"disk_size_gb": None})


def test_template_id_not_among_the_records_is_no_template(resources: list[Resource]) -> None:
    general = record(resources, NODE_GROUP, "contract-general")
    general.inputs["launchTemplate"] = {"version": "1", "id": "lt-0000000000000000"}
    general.property_dependencies["launchTemplate"] = []
    assert readback.node_pools(resources) == rows_with(general={"disk_size_gb": None})


@pytest.mark.parametrize(("disk_size", "expected"), [(80.0, 80), (None, None), (True, None), ("80", None)])
def test_without_a_template_the_disk_is_the_node_groups(
    resources: list[Resource], disk_size: object, expected: int | None
) -> None:
    """diskSize is read only as an engine number: absent, a boolean or a string is unknown."""
    general = record(resources, NODE_GROUP, "contract-general")
    del general.inputs["launchTemplate"]
    general.property_dependencies["launchTemplate"] = []
    if disk_size is not None:
        general.inputs["diskSize"] = disk_size
    assert readback.node_pools(resources) == rows_with(general={"disk_size_gb": expected})


def test_missing_max_size_is_unknown(resources: list[Resource]) -> None:
    del record(resources, NODE_GROUP, "contract-general").inputs["scalingConfig"]["maxSize"]
    assert readback.node_pools(resources) == rows_with(general={"max_nodes": None})


def test_pool_named_by_its_tag_when_the_group_has_no_labels(resources: list[Resource]) -> None:
    del record(resources, NODE_GROUP, "contract-general").inputs["labels"]
    assert readback.node_pools(resources) == rows_with(general={"labels": {}})


def test_pool_named_by_the_group_name_less_the_cluster_prefix(resources: list[Resource]) -> None:
    general = record(resources, NODE_GROUP, "contract-general")
    del general.inputs["tags"]
    del general.inputs["labels"]["kumo.io/pool"]
    assert readback.node_pools(resources) == rows_with(general={"labels": {"team": "web"}})


def test_pool_named_by_the_whole_group_name_without_a_cluster_name(resources: list[Resource]) -> None:
    general = record(resources, NODE_GROUP, "contract-general")
    del general.inputs["tags"]
    del general.inputs["labels"]["kumo.io/pool"]
    del general.inputs["clusterName"]
    rows = readback.node_pools(resources)
    assert [row["name"] for row in rows] == ["batch", "contract-general", "system"]
    assert rows[1]["labels"] == {"team": "web"}


@pytest.mark.parametrize(("node_subnets", "nat"), [(2, "per_zone"), (3, None)])
def test_two_nat_gateways(resources: list[Resource], node_subnets: int, nat: str | None) -> None:
    """Two gateways in two zones are per zone for node groups in those two zones, neither per zone nor single
    for node groups in three."""
    resources.remove(record(resources, "aws:ec2/natGateway:NatGateway", "contract-network-nat-us-east-1c"))
    for group in (r for r in resources if r.type == NODE_GROUP):
        group.inputs["subnetIds"] = group.inputs["subnetIds"][:node_subnets]
    assert readback.network(resources) == {
        "cidr": "10.0.0.0/16",
        "pod_cidr": None,
        "service_cidr": "10.96.0.0/16",
        "nat": nat,
    }
