"""Identity rule IAM-06: the roles kumo gives in-cluster controllers reach only their own cluster's resources."""

from __future__ import annotations

from typing import Any

from components.policy.inputs import as_json, get
from components.policy.model import Context, Finding, rule

SECURITY_GROUP_WRITES = frozenset(
    {
        "ec2:AuthorizeSecurityGroupIngress",
        "ec2:RevokeSecurityGroupIngress",
        "ec2:AuthorizeSecurityGroupEgress",
        "ec2:RevokeSecurityGroupEgress",
        "ec2:DeleteSecurityGroup",
        "ec2:CreateSecurityGroup",
    }
)
"""Actions that open, close or create a security group: allowed only within the cluster's VPC or tag."""
VPC_CONDITIONS = ("ArnEquals", "ArnEqualsIfExists", "StringEquals", "StringEqualsIfExists")

IAM_07 = rule(
    "IAM-06",
    "Controller roles confined to their own cluster's resources",
    severity="high",
    notes={
        "aws": "in every inline aws:iam/rolePolicy:RolePolicy: an Allow of a security-group write (ec2:Authorize/"
        "RevokeSecurityGroupIngress/Egress, DeleteSecurityGroup, CreateSecurityGroup) names a VPC (ec2:Vpc "
        "condition, or the vpc/<id> ARN for CreateSecurityGroup) or an aws:ResourceTag value; no Allow is confined "
        "only by a Null (tag present) condition on a cluster tag (any cluster's resources would match); "
        "eks:* actions never on '*'. The autoscaler's autoscaling:Describe*, ec2:DescribeImages/InstanceTypes/"
        "LaunchTemplateVersions and GetInstanceTypesFromInstanceRequirements take no resource-level permission "
        "(service authorization reference) and stay on '*'. No checkov id: CKV_AWS_290/CKV_AWS_355 also flag the "
        "controller's listener and WAF actions on '*', which kumo keeps as the controller publishes them",
        "azure": "not applicable: no controller role of kumo's (AKS runs its controllers under the cluster identity)",
        "gcp": "not applicable: no controller role of kumo's (GKE runs its controllers under Google's agents)",
    },
    not_applicable={
        "azure": "AKS's cloud controller manager and cluster autoscaler run in the managed control plane under "
        "the cluster's identity; kumo creates no controller role whose statements could be confined",
        "gcp": "GKE's load balancer controller and cluster autoscaler run in Google's control plane under "
        "Google's service agents; kumo grants them no role",
    },
)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _cluster_tag_null_only(condition: dict[str, Any]) -> list[str]:
    """Tag keys the statement requires only to be present (Null = false), with no value test on any key."""
    null = condition.get("Null", {}) or {}
    present = [k for k, v in null.items() if str(v).lower() == "false" and "Tag/" in k]
    valued = [k for op, keys in condition.items() if op != "Null" for k in (keys or {}) if "Tag/" in k]
    return present if present and not valued else []


def _confined_sg_write(statement: dict[str, Any]) -> bool:
    condition = statement.get("Condition", {}) or {}
    for op in VPC_CONDITIONS:
        keys = condition.get(op, {}) or {}
        if "ec2:Vpc" in keys or any(k.startswith("aws:ResourceTag/") for k in keys):
            return True
    resources = [str(r) for r in _list(statement.get("Resource", "*"))]
    return any(":vpc/vpc-" in r and not r.endswith("*") for r in resources) and "*" not in resources


def statement_problems(statement: dict[str, Any]) -> list[str]:
    """Why an Allow statement reaches beyond its cluster (empty when it does not)."""
    if statement.get("Effect") != "Allow":
        return []
    actions = [str(a) for a in _list(statement.get("Action", []))]
    resources = [str(r) for r in _list(statement.get("Resource", "*"))]
    condition = statement.get("Condition", {}) or {}
    problems = []
    writes = sorted(set(actions) & SECURITY_GROUP_WRITES)
    if writes and not _confined_sg_write(statement):
        problems.append(f"{writes} on {resources} with no VPC or tag-value condition")
    loose = _cluster_tag_null_only(condition)
    if loose:
        problems.append(f"{actions[:3]}{'...' if len(actions) > 3 else ''} confined only by Null {loose}")
    eks_any = [a for a in actions if a.startswith("eks:")]
    if eks_any and "*" in resources:
        problems.append(f"{eks_any} on '*' (name the cluster's ARNs)")
    return problems


@IAM_07.on("aws")
def _iam07_aws(ctx: Context) -> list[Finding]:
    out = []
    for policy in ctx.of("aws:iam/rolePolicy:RolePolicy"):
        document = as_json(get(policy.inputs, "policy"))
        if not isinstance(document, dict):
            out.append(ctx.bad(policy, "policy is not a JSON document", "give the role a JSON policy document"))
            continue
        problems = [p for s in _list(document.get("Statement", [])) for p in statement_problems(s)]
        out.append(
            ctx.bad(
                policy,
                "; ".join(problems),
                "confine security-group writes to the cluster's VPC (ec2:Vpc) and tag conditions to the "
                "cluster's name (StringEquals aws:ResourceTag/elbv2.k8s.aws/cluster = <cluster>)",
            )
            if problems
            else ctx.ok(policy, "every write statement confined to the cluster's VPC or tag value")
        )
    return out or [ctx.missing("inline IAM role policy", "create the controllers' IRSA roles")]
