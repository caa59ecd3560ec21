"""IAM-06 (controller roles confined to their cluster) and DATA-07 (backups under kumo's keys), beyond the shared
pass/fail table (tests/policy/failing.py)."""

from __future__ import annotations

import json

import pytest

from components.aws.addons import autoscaler_policy
from components.aws.lb_controller_policy import lb_controller_policy, upstream_policy
from components.aws.scope import Account
from components.policy.controller_iam import statement_problems
from tests.policy.fixtures import aws, gcp
from tests.policy.mutations import DROP, drop, put, status

VPC = "arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0abc"
ACCOUNT = Account(account_id="123456789012", partition="aws", region="us-east-1", caller_arn="arn:aws:iam::1:user/u")


def problems(document: str) -> list[str]:
    return [p for s in json.loads(document)["Statement"] for p in statement_problems(s)]


def test_upstream_lb_controller_policy_reaches_any_security_group_and_any_clusters_resources() -> None:
    found = problems(json.dumps(upstream_policy()))
    assert found == [
        "['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'] on ['*'] with no VPC or "
        "tag-value condition",
        "['ec2:CreateSecurityGroup'] on ['*'] with no VPC or tag-value condition",
        "['ec2:CreateTags'] confined only by Null ['aws:RequestTag/elbv2.k8s.aws/cluster']",
        "['ec2:CreateTags', 'ec2:DeleteTags'] confined only by Null ['aws:ResourceTag/elbv2.k8s.aws/cluster']",
        "['ec2:AuthorizeSecurityGroupIngress', 'ec2:DeleteSecurityGroup', 'ec2:RevokeSecurityGroupIngress'] on ['*'] "
        "with no VPC or tag-value condition",
        "['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress', 'ec2:DeleteSecurityGroup'] "
        "confined only by Null ['aws:ResourceTag/elbv2.k8s.aws/cluster']",
        "['elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:CreateTargetGroup'] confined only by "
        "Null ['aws:RequestTag/elbv2.k8s.aws/cluster']",
        "['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'] confined only by Null "
        "['aws:ResourceTag/elbv2.k8s.aws/cluster']",
        "['elasticloadbalancing:ModifyLoadBalancerAttributes', 'elasticloadbalancing:SetIpAddressType', "
        "'elasticloadbalancing:SetSecurityGroups']... confined only by Null ['aws:ResourceTag/elbv2.k8s.aws/cluster']",
        "['elasticloadbalancing:AddTags'] confined only by Null ['aws:RequestTag/elbv2.k8s.aws/cluster']",
    ]


@pytest.mark.parametrize("partition", ["aws", "aws-us-gov", "aws-cn"])
def test_kumos_lb_controller_policy_is_confined_to_the_cluster_and_its_vpc(partition: str) -> None:
    vpc = VPC.replace("arn:aws:", f"arn:{partition}:")
    document = lb_controller_policy(partition, "prod-eu", vpc)
    assert problems(document) == []
    statements = json.loads(document)["Statement"]
    by_actions = {tuple(s["Action"]): s for s in statements}
    ingress = by_actions[("ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress")]
    assert ingress["Condition"] == {"ArnEqualsIfExists": {"ec2:Vpc": vpc}}
    assert by_actions[("ec2:CreateSecurityGroup",)]["Resource"] == [vpc, f"arn:{partition}:ec2:*:*:security-group/*"]
    delete = by_actions[
        ("ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup")
    ]
    assert delete["Condition"] == {"StringEquals": {"aws:ResourceTag/elbv2.k8s.aws/cluster": "prod-eu"}}
    retag = by_actions[("ec2:CreateTags", "ec2:DeleteTags")]
    assert retag["Condition"] == {
        "Null": {"aws:RequestTag/elbv2.k8s.aws/cluster": "true"},
        "StringEquals": {"aws:ResourceTag/elbv2.k8s.aws/cluster": "prod-eu"},
    }
    # Nothing the controller is allowed upstream is taken away: the same actions, statement for statement.
    assert [s["Action"] for s in statements] == [s["Action"] for s in upstream_policy()["Statement"]]


def test_another_clusters_name_or_vpc_is_not_this_one() -> None:
    document = json.loads(lb_controller_policy("aws", "a", VPC))
    assert "'b'" not in json.dumps(document) and '"a"' in json.dumps(document)


def test_autoscaler_reads_on_star_only_what_takes_no_resource() -> None:
    document = json.loads(autoscaler_policy(ACCOUNT, "prod-eu"))
    assert problems(json.dumps(document)) == []
    nodegroups = [s for s in document["Statement"] if s.get("Sid") == "DescribeOwnNodegroups"]
    assert nodegroups == [
        {
            "Sid": "DescribeOwnNodegroups",
            "Effect": "Allow",
            "Action": "eks:DescribeNodegroup",
            "Resource": "arn:aws:eks:us-east-1:123456789012:nodegroup/prod-eu/*/*",
        }
    ]
    star = next(s for s in document["Statement"] if s.get("Sid") == "Discover")
    assert star["Resource"] == "*" and "eks:DescribeNodegroup" not in star["Action"]


def test_eks_action_on_star_fails_iam07() -> None:
    statement = {"Effect": "Allow", "Action": ["eks:DescribeNodegroup"], "Resource": "*"}
    assert statement_problems(statement) == ["['eks:DescribeNodegroup'] on '*' (name the cluster's ARNs)"]


def test_iam07_unparseable_policy_fails() -> None:
    plan = aws()
    put("iam/rolePolicy:RolePolicy", "policy", "{not json", name="lb-controller-policy")(plan)
    result = status(plan, "aws", "IAM-06")
    assert result.status == "fail"
    assert [f.found for f in result.failures] == ["policy is not a JSON document"]


def test_data07_aws_needs_the_vault_under_a_key_of_the_stack() -> None:
    plan = aws()
    for r in plan:
        if r.type == "aws:backup/vault:Vault":
            r.property_dependencies["kmsKeyArn"] = []  # a key from elsewhere (or AWS's aws/backup key)
    result = status(plan, "aws", "DATA-07")
    assert result.status == "fail"
    assert [f.found for f in result.failures] == [
        "no AWS Backup selection puts the file system in a vault under a KMS key of the stack"
    ]


def test_data07_aws_without_any_selection_fails_even_with_automatic_backups_off() -> None:
    plan = aws()
    drop("backup/selection:Selection")(plan)
    assert status(plan, "aws", "DATA-07").status == "fail"


@pytest.mark.parametrize(
    "key",
    ["projects/p/locations/r/keyRings/k", "disks", "", None],
    ids=["ring-not-key", "bare-name", "empty", "absent"],
)
def test_data07_gcp_needs_a_full_crypto_key_name(key: object) -> None:
    plan = gcp()
    put("gkebackup/backupPlan:BackupPlan", "backupConfig.encryptionKey.gcpKmsEncryptionKey", key or DROP)(plan)
    assert status(plan, "gcp", "DATA-07").status == "fail"


def test_data07_is_not_applicable_on_azure_with_the_reason() -> None:
    from tests.policy.fixtures import azure

    result = status(azure(), "azure", "DATA-07")
    assert result.status == "n/a"
    assert "soft delete" in result.reason
