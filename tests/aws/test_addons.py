"""Add-ons and controllers: managed add-ons with IRSA (cluster layer), the AWS Load Balancer Controller and
the autoscaler (IRSA roles in the cluster layer, Helm releases in the in-cluster layer), and the load-balancer
exposure (annotations, Elastic IPs, the Service waiting for the controller)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from components.aws import mocks
from components.aws.lb_controller_policy import lb_controller_policy
from components.records import Plan, Resource
from tests.aws.conftest import REGION, ZONES, named, policy

ADDON = "aws:eks/addon:Addon"
RELEASE = "kubernetes:helm.sh/v3:Release"
ACCOUNT = mocks.ACCOUNT_ID


def role_arn(plan: Plan, name: str) -> str:
    return f"arn:aws:iam::{ACCOUNT}:role/{named(plan, 'aws:iam/role:Role')[name].id}"


def trust(plan: Plan, role: str) -> dict[str, Any]:
    statements = policy(named(plan, "aws:iam/role:Role")[role], "assumeRolePolicy")["Statement"]
    assert len(statements) == 1
    return statements[0]


def test_managed_addons_exact(contract: Plan) -> None:
    addons = named(contract, ADDON)
    assert sorted(addons) == [
        "contract-aws-ebs-csi-driver",
        "contract-aws-efs-csi-driver",
        "contract-coredns",
        "contract-kube-proxy",
        "contract-vpc-cni",
    ]
    expected = {
        "contract-vpc-cni": (
            "vpc-cni",
            role_arn(contract, "contract-vpc-cni-irsa"),
            json.dumps({"enableNetworkPolicy": "true"}),
        ),
        "contract-kube-proxy": ("kube-proxy", None, None),
        "contract-coredns": ("coredns", None, None),
        "contract-aws-ebs-csi-driver": ("aws-ebs-csi-driver", role_arn(contract, "contract-ebs-csi-irsa"), None),
        "contract-aws-efs-csi-driver": ("aws-efs-csi-driver", role_arn(contract, "contract-efs-csi-irsa"), None),
    }
    for name, (addon_name, sa_role, config) in expected.items():
        inputs = addons[name].inputs
        assert (inputs["addonName"], inputs.get("serviceAccountRoleArn"), inputs.get("configurationValues")) == (
            addon_name,
            sa_role,
            config,
        ), name
        assert inputs["clusterName"] == "contract"
        assert (inputs["resolveConflictsOnCreate"], inputs["resolveConflictsOnUpdate"]) == ("OVERWRITE", "OVERWRITE")


def test_storage_and_dns_addons_wait_for_nodes(contract: Plan) -> None:
    addons = named(contract, ADDON)
    groups = {g.urn for g in contract.of_type("aws:eks/nodeGroup:NodeGroup")}
    for name in ("contract-coredns", "contract-aws-ebs-csi-driver", "contract-aws-efs-csi-driver"):
        assert groups <= set(addons[name].options["depends_on"]), name
    for name in ("contract-vpc-cni", "contract-kube-proxy"):
        assert not groups & contract.dependencies(addons[name]), name
    # The mount targets are the data layer's, applied (as a whole stack) before the cluster layer.
    assert {m.layer for m in contract.of_type("aws:efs/mountTarget:MountTarget")} == {"data"}
    assert addons["contract-aws-efs-csi-driver"].layer == "cluster"


@pytest.mark.parametrize(
    ("role", "operator", "subject"),
    [
        ("contract-vpc-cni-irsa", "StringEquals", "system:serviceaccount:kube-system:aws-node"),
        ("contract-ebs-csi-irsa", "StringEquals", "system:serviceaccount:kube-system:ebs-csi-controller-sa"),
        ("contract-efs-csi-irsa", "StringLike", "system:serviceaccount:kube-system:efs-csi-*"),
        (
            "contract-lb-controller-irsa",
            "StringEquals",
            "system:serviceaccount:kube-system:aws-load-balancer-controller",
        ),
        ("contract-cluster-autoscaler-irsa", "StringEquals", "system:serviceaccount:kube-system:cluster-autoscaler"),
    ],
)
def test_irsa_roles_trust_one_service_account(contract: Plan, role: str, operator: str, subject: str) -> None:
    oidc = contract.one("aws:iam/openIdConnectProvider:OpenIdConnectProvider")
    issuer = oidc.inputs["url"].removeprefix("https://")
    statement = trust(contract, role)
    assert statement["Principal"] == {"Federated": f"arn:aws:iam::{ACCOUNT}:oidc-provider/{issuer}"}
    assert statement["Action"] == "sts:AssumeRoleWithWebIdentity"
    conditions = statement["Condition"]
    assert conditions["StringEquals"][f"{issuer}:aud"] == "sts.amazonaws.com"
    assert conditions[operator][f"{issuer}:sub"] == subject
    assert sum(len(v) for v in conditions.values()) == 2


def test_ebs_driver_may_use_the_volume_key_only(contract: Plan) -> None:
    key = named(contract, "aws:kms/key:Key")["contract-volumes-key"]
    statements = policy(named(contract, "aws:iam/rolePolicy:RolePolicy")["contract-ebs-csi-policy"])["Statement"]
    key_arn = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{key.id}"
    assert {s["Resource"] for s in statements} == {key_arn}
    grants = next(s for s in statements if "kms:CreateGrant" in s["Action"])
    assert grants["Condition"] == {"Bool": {"kms:GrantIsForAWSResource": "true"}}
    attachments = named(contract, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")
    assert (
        attachments["contract-ebs-csi-AmazonEBSCSIDriverPolicy"].inputs["policyArn"]
        == "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"
    )
    assert (
        attachments["contract-efs-csi-AmazonEFSCSIDriverPolicy"].inputs["policyArn"]
        == "arn:aws:iam::aws:policy/service-role/AmazonEFSCSIDriverPolicy"
    )


def release(plan: Plan, name: str) -> Resource:
    return named(plan, RELEASE)[name]


def test_lb_controller_release(contract: Plan) -> None:
    lbc = release(contract, "contract-lb-controller")
    vpc = contract.one("aws:ec2/vpc:Vpc")
    assert {k: lbc.inputs[k] for k in ("name", "chart", "version", "repositoryOpts", "namespace", "atomic")} == {
        "name": "aws-load-balancer-controller",
        "chart": "aws-load-balancer-controller",
        "version": "3.5.0",
        "repositoryOpts": {"repo": "https://aws.github.io/eks-charts"},
        "namespace": "kube-system",
        "atomic": True,
    }
    assert lbc.inputs["values"] == {
        "clusterName": "contract",
        "region": REGION,
        "vpcId": vpc.id,
        "replicaCount": 2.0,
        "serviceAccount": {
            "create": True,
            "name": "aws-load-balancer-controller",
            "annotations": {"eks.amazonaws.com/role-arn": role_arn(contract, "contract-lb-controller-irsa")},
        },
        "enableServiceMutatorWebhook": False,
        "defaultTags": {"env": "test", "kumo-cluster": "contract", "managed-by": "kumo"},
        "nodeSelector": {"kumo.io/pool": "system"},
        "tolerations": [{"key": "CriticalAddonsOnly", "operator": "Equal", "value": "true", "effect": "NoSchedule"}],
    }
    # Its least-privilege policy is the controller's published one, in this partition, confined to this cluster and
    # the data layer's VPC (IAM-06).
    inline = named(contract, "aws:iam/rolePolicy:RolePolicy")["contract-lb-controller-policy"]
    vpc_arn = f"arn:aws:ec2:{REGION}:{mocks.ACCOUNT_ID}:vpc/{vpc.id}"
    assert json.loads(inline.inputs["policy"]) == json.loads(lb_controller_policy("aws", "contract", vpc_arn))
    assert inline.inputs["role"] == named(contract, "aws:iam/role:Role")["contract-lb-controller-irsa"].id
    # The role and its grant are the cluster layer's, the release the in-cluster layer's (applied after it).
    assert (inline.layer, lbc.layer) == ("cluster", "in-cluster")


def test_cluster_autoscaler_release_and_policy(contract: Plan, edge: Plan) -> None:
    ca = release(contract, "contract-cluster-autoscaler")
    assert (ca.inputs["chart"], ca.inputs["version"], ca.inputs["repositoryOpts"]) == (
        "cluster-autoscaler",
        "9.59.0",
        {"repo": "https://kubernetes.github.io/autoscaler"},
    )
    values = ca.inputs["values"]
    assert values["autoDiscovery"] == {"clusterName": "contract"}
    # The image follows the spec's minor: tests/aws/test_facts.py.
    assert (values["cloudProvider"], values["awsRegion"]) == ("aws", REGION)
    assert values["rbac"]["serviceAccount"]["annotations"] == {
        "eks.amazonaws.com/role-arn": role_arn(contract, "contract-cluster-autoscaler-irsa")
    }
    assert values["nodeSelector"] == {"kumo.io/pool": "system"}
    # No version in the spec: the chart's own image (kumo cannot know the cloud's default minor offline).
    assert "image" not in release(edge, "edge-cluster-autoscaler").inputs["values"]
    statements = {
        s["Sid"]: s
        for s in policy(named(contract, "aws:iam/rolePolicy:RolePolicy")["contract-cluster-autoscaler-policy"])[
            "Statement"
        ]
    }
    scale = statements["ScaleOwnGroups"]
    assert scale["Action"] == ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"]
    assert scale["Condition"] == {"StringEquals": {"aws:ResourceTag/k8s.io/cluster-autoscaler/contract": "owned"}}
    # Node group reads name this cluster's node groups; only actions without resource-level permissions are on "*".
    assert "eks:DescribeNodegroup" not in statements["Discover"]["Action"]
    assert statements["DescribeOwnNodegroups"]["Action"] == "eks:DescribeNodegroup"
    assert statements["DescribeOwnNodegroups"]["Resource"] == (
        f"arn:aws:eks:{REGION}:{mocks.ACCOUNT_ID}:nodegroup/contract/*/*"
    )


def test_controllers_come_after_api_access_nodes_and_addons(contract: Plan) -> None:
    """The controllers need the deployer's access entry, nodes and add-ons: those are the cluster layer's,
    complete before the in-cluster layer (with the controllers) starts."""
    needed = [
        *contract.of_type("aws:eks/accessPolicyAssociation:AccessPolicyAssociation"),
        *contract.of_type("aws:eks/nodeGroup:NodeGroup"),
        *[
            a
            for a in contract.of_type(ADDON)
            if a.name in ("contract-coredns", "contract-aws-ebs-csi-driver", "contract-aws-efs-csi-driver")
        ],
    ]
    assert len(needed) == 7 and {r.layer for r in needed} == {"cluster"}
    [provider] = contract.of_type("pulumi:providers:kubernetes")  # the cluster's one provider
    assert provider.name == "contract-k8s"
    root = contract.one("kumo:k8s:InCluster")
    for name in ("contract-lb-controller", "contract-cluster-autoscaler"):
        r = release(contract, name)
        assert r.layer == "in-cluster"
        assert r.provider == f"{provider.urn}::{provider.id}"
        assert r.parent == root.urn


def test_in_cluster_objects_wait_for_the_controllers(contract: Plan) -> None:
    """The controllers join the addons: every kumo Kubernetes object waits for them (directly or through
    the namespace / storage classes it depends on)."""
    controllers = {release(contract, n).urn for n in ("contract-lb-controller", "contract-cluster-autoscaler")}
    namespace = contract.one("kubernetes:core/v1:Namespace")
    assert controllers <= set(namespace.options["depends_on"])
    for r in contract.of_type("kubernetes:storage.k8s.io/v1:StorageClass"):
        assert controllers <= contract.all_dependencies(r), r.name


def service_annotations(plan: Plan) -> dict[str, str]:
    return plan.one("kubernetes:core/v1:Service").inputs["metadata"]["annotations"]


def test_public_static_ip_gets_one_eip_per_zone(contract: Plan) -> None:
    eips = [e for e in contract.of_type("aws:ec2/eip:Eip") if "-lb-" in e.name]
    assert [e.name for e in eips] == [f"contract-lb-{zone}" for zone in ZONES]
    assert all(e.inputs["domain"] == "vpc" for e in eips)
    public = [str(s.id) for s in contract.of_type("aws:ec2/subnet:Subnet") if "-public-" in s.name]
    assert service_annotations(contract) == {
        "service.beta.kubernetes.io/aws-load-balancer-type": "external",
        "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
        "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing",
        "service.beta.kubernetes.io/aws-load-balancer-attributes": "load_balancing.cross_zone.enabled=true",
        "service.beta.kubernetes.io/aws-load-balancer-eip-allocations": ",".join(str(e.id) for e in eips),
        "service.beta.kubernetes.io/aws-load-balancer-subnets": ",".join(public),
    }


def test_internal_scheme_has_no_static_addresses(internal: Plan) -> None:
    assert [e for e in internal.of_type("aws:ec2/eip:Eip") if "-lb-" in e.name] == []
    assert service_annotations(internal) == {
        "service.beta.kubernetes.io/aws-load-balancer-type": "external",
        "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
        "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
        "service.beta.kubernetes.io/aws-load-balancer-attributes": "load_balancing.cross_zone.enabled=true",
    }


@pytest.mark.parametrize("variant", ["contract", "internal"])
def test_service_waits_for_the_controller_and_reports_a_hostname(variant: str, request: pytest.FixtureRequest) -> None:
    plan: Plan = request.getfixturevalue(variant)
    service = plan.one("kubernetes:core/v1:Service")
    assert release(plan, f"{variant}-lb-controller").urn in service.options["depends_on"]
    address = next(o["address"] for urn, o in plan.outputs.items() if urn.endswith("::" + f"{variant}-app-lb"))
    assert address.endswith(f".elb.{REGION}.amazonaws.com")
    assert address.startswith("internal-") == (variant == "internal")
