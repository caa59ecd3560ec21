"""The AWS layers: exactly what each holds, what each publishes, the in-cluster layer's controllers built
from the cluster layer's outputs, and the cluster layer's refusal of a data layer from elsewhere. The private
endpoint's ways in: test_api_access.py."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pytest

from components.aws import mocks
from components.layers import stack_reference
from components.layers.contract import CLUSTER_OUTPUTS
from components.offline import run_program
from components.records import Plan
from components.spec import parse_spec
from tests.aws.conftest import REGION, ZONES, named

ACCOUNT = mocks.ACCOUNT_ID
SUBNET, RULE = "aws:ec2/subnet:Subnet", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"


def test_data_layer_holds_exactly_the_network_the_keys_and_the_shared_store(contract: Plan) -> None:
    network = [
        ("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "contract-network-default-sg"),
        ("aws:ec2/internetGateway:InternetGateway", "contract-network-igw"),
        ("aws:ec2/route:Route", "contract-network-public-default"),
        ("aws:ec2/routeTable:RouteTable", "contract-network-public-rt"),
        ("aws:ec2/securityGroup:SecurityGroup", "contract-network-nodes"),
        ("aws:ec2/vpc:Vpc", "contract-network-vpc"),
        ("kumo:aws:Network", "contract-network"),
    ]
    for zone in ZONES:
        network += [
            ("aws:ec2/eip:Eip", f"contract-network-nat-eip-{zone}"),
            ("aws:ec2/natGateway:NatGateway", f"contract-network-nat-{zone}"),
            ("aws:ec2/route:Route", f"contract-network-private-{zone}-default"),
            ("aws:ec2/routeTable:RouteTable", f"contract-network-private-{zone}-rt"),
            ("aws:ec2/routeTableAssociation:RouteTableAssociation", f"contract-network-private-{zone}-rta"),
            ("aws:ec2/routeTableAssociation:RouteTableAssociation", f"contract-network-public-{zone}-rta"),
            (SUBNET, f"contract-network-private-{zone}"),
            (SUBNET, f"contract-network-public-{zone}"),
        ]
    keys = [("aws:kms/alias:Alias", f"contract-{k}-key-alias") for k in ("cluster", "shared", "volumes")] + [
        ("aws:kms/key:Key", f"contract-{k}-key") for k in ("cluster", "shared", "volumes")
    ]
    shared = [
        ("aws:ec2/securityGroup:SecurityGroup", "contract-shared-nfs"),
        ("aws:efs/accessPoint:AccessPoint", "contract-shared-ap"),
        ("aws:efs/backupPolicy:BackupPolicy", "contract-shared-efs-backup"),
        ("aws:efs/fileSystem:FileSystem", "contract-shared-efs"),
        ("aws:efs/fileSystemPolicy:FileSystemPolicy", "contract-shared-efs-policy"),
        *[("aws:efs/mountTarget:MountTarget", f"contract-shared-mt-{zone}") for zone in ZONES],
        (RULE, "contract-shared-nfs-from-nodes"),
        ("kumo:aws:SharedStorage", "contract-shared"),
        # Its backups under kumo's key (DATA-07, tests/aws/test_backup.py).
        ("aws:backup/vault:Vault", "contract-shared-vault"),
        ("aws:backup/plan:Plan", "contract-shared-plan"),
        ("aws:backup/selection:Selection", "contract-shared-selection"),
        ("aws:iam/role:Role", "contract-shared-backup"),
        (
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            "contract-shared-backup-AWSBackupServiceRolePolicyForBackup",
        ),
        (
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            "contract-shared-backup-AWSBackupServiceRolePolicyForRestores",
        ),
    ]
    # VPC flow logs with the network (LOG-03, tests/aws/test_flow_logs.py).
    flow_logs = [
        ("aws:cloudwatch/logGroup:LogGroup", "contract-flow-logs"),
        ("aws:ec2/flowLog:FlowLog", "contract-flow-logs"),
        ("aws:iam/role:Role", "contract-flow-logs-role"),
        ("aws:iam/rolePolicy:RolePolicy", "contract-flow-logs-delivery"),
    ]
    expected = sorted(
        [
            *network,
            *keys,
            *shared,
            *flow_logs,
            ("kumo:aws:DataLayer", "contract"),
            ("pulumi:providers:aws", "contract-aws"),
        ]
    )
    assert sorted((r.type, r.name) for r in contract.in_layer("data")) == expected
    assert len(expected) == 59


def test_cluster_layer_counts_per_type(contract: Plan) -> None:
    assert Counter(r.type for r in contract.in_layer("cluster")) == Counter(
        {
            "aws:autoscaling/tag:Tag": 9,  # node-template tags: 2 + 2 + 5 on the system, general and batch groups
            "aws:cloudwatch/logGroup:LogGroup": 1,
            "aws:ec2/eip:Eip": 3,  # the load balancer's static addresses, one per zone
            "aws:ec2/launchTemplate:LaunchTemplate": 3,
            "aws:eks/accessEntry:AccessEntry": 1,
            "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": 1,
            "aws:eks/addon:Addon": 5,
            "aws:eks/cluster:Cluster": 1,
            "aws:eks/nodeGroup:NodeGroup": 3,
            "aws:iam/openIdConnectProvider:OpenIdConnectProvider": 1,
            "aws:iam/role:Role": 7,  # cluster, node, and IRSA for vpc-cni, ebs, efs, lb-controller, autoscaler
            "aws:iam/rolePolicy:RolePolicy": 4,
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 6,
            "kumo:aws:ClusterLayer": 1,
            "pulumi:providers:aws": 1,
            "pulumi:pulumi:StackReference": 1,  # the data layer's outputs
        }
    )
    # The controllers' roles are the cluster layer's; their releases the in-cluster layer's.
    roles = named(contract, "aws:iam/role:Role")
    assert {roles[f"contract-{n}-irsa"].layer for n in ("lb-controller", "cluster-autoscaler")} == {"cluster"}


@pytest.mark.parametrize("variant", ["contract", "internal", "minimal", "edge", "private"])
def test_no_kubernetes_object_before_the_in_cluster_layer(variant: str, request: pytest.FixtureRequest) -> None:
    plan: Plan = request.getfixturevalue(variant)
    for layer in ("data", "cluster"):
        assert [
            r.name for r in plan.in_layer(layer) if r.type.startswith(("kubernetes:", "pulumi:providers:k"))
        ] == [], layer
    assert {r.type.split(":")[0] for r in plan.in_layer("in-cluster")} == {"kubernetes", "kumo", "pulumi"}


def test_data_layer_outputs(contract: Plan) -> None:
    exports = contract.layers["data"].exports
    subnets = named(contract, SUBNET)
    keys = named(contract, "aws:kms/key:Key")
    assert exports == {
        "region": "us-east-1",
        "account_id": "123456789012",
        "zones": ["us-east-1a", "us-east-1b", "us-east-1c"],
        "vpc_id": "vpc-4c4e0bff2cd74e47a",
        "public_subnet_ids": ["subnet-836b575db57f9b464", "subnet-ebf9d1157a5adcf9c", "subnet-6a27597a1d4910cbf"],
        "private_subnet_ids": ["subnet-2dd9bf9e5b92eac7a", "subnet-bda2593c58479d0f1", "subnet-208e3f7ffb46cdd58"],
        "node_security_group_id": "sg-853b9b1158df85932",
        "cluster_key_arn": "arn:aws:kms:us-east-1:123456789012:key/0e97843d-8e3b-40fa-3db9-57752dcdbf9a",
        "volume_key_arn": "arn:aws:kms:us-east-1:123456789012:key/87bd7acf-f806-b703-e6fd-160d694fa149",
        "shared_store": {
            "csi_driver": "efs.csi.aws.com",
            "volume_handle": "fs-b616b914663aed721::fsap-6d0c953884a971108",
            "volume_attributes": {"encryptInTransit": "true"},
            "mount_options": ["tls"],
            "class_parameters": {
                "provisioningMode": "efs-ap",
                "fileSystemId": "fs-b616b914663aed721",
                "directoryPerms": "0700",
                "basePath": "/dynamic",
            },
            "capacity_gb": 2560.0,
        },
    }
    assert contract.layers["data"].secret_exports == []
    # The literals are the planned resources' ids, zone by zone.
    assert exports["vpc_id"] == contract.one("aws:ec2/vpc:Vpc").id
    assert exports["public_subnet_ids"] == [subnets[f"contract-network-public-{z}"].id for z in ZONES]
    assert exports["private_subnet_ids"] == [subnets[f"contract-network-private-{z}"].id for z in ZONES]
    assert (
        exports["node_security_group_id"]
        == named(contract, "aws:ec2/securityGroup:SecurityGroup")["contract-network-nodes"].id
    )
    assert exports["volume_key_arn"].endswith(keys["contract-volumes-key"].id)
    assert exports["shared_store"]["volume_handle"] == (
        f"{contract.one('aws:efs/fileSystem:FileSystem').id}::{contract.one('aws:efs/accessPoint:AccessPoint').id}"
    )


def test_no_shared_store_output_without_the_spec(minimal: Plan) -> None:
    assert minimal.layers["data"].exports.get("shared_store") is None


def test_cluster_layer_outputs(contract: Plan) -> None:
    exports = dict(contract.layers["cluster"].exports)
    assert set(CLUSTER_OUTPUTS) <= set(exports)
    assert contract.layers["cluster"].secret_exports == ["kubeconfig"]
    assert exports.pop("kubeconfig").startswith("{")  # its content: test_eks.test_kubeconfig_is_secret_and_exec_based
    host = "CC8321D6375C494D043FDD0260F21BC0.gr7.us-east-1.eks.amazonaws.com"
    assert exports == {
        "cluster_name": "contract",
        "endpoint": f"https://{host}",
        "node_pools": ["system", "general", "batch"],
        "block_class": {
            "provisioner": "ebs.csi.aws.com",
            "parameters": {
                "type": "gp3",
                "encrypted": "true",
                "csi.storage.k8s.io/fstype": "ext4",
                "kmsKeyId": "arn:aws:kms:us-east-1:123456789012:key/87bd7acf-f806-b703-e6fd-160d694fa149",
                "tagSpecification_1": "kumo-cluster=contract",
                "tagSpecification_2": "managed-by=kumo",
            },
        },
        "load_balancer": {
            "annotations": {
                "service.beta.kubernetes.io/aws-load-balancer-type": "external",
                "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
                "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing",
                "service.beta.kubernetes.io/aws-load-balancer-attributes": "load_balancing.cross_zone.enabled=true",
                "service.beta.kubernetes.io/aws-load-balancer-eip-allocations": "eipalloc-a80ce355d4cd1623c,eipalloc-95fb053bf6ed0f202,eipalloc-ab7b98484585b02f5",
                "service.beta.kubernetes.io/aws-load-balancer-subnets": "subnet-836b575db57f9b464,subnet-ebf9d1157a5adcf9c,subnet-6a27597a1d4910cbf",
            }
        },
        "api_access": {"public": True, "host": host, "port": 443.0, "ways_in": []},
        "region": "us-east-1",
        "vpc_id": "vpc-4c4e0bff2cd74e47a",
        "lb_controller_role_arn": "arn:aws:iam::123456789012:role/contract-lb-controller-irsa-74c6835",
        "cluster_autoscaler_role_arn": "arn:aws:iam::123456789012:role/contract-cluster-autoscaler-irsa-4ff1c71",
    }
    # The volume key and the subnets are the data layer's, read through its outputs.
    data = contract.layers["data"].exports
    assert exports["block_class"]["parameters"]["kmsKeyId"] == data["volume_key_arn"]
    assert exports["load_balancer"]["annotations"]["service.beta.kubernetes.io/aws-load-balancer-subnets"] == ",".join(
        data["public_subnet_ids"]
    )


def test_in_cluster_controllers_come_from_the_cluster_layers_outputs(private: Plan) -> None:
    """Release names, charts and values; the ARNs, VPC and region are the cluster layer's outputs."""
    cluster = private.layers["cluster"].exports
    releases = named(private, "kubernetes:helm.sh/v3:Release")
    assert sorted(releases) == ["private-cluster-autoscaler", "private-lb-controller"]
    lbc, ca = releases["private-lb-controller"].inputs, releases["private-cluster-autoscaler"].inputs
    assert (lbc["values"]["vpcId"], lbc["values"]["region"], lbc["values"]["clusterName"]) == (
        cluster["vpc_id"],
        cluster["region"],
        cluster["cluster_name"],
    )
    assert lbc["values"]["serviceAccount"]["annotations"] == {
        "eks.amazonaws.com/role-arn": cluster["lb_controller_role_arn"]
    }
    assert ca["values"]["rbac"]["serviceAccount"]["annotations"] == {
        "eks.amazonaws.com/role-arn": cluster["cluster_autoscaler_role_arn"]
    }
    assert (ca["namespace"], lbc["namespace"]) == ("kube-system", "kube-system")


def test_in_cluster_part_imports_no_cloud_sdk() -> None:
    code = (
        "import sys; import components.aws.controllers; "
        "print(sorted(m for m in sys.modules if m.startswith(('pulumi_aws', 'pulumi_kubernetes', 'boto'))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_cluster_layer_refuses_a_data_layer_from_another_account(contract: Plan) -> None:
    """Credentials for another account would build a cluster against subnets that are not there."""
    from components.aws.layers import ClusterLayer
    from components.layers.contract import LayerRef

    spec = parse_spec({"name": "contract"}, default_name="contract")
    data = Plan(
        stack="aws-contract",
        cloud="aws",
        config={},
        layer="data",
        exports={**contract.layers["data"].exports, "account_id": "210987654321"},
    )
    with pytest.raises(
        Exception,
        match=r"the data layer \(organization/kumo-data/aws-contract\) is in account "
        r"210987654321, these credentials are for 123456789012",
    ):
        run_program(
            lambda: ClusterLayer(spec.name, spec, LayerRef("data", spec.name)),
            cloud="aws",
            stack="aws-contract",
            config={"kumo:cloud": "aws", "aws:region": REGION},
            project="kumo-cluster",
            layer="cluster",
            references={stack_reference("data", "aws-contract"): data},
        )


def test_cluster_layer_refuses_a_data_layer_in_other_zones(contract: Plan) -> None:
    from components.aws.layers import ClusterLayer
    from components.layers.contract import LayerRef

    spec = parse_spec({"name": "contract"}, default_name="contract")
    data = Plan(
        stack="aws-contract",
        cloud="aws",
        config={},
        layer="data",
        exports={**contract.layers["data"].exports, "zones": ["us-east-1a", "us-east-1b"]},
    )
    with pytest.raises(
        Exception,
        match=r"uses zones us-east-1a, us-east-1b, the region now offers "
        r"us-east-1a, us-east-1b, us-east-1c: re-apply the data layer first",
    ):
        run_program(
            lambda: ClusterLayer(spec.name, spec, LayerRef("data", spec.name)),
            cloud="aws",
            stack="aws-contract",
            config={"kumo:cloud": "aws", "aws:region": REGION},
            project="kumo-cluster",
            layer="cluster",
            references={stack_reference("data", "aws-contract"): data},
        )
