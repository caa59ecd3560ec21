"""IAM for the cluster: the control-plane role, a dedicated least-privilege node role, the OIDC provider,
and IRSA roles that give one Kubernetes service account (never the node) one AWS permission set.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws

from components.aws import traits
from components.aws.scope import AwsScope


def service_trust(service: str, *, tag_session: bool = False) -> str:
    """Trust policy letting one AWS service principal assume the role."""
    actions = ["sts:AssumeRole", "sts:TagSession"] if tag_session else "sts:AssumeRole"
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"Service": service}, "Action": actions}],
        }
    )


def policy_document(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)}, sort_keys=True)


def attach_managed(
    name: str, role: aws.iam.Role, policies: Sequence[str], *, scope: AwsScope
) -> list[aws.iam.RolePolicyAttachment]:
    """One attachment per AWS managed policy (attachments, not the deprecated managed_policy_arns)."""
    return [
        aws.iam.RolePolicyAttachment(
            f"{name}-{policy.rsplit('/', 1)[-1]}",
            role=role.name,
            policy_arn=scope.account.managed_policy(policy),
            opts=scope.opts(),
        )
        for policy in policies
    ]


class ClusterRoles:
    """The EKS control-plane role and the node role (IAM-02: no CNI, storage or app rights on nodes)."""

    def __init__(self, *, scope: AwsScope, cluster_key_arn: pulumi.Input[str]) -> None:
        name = scope.cluster
        self.cluster = aws.iam.Role(
            f"{name}-cluster-role",
            description=f"EKS control plane of {name}",
            assume_role_policy=service_trust("eks.amazonaws.com", tag_session=True),
            opts=scope.opts(),
        )
        self.cluster_attachments = attach_managed(f"{name}-cluster", self.cluster, traits.CLUSTER_POLICIES, scope=scope)
        # Envelope encryption of Secrets with the cluster's CMK (ENC-01): use of that one key only.
        self.cluster_kms = aws.iam.RolePolicy(
            f"{name}-cluster-kms",
            role=self.cluster.id,
            policy=pulumi.Output.from_input(cluster_key_arn).apply(
                lambda arn: policy_document(
                    {
                        "Effect": "Allow",
                        "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
                        "Resource": arn,
                    }
                )
            ),
            opts=scope.opts(),
        )

        self.node = aws.iam.Role(
            f"{name}-node-role",
            description=f"EKS worker nodes of {name}",
            assume_role_policy=service_trust("ec2.amazonaws.com"),
            opts=scope.opts(),
        )
        self.node_attachments = attach_managed(f"{name}-node", self.node, traits.NODE_POLICIES, scope=scope)

    @property
    def ready(self) -> list[pulumi.Resource]:
        """What must exist before the cluster and its node groups (their roles' permissions)."""
        return [*self.cluster_attachments, self.cluster_kms, *self.node_attachments]


@dataclass(frozen=True)
class IrsaRole:
    """An IRSA role and everything that grants it permissions (wait for all before using the role)."""

    role: aws.iam.Role
    grants: list[pulumi.Resource]


class Irsa:
    """IAM roles for service accounts, trusted through the cluster's OIDC provider (IAM-01)."""

    def __init__(self, *, scope: AwsScope, oidc: aws.iam.OpenIdConnectProvider, issuer_url: pulumi.Output[str]) -> None:
        self.scope = scope
        """Where its roles go: the cluster layer's scope."""
        self._oidc = oidc
        self._issuer = issuer_url.apply(lambda url: url.removeprefix("https://"))

    def role(
        self,
        purpose: str,
        *,
        namespace: str,
        service_account: str,
        managed_policies: Sequence[str] = (),
        inline_policy: pulumi.Input[str] | None = None,
    ) -> IrsaRole:
        """A role only `system:serviceaccount:<namespace>:<service_account>` can assume.

        A `*` in `service_account` matches by StringLike (the EFS driver's controller and node accounts).
        """
        subject = f"system:serviceaccount:{namespace}:{service_account}"
        operator = "StringLike" if "*" in service_account else "StringEquals"

        def trust(args: list[str]) -> str:
            provider_arn, issuer = args
            conditions: dict[str, dict[str, str]] = {"StringEquals": {f"{issuer}:aud": "sts.amazonaws.com"}}
            conditions.setdefault(operator, {})[f"{issuer}:sub"] = subject
            return json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"Federated": provider_arn},
                            "Action": "sts:AssumeRoleWithWebIdentity",
                            "Condition": conditions,
                        }
                    ],
                },
                sort_keys=True,
            )

        scope = self.scope
        full = scope.name(purpose)
        role = aws.iam.Role(
            f"{full}-irsa",
            description=f"IRSA {subject} on {scope.cluster}",
            assume_role_policy=pulumi.Output.all(self._oidc.arn, self._issuer).apply(trust),
            opts=scope.opts(),
        )
        grants: list[pulumi.Resource] = [*attach_managed(full, role, managed_policies, scope=scope)]
        if inline_policy is not None:
            grants.append(aws.iam.RolePolicy(f"{full}-policy", role=role.id, policy=inline_policy, opts=scope.opts()))
        return IrsaRole(role=role, grants=grants)


def oidc_provider(issuer_url: pulumi.Output[str], *, scope: AwsScope) -> aws.iam.OpenIdConnectProvider:
    """The IAM OIDC provider for the cluster's issuer. No thumbprint: IAM trusts the EKS issuer's CA itself."""
    name = scope.name("oidc")
    return aws.iam.OpenIdConnectProvider(
        name, url=issuer_url, client_id_lists=["sts.amazonaws.com"], tags={"Name": name}, opts=scope.opts()
    )
