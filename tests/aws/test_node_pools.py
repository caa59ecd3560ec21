"""Managed node groups: one per pool, hardened launch templates, scaling owned by the autoscaler."""

from __future__ import annotations

import re

import pytest

from components.aws import facts, mocks, traits
from components.aws.node_pools import autoscaler_tags, instance_types
from components.records import Plan
from components.spec import NodePoolSpec
from tests.aws.conftest import REGION, named, policy

NODE_GROUP = "aws:eks/nodeGroup:NodeGroup"
LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate"

SPOT_LABEL = {"kubernetes.azure.com/scalesetpriority": "spot"}
SPOT_TAINT = {"key": "kubernetes.azure.com/scalesetpriority", "value": "spot", "effect": "NO_SCHEDULE"}

# Pool -> (instance types, capacity, min, max, labels, taints) for the contract spec. Spot pools carry AKS's
# spot label and taint on every cloud (components/spec/nodes.py).
CONTRACT_POOLS = {
    "contract-system": (
        ["m7i.xlarge"],
        "ON_DEMAND",
        3.0,
        6.0,
        {"kumo.io/pool": "system"},
        [{"key": "CriticalAddonsOnly", "value": "true", "effect": "NO_SCHEDULE"}],
    ),
    "contract-general": (["m7i.2xlarge"], "ON_DEMAND", 2.0, 9.0, {"kumo.io/pool": "general", "team": "web"}, []),
    "contract-batch": (
        ["m7i.4xlarge", "m6i.4xlarge", "m7a.4xlarge", "m6a.4xlarge"],
        "SPOT",
        0.0,
        12.0,
        {"kumo.io/pool": "batch", "kumo.io/workload": "batch", **SPOT_LABEL},
        [{"key": "kumo.io/workload", "value": "batch", "effect": "NO_SCHEDULE"}, SPOT_TAINT],
    ),
}


def test_one_node_group_per_pool_with_exact_inputs(contract: Plan) -> None:
    groups = named(contract, NODE_GROUP)
    templates = named(contract, LAUNCH_TEMPLATE)
    private = [s.id for s in contract.of_type("aws:ec2/subnet:Subnet") if "-private-" in s.name]
    node_role = named(contract, "aws:iam/role:Role")["contract-node-role"]
    assert sorted(groups) == sorted(CONTRACT_POOLS)
    for name, (types, capacity, low, high, labels, taints) in CONTRACT_POOLS.items():
        group = groups[name]
        assert group.inputs == {
            "clusterName": "contract",
            "nodeRoleArn": f"arn:aws:iam::{mocks.ACCOUNT_ID}:role/{node_role.id}",
            "subnetIds": private,
            "amiType": "AL2023_x86_64_STANDARD",
            "capacityType": capacity,
            "instanceTypes": types,
            "launchTemplate": {"id": templates[f"{name}-lt"].id, "version": "1"},
            "scalingConfig": {"minSize": low, "maxSize": high, "desiredSize": low},
            "labels": labels,
            "taints": taints,
            "updateConfig": {"maxUnavailablePercentage": 33.0},
            "nodeRepairConfig": {"enabled": True},
            "tags": {"Name": name, "kumo.io/pool": labels["kumo.io/pool"]},
        }, name
        assert group.options["ignore_changes"] == ["scalingConfig.desiredSize"]
        assert "diskSize" not in group.inputs and "remoteAccess" not in group.inputs


def test_node_groups_wait_for_networking_addons_and_node_permissions(contract: Plan) -> None:
    addons = named(contract, "aws:eks/addon:Addon")
    attachments = {r.name: r.urn for r in contract.of_type("aws:iam/rolePolicyAttachment:RolePolicyAttachment")}
    for group in contract.of_type(NODE_GROUP):
        deps = set(group.options["depends_on"])
        assert {addons["contract-vpc-cni"].urn, addons["contract-kube-proxy"].urn} <= deps
        assert {
            attachments["contract-node-AmazonEKSWorkerNodePolicy"],
            attachments["contract-node-AmazonEC2ContainerRegistryPullOnly"],
        } <= deps


def test_launch_templates_harden_the_node(contract: Plan) -> None:
    key = named(contract, "aws:kms/key:Key")["contract-cluster-key"]
    node_sg = named(contract, "aws:ec2/securityGroup:SecurityGroup")["contract-network-nodes"]
    disks = {"contract-system": 100.0, "contract-general": 200.0, "contract-batch": 100.0}
    for name, disk in disks.items():
        lt = named(contract, LAUNCH_TEMPLATE)[f"{name}-lt"]
        assert lt.inputs["metadataOptions"] == {
            "httpEndpoint": "enabled",
            "httpTokens": "required",
            "httpPutResponseHopLimit": 1.0,
            "instanceMetadataTags": "disabled",
        }
        assert lt.inputs["blockDeviceMappings"] == [
            {
                "deviceName": "/dev/xvda",
                "ebs": {
                    "volumeSize": disk,
                    "volumeType": "gp3",
                    "iops": 3000.0,
                    "throughput": 125.0,
                    "encrypted": "true",
                    "kmsKeyId": f"arn:aws:kms:{REGION}:{mocks.ACCOUNT_ID}:key/{key.id}",
                    "deleteOnTermination": "true",
                },
            }
        ]
        sgs = lt.inputs["vpcSecurityGroupIds"]
        assert len(sgs) == 2 and sgs[1] == node_sg.id and sgs[0].startswith("sg-")  # EKS cluster SG first
        assert lt.inputs["updateDefaultVersion"] is True
        assert "networkInterfaces" not in lt.inputs and "keyName" not in lt.inputs and "userData" not in lt.inputs
        assert [t["resourceType"] for t in lt.inputs["tagSpecifications"]] == [
            "instance",
            "volume",
            "network-interface",
        ]


def test_node_template_tags_on_each_asg_and_no_tag_eks_manages(contract: Plan) -> None:
    tags = list(contract.of_type("aws:autoscaling/tag:Tag"))
    by_group: dict[str, dict[str, str]] = {}
    for tag in tags:
        assert tag.inputs["tag"]["propagateAtLaunch"] is False
        by_group.setdefault(tag.inputs["autoscalingGroupName"], {})[tag.inputs["tag"]["key"]] = tag.inputs["tag"][
            "value"
        ]
    assert len(by_group) == 3
    batch = next(v for k, v in by_group.items() if "contract-batch" in k)
    assert batch == {
        "k8s.io/cluster-autoscaler/node-template/label/kumo.io/pool": "batch",
        "k8s.io/cluster-autoscaler/node-template/label/kumo.io/workload": "batch",
        "k8s.io/cluster-autoscaler/node-template/label/kubernetes.azure.com/scalesetpriority": "spot",
        "k8s.io/cluster-autoscaler/node-template/taint/kumo.io/workload": "batch:NoSchedule",
        "k8s.io/cluster-autoscaler/node-template/taint/kubernetes.azure.com/scalesetpriority": "spot:NoSchedule",
    }
    assert {t.name for t in tags if "contract-system" in t.name} == {
        "contract-system-asg-node-template-label-kumo-io-pool",
        "contract-system-asg-node-template-taint-criticaladdonsonly",
    }


@pytest.mark.parametrize("variant", ["contract", "internal", "minimal", "edge", "private"])
def test_no_asg_tag_is_one_eks_puts_on_managed_node_groups(variant: str, request: pytest.FixtureRequest) -> None:
    """EKS tags a managed node group's Auto Scaling group for autoscaler discovery itself (facts.EKS_MANAGED_ASG_TAGS):
    a stack declaring `k8s.io/cluster-autoscaler/enabled` or `.../<cluster>` again co-owns EKS's tag."""
    plan: Plan = request.getfixturevalue(variant)
    cluster = plan.one("aws:eks/cluster:Cluster").inputs["name"]
    managed = {key.format(cluster_name=cluster) for key in facts.EKS_MANAGED_ASG_TAGS}
    assert managed == {"k8s.io/cluster-autoscaler/enabled", f"k8s.io/cluster-autoscaler/{variant}"}
    keys = {t.inputs["tag"]["key"] for t in plan.of_type("aws:autoscaling/tag:Tag")}
    assert keys and not keys & managed
    assert all(key.startswith("k8s.io/cluster-autoscaler/node-template/") for key in keys)


def test_autoscaler_may_scale_only_groups_eks_tagged_for_this_cluster(contract: Plan) -> None:
    """Its scale permission is conditioned on the discovery tag EKS (not kumo) puts on the groups."""
    statements = {
        s["Sid"]: s
        for s in policy(named(contract, "aws:iam/rolePolicy:RolePolicy")["contract-cluster-autoscaler-policy"])[
            "Statement"
        ]
    }
    condition = statements["ScaleOwnGroups"]["Condition"]
    assert condition == {"StringEquals": {"aws:ResourceTag/k8s.io/cluster-autoscaler/contract": "owned"}}
    tag_key = next(iter(condition["StringEquals"])).removeprefix("aws:ResourceTag/")
    assert tag_key in {key.format(cluster_name="contract") for key in facts.EKS_MANAGED_ASG_TAGS}


def test_arm_override_spot_and_valueless_taint(edge: Plan) -> None:
    groups = named(edge, NODE_GROUP)
    system, spot = groups["edge-system"], groups["edge-spot"]
    assert (system.inputs["instanceTypes"], system.inputs["amiType"]) == (["m7g.large"], "AL2023_ARM_64_STANDARD")
    assert spot.inputs["capacityType"] == "SPOT"
    assert spot.inputs["taints"] == [{"key": "dedicated", "effect": "NO_EXECUTE"}, SPOT_TAINT]
    assert spot.inputs["labels"] == {"kumo.io/pool": "spot", **SPOT_LABEL}
    assert spot.inputs["scalingConfig"] == {"minSize": 0.0, "maxSize": 5.0, "desiredSize": 0.0}


@pytest.mark.parametrize(
    ("pool", "expected"),
    [
        ({"name": "a", "size": "small"}, ["m7i.large"]),
        ({"name": "a", "size": "small", "spot": True}, ["m7i.large", "m6i.large", "m7a.large", "m6a.large"]),
        ({"name": "a", "size": "small", "spot": True, "machine_types": {"aws": "t3.large"}}, ["t3.large"]),
    ],
)
def test_instance_types(pool: dict[str, object], expected: list[str]) -> None:
    assert instance_types(NodePoolSpec.model_validate(pool)) == expected


def test_autoscaler_tags_for_an_empty_taint_value() -> None:
    pool = NodePoolSpec.model_validate({"name": "gpu", "taints": [{"key": "gpu", "effect": "NoSchedule"}]})
    assert autoscaler_tags(pool) == {
        "k8s.io/cluster-autoscaler/node-template/label/kumo.io/pool": "gpu",
        "k8s.io/cluster-autoscaler/node-template/taint/gpu": ":NoSchedule",
    }


@pytest.mark.parametrize(
    ("name", "retired"),
    [
        ("aws-prod-batch-asg-enabled", True),
        ("aws-prod-system-asg-owner", True),
        ("aws-prod-batch-asg-node-template-label-kumo-io-pool", False),
        ("aws-prod-batch", False),
    ],
)
def test_retired_discovery_tags_are_named_for_forgetting(name: str, retired: bool) -> None:
    """The discovery tags earlier versions declared are listed to be forgotten (state only), not deleted."""
    assert (
        any(
            type_ == "aws:autoscaling/tag:Tag" and re.fullmatch(pattern, name)
            for type_, pattern in traits.RETIRED_RESOURCES
        )
        is retired
    )


@pytest.mark.parametrize("variant", ["contract", "internal", "minimal", "edge", "private"])
def test_no_planned_resource_is_a_retired_one(variant: str, request: pytest.FixtureRequest) -> None:
    plan: Plan = request.getfixturevalue(variant)
    assert [
        r.name
        for r in plan.resources
        for type_, pattern in traits.RETIRED_RESOURCES
        if r.type == type_ and re.fullmatch(pattern, r.name)
    ] == []
