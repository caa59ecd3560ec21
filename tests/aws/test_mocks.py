"""The offline answers for AWS have the output shape of each type, and every type kumo creates is covered."""

from __future__ import annotations

import base64
from types import SimpleNamespace

from components.aws import mocks
from components.records import Plan

CTX = SimpleNamespace(config={"aws:region": "eu-central-1"}, stack="s", project="kumo")

# Types whose outputs are their inputs plus an id (nothing else a program reads).
ECHOED = {
    "pulumi:providers:aws",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
    "aws:autoscaling/tag:Tag",
    "aws:efs/fileSystemPolicy:FileSystemPolicy",
    "aws:efs/backupPolicy:BackupPolicy",
}


def test_every_aws_type_kumo_creates_is_answered(contract: Plan, edge: Plan, private: Plan) -> None:
    types = {
        r.type
        for plan in (contract, edge, private)
        for r in plan.resources
        if r.type.startswith("aws:") or r.type == "pulumi:providers:aws"
    }
    assert types <= ECHOED | set(mocks.RESOURCES), types - ECHOED - set(mocks.RESOURCES)
    assert not ECHOED & set(mocks.RESOURCES)


def test_the_invoke_table_answers_exactly_the_invokes_kumo_makes(contract: Plan, edge: Plan, private: Plan) -> None:
    made = {token for plan in (contract, edge, private) for token, _ in plan.invokes}
    assert (
        made
        == set(mocks.INVOKES)
        == {
            "aws:index/getCallerIdentity:getCallerIdentity",
            "aws:iam/getSessionContext:getSessionContext",
            "aws:index/getAvailabilityZones:getAvailabilityZones",
        }
    )


def test_cluster_outputs_have_the_eks_shape() -> None:
    rid, out = mocks.new_resource("aws:eks/cluster:Cluster", "c1", {"name": "c1", "vpcConfig": {}}, CTX) or ("", {})
    assert rid == "c1"
    assert out["arn"] == f"arn:aws:eks:eu-central-1:{mocks.ACCOUNT_ID}:cluster/c1"
    assert out["endpoint"].startswith("https://") and out["endpoint"].endswith(".eu-central-1.eks.amazonaws.com")
    assert base64.b64decode(out["certificateAuthority"]["data"]).startswith(b"-----BEGIN CERTIFICATE-----")
    assert out["identities"][0]["oidcs"][0]["issuer"].startswith("https://oidc.eks.eu-central-1.amazonaws.com/id/")
    assert out["vpcConfig"]["clusterSecurityGroupId"].startswith("sg-")


def test_invokes() -> None:
    identity = mocks.call("aws:index/getCallerIdentity:getCallerIdentity", {}, CTX)
    assert identity is not None and identity["accountId"] == mocks.ACCOUNT_ID
    context = mocks.call("aws:iam/getSessionContext:getSessionContext", {"arn": identity["arn"]}, CTX)
    assert context is not None and context["issuerArn"] == f"arn:aws:iam::{mocks.ACCOUNT_ID}:role/kumo-deployer"
    zones = mocks.call("aws:index/getAvailabilityZones:getAvailabilityZones", {"state": "available"}, CTX)
    assert zones is not None and zones["names"][:3] == ["eu-central-1a", "eu-central-1b", "eu-central-1c"]
    assert zones["zoneIds"][0] == "euc1-az1"
    assert mocks.call("aws:index/getRegion:getRegion", {}, CTX) is None


def test_ids_are_deterministic_and_prefixed() -> None:
    first = mocks.new_resource("aws:ec2/subnet:Subnet", "s1", {}, CTX)
    assert first == mocks.new_resource("aws:ec2/subnet:Subnet", "s1", {}, CTX)
    assert first is not None and first[0].startswith("subnet-") and len(first[0]) == len("subnet-") + 17
    eip = mocks.new_resource("aws:ec2/eip:Eip", "e1", {"domain": "vpc"}, CTX)
    assert eip is not None and eip[0].startswith("eipalloc-") and eip[1]["allocationId"] == eip[0]
    assert mocks.new_resource("aws:iam/rolePolicy:RolePolicy", "p", {}, CTX) is None
