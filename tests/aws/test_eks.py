"""The EKS cluster across the layers: providers and tags, keys, IAM, the control plane, access entries,
kubeconfig, structure."""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pytest

from components.aws import mocks
from components.layers.contract import LayerRef
from components.offline import run_program
from components.records import Plan
from components.spec import parse_spec
from tests.aws.conftest import ADMINS, CLUSTER, DATA, DEPLOYER, REGION, component, named, policy

ACCOUNT = mocks.ACCOUNT_ID


LAYER_COMPONENTS = {"data": DATA, "cluster": CLUSTER}


@pytest.mark.parametrize("layer", ["data", "cluster"])
def test_explicit_provider_with_region_and_default_tags(contract: Plan, layer: str) -> None:
    """Each layer is its own stack with its own provider, under the same name."""
    [provider] = [r for r in contract.in_layer(layer) if r.type == "pulumi:providers:aws"]
    assert provider.name == "contract-aws"
    assert provider.parent == component(contract, LAYER_COMPONENTS[layer]).urn
    assert provider.inputs["region"] == REGION
    assert json.loads(provider.inputs["defaultTags"]) == {
        "tags": {"env": "test", "kumo-cluster": "contract", "managed-by": "kumo"}
    }


def test_every_aws_resource_uses_its_layers_provider_and_descends_from_its_layer(contract: Plan) -> None:
    aws_resources = [r for r in contract.resources if r.type.startswith("aws:")]
    assert len(aws_resources) > 80
    assert {r.layer for r in aws_resources} == {"data", "cluster"}
    for layer, type_ in LAYER_COMPONENTS.items():
        [provider] = [r for r in contract.in_layer(layer) if r.type == "pulumi:providers:aws"]
        root = component(contract, type_)
        for r in (r for r in aws_resources if r.layer == layer):
            assert r.provider == f"{provider.urn}::{provider.id}", r.name
            assert root.urn in {a.urn for a in contract.ancestors(r)}, r.name
            assert r.name.startswith("contract"), r.name


def test_control_plane_with_public_allow_listed_endpoint(contract: Plan) -> None:
    cluster = contract.one("aws:eks/cluster:Cluster")
    private = [s.id for s in contract.of_type("aws:ec2/subnet:Subnet") if "-private-" in s.name]
    key = named(contract, "aws:kms/key:Key")["contract-cluster-key"]
    role = named(contract, "aws:iam/role:Role")["contract-cluster-role"]
    assert cluster.name == "contract"
    # The version and its upgrade policy follow the spec's minor: tests/aws/test_facts.py.
    assert {k: v for k, v in cluster.inputs.items() if k not in ("version", "upgradePolicy")} == {
        "name": "contract",
        "roleArn": f"arn:aws:iam::{ACCOUNT}:role/{role.id}",
        "vpcConfig": {
            "subnetIds": private,
            "endpointPrivateAccess": True,
            "endpointPublicAccess": True,
            "publicAccessCidrs": ["203.0.113.0/24"],
        },
        "accessConfig": {"authenticationMode": "API", "bootstrapClusterCreatorAdminPermissions": False},
        "encryptionConfig": {
            "resources": ["secrets"],
            "provider": {"keyArn": f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{key.id}"},
        },
        "enabledClusterLogTypes": ["api", "audit", "authenticator", "controllerManager", "scheduler"],
        "kubernetesNetworkConfig": {"ipFamily": "ipv4", "serviceIpv4Cidr": "10.96.0.0/16"},
        "deletionProtection": True,
        "bootstrapSelfManagedAddons": False,
        "tags": {"Name": "contract"},
    }
    assert cluster.options["custom_timeouts"] == {"create": "30m", "update": "60m", "delete": "30m"}
    log_group = named(contract, "aws:cloudwatch/logGroup:LogGroup")["contract-control-plane-logs"]
    assert log_group.urn in cluster.options["depends_on"]
    assert {
        r.urn
        for r in contract.of_type("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
        if r.name.startswith("contract-cluster-")
    } <= set(cluster.options["depends_on"])


def test_private_endpoint_without_cidrs_and_deletion_protection_per_spec(internal: Plan, minimal: Plan) -> None:
    cluster = internal.one("aws:eks/cluster:Cluster")
    assert cluster.inputs["vpcConfig"]["endpointPublicAccess"] is False
    assert cluster.inputs["vpcConfig"]["endpointPrivateAccess"] is True
    assert "publicAccessCidrs" not in cluster.inputs["vpcConfig"]
    assert cluster.inputs["deletionProtection"] is False
    assert minimal.one("aws:eks/cluster:Cluster").inputs["deletionProtection"] is True
    assert "version" not in minimal.one("aws:eks/cluster:Cluster").inputs


def test_audit_logs_go_to_an_encrypted_group_kept_a_year(contract: Plan) -> None:
    log_group = named(contract, "aws:cloudwatch/logGroup:LogGroup")["contract-control-plane-logs"]
    assert log_group.inputs["name"] == "/aws/eks/contract/cluster"
    assert log_group.inputs["retentionInDays"] == 365.0
    assert log_group.inputs["kmsKeyId"].startswith(f"arn:aws:kms:{REGION}:{ACCOUNT}:key/")


def test_keys_rotate_and_have_narrow_policies(contract: Plan) -> None:
    keys = named(contract, "aws:kms/key:Key")
    assert sorted(keys) == ["contract-cluster-key", "contract-shared-key", "contract-volumes-key"]
    for key in keys.values():
        assert key.inputs["enableKeyRotation"] is True
        assert key.inputs["rotationPeriodInDays"] == 365.0
        assert key.inputs["deletionWindowInDays"] == 30.0
        assert key.inputs["keyUsage"] == "ENCRYPT_DECRYPT"
    sids = {name: [s["Sid"] for s in policy(key)["Statement"]] for name, key in keys.items()}
    assert sids == {
        "contract-cluster-key": ["AccountIamDelegation", "EbsThroughEc2InThisAccount", "CloudWatchLogsForKumoGroups"],
        "contract-volumes-key": ["AccountIamDelegation", "EbsThroughEc2InThisAccount"],
        "contract-shared-key": ["AccountIamDelegation"],
    }
    statements = {s["Sid"]: s for s in policy(keys["contract-cluster-key"])["Statement"]}
    assert statements["AccountIamDelegation"]["Principal"] == {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}
    assert statements["EbsThroughEc2InThisAccount"]["Condition"] == {
        "StringEquals": {"kms:CallerAccount": ACCOUNT, "kms:ViaService": f"ec2.{REGION}.amazonaws.com"}
    }
    assert statements["CloudWatchLogsForKumoGroups"]["Condition"] == {
        "ArnEquals": {
            "kms:EncryptionContext:aws:logs:arn": [
                f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/aws/eks/contract/cluster",
                f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/kumo/contract/vpc-flow-logs",
            ]
        }
    }
    aliases = {a.inputs["name"] for a in contract.of_type("aws:kms/alias:Alias")}
    assert aliases == {"alias/kumo/contract/cluster", "alias/kumo/contract/volumes", "alias/kumo/contract/shared"}


@pytest.mark.parametrize(
    ("variant", "cluster_protect", "volumes_protect"),
    [("contract", True, True), ("internal", False, False), ("minimal", True, True), ("edge", False, False)],
)
def test_key_lifecycles(
    variant: str, cluster_protect: bool, volumes_protect: bool, request: pytest.FixtureRequest
) -> None:
    plan: Plan = request.getfixturevalue(variant)
    keys = named(plan, "aws:kms/key:Key")
    cluster_key, volumes_key = keys[f"{variant}-cluster-key"], keys[f"{variant}-volumes-key"]
    assert (cluster_key.options["protect"], cluster_key.options["retain_on_delete"]) == (cluster_protect, False)
    # Retained volumes outlive the cluster: so does the key that decrypts them.
    assert (volumes_key.options["protect"], volumes_key.options["retain_on_delete"]) == (volumes_protect, True)


def test_cluster_and_node_roles_are_least_privilege(contract: Plan) -> None:
    roles = named(contract, "aws:iam/role:Role")
    cluster_trust = policy(roles["contract-cluster-role"], "assumeRolePolicy")["Statement"]
    assert cluster_trust == [
        {
            "Effect": "Allow",
            "Principal": {"Service": "eks.amazonaws.com"},
            "Action": ["sts:AssumeRole", "sts:TagSession"],
        }
    ]
    node_trust = policy(roles["contract-node-role"], "assumeRolePolicy")["Statement"]
    assert node_trust == [
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
    ]
    attachments = {
        r.name: r.inputs["policyArn"] for r in contract.of_type("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
    }
    assert {k: v for k, v in attachments.items() if k.startswith(("contract-cluster-", "contract-node-"))} == {
        "contract-cluster-AmazonEKSClusterPolicy": "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
        "contract-node-AmazonEKSWorkerNodePolicy": "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
        "contract-node-AmazonEC2ContainerRegistryPullOnly": "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
    }
    # The CNI policy lives on the aws-node service account's IRSA role, never on the node role (IAM-02).
    assert attachments["contract-vpc-cni-AmazonEKS_CNI_Policy"] == "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"
    kms = named(contract, "aws:iam/rolePolicy:RolePolicy")["contract-cluster-kms"]
    key = named(contract, "aws:kms/key:Key")["contract-cluster-key"]
    assert policy(kms)["Statement"] == [
        {
            "Effect": "Allow",
            "Resource": f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{key.id}",
            "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
        }
    ]


def test_oidc_provider_for_irsa(contract: Plan) -> None:
    oidc = contract.one("aws:iam/openIdConnectProvider:OpenIdConnectProvider")
    assert oidc.inputs["url"].startswith(f"https://oidc.eks.{REGION}.amazonaws.com/id/")
    assert oidc.inputs["clientIdLists"] == ["sts.amazonaws.com"]
    assert "thumbprintLists" not in oidc.inputs
    assert contract.one("aws:eks/cluster:Cluster").urn in contract.dependencies(oidc)


def test_admin_access_entries_for_deployer_and_spec_roles(contract: Plan, edge: Plan) -> None:
    entries = named(contract, "aws:eks/accessEntry:AccessEntry")
    assert {n: (e.inputs["principalArn"], e.inputs["type"]) for n, e in entries.items()} == {
        "contract-deployer": (DEPLOYER, "STANDARD")
    }
    # The deployer listed among the admins gets one entry, not two (EKS would reject the second).
    entries = named(edge, "aws:eks/accessEntry:AccessEntry")
    assert {n: e.inputs["principalArn"] for n, e in entries.items()} == {
        "edge-deployer": DEPLOYER,
        "edge-admin-platform-admins": ADMINS,
    }
    associations = named(edge, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation")
    assert sorted(associations) == ["edge-admin-platform-admins-cluster-admin", "edge-deployer-cluster-admin"]
    for association in associations.values():
        assert association.inputs["policyArn"] == "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
        assert association.inputs["accessScope"] == {"type": "cluster"}
    assert (
        "aws:iam/getSessionContext:getSessionContext",
        {"arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/{mocks.DEPLOYER_ROLE}/kumo"},
    ) in edge.invokes


def test_kubeconfig_is_secret_and_exec_based(contract: Plan) -> None:
    outputs = contract.layers["cluster"].exports
    assert "kubeconfig" in contract.layers["cluster"].secret_exports
    assert contract.outputs[component(contract).urn]["kubeconfig"] == outputs["kubeconfig"]
    config = json.loads(outputs["kubeconfig"])
    cluster = contract.one("aws:eks/cluster:Cluster")
    user = config["users"][0]["user"]
    assert set(user) == {"exec"}, "no token, certificate or password is stored"
    assert user["exec"]["command"] == "aws"
    assert user["exec"]["args"] == [
        "eks",
        "get-token",
        "--cluster-name",
        "contract",
        "--region",
        REGION,
        "--output",
        "json",
    ]
    assert config["clusters"][0]["cluster"]["server"].endswith(f".{REGION}.eks.amazonaws.com")
    assert config["clusters"][0]["cluster"]["certificate-authority-data"]
    assert outputs["cluster_name"] == cluster.name
    for provider in contract.of_type("pulumi:providers:kubernetes"):
        assert "kubeconfig" in provider.secret_paths, provider.name


class ProgramRef(LayerRef):
    """A data layer's outputs from the same program (no stack reference): two environments in one program."""

    def __init__(self, outputs: dict[str, Any]) -> None:  # no super().__init__: nothing to read remotely
        self.layer, self.name, self.outputs = "data", "in-program", outputs

    def get(self, key: str, *path: str | int) -> pulumi.Output[Any]:
        def pick(value: Any) -> Any:
            for step in path:
                value = value[step]
            return value

        return pulumi.Output.from_input(self.outputs[key]).apply(pick)


def test_two_environments_in_one_program_do_not_collide() -> None:
    from components.aws.layers import ClusterLayer, DataLayer

    specs = [parse_spec({"name": name}, default_name=name) for name in ("one", "two")]

    def program() -> None:
        for spec in specs:
            ClusterLayer(spec.name, spec, ProgramRef(DataLayer(spec.name, spec).outputs))

    plan = run_program(program, cloud="aws", stack="aws-two", config={"kumo:cloud": "aws", "aws:region": REGION})
    urns = [r.urn for r in plan.resources]
    assert len(urns) == len(set(urns))
    clusters = named(plan, "aws:eks/cluster:Cluster")
    assert sorted(clusters) == ["one", "two"]
    for r in plan.resources:
        assert r.name.startswith(("one", "two")), r.name
