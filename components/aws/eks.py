"""The EKS control plane: the cluster itself and who administers it (access entries).

Private endpoint unless the spec opens it to an allow-list (NET-01/02); Secrets envelope-encrypted with the
cluster's CMK (ENC-01); every control-plane log type on, into the log group audit.py creates first
(LOG-01/02); access entries only, no aws-auth ConfigMap and no implicit creator admin (IAM-04/05). The upgrade
policy follows the minor's support on EKS (facts.KUBERNETES): STANDARD only while it is in standard support.
The kubeconfig that reaches it is kubeconfig.py's; how the API is reached when private, api_access.py's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

import pulumi
import pulumi_aws as aws

from components.aws import facts, traits
from components.aws.audit import control_plane_logs
from components.aws.scope import AwsScope
from components.spec import ClusterSpec


def today() -> date:
    """The day the program runs (a function, so tests can pin it)."""
    return date.today()


def support_type(minor: str | None, on: date) -> str:
    """The EKS upgrade policy for a cluster of `minor` created or updated on `on` (facts.KUBERNETES).

    STANDARD while the minor is in standard support: at its end EKS upgrades the control plane instead of
    starting extended support's hourly charge (kumo's validation warns 90 days before). A minor already past
    standard support is in extended support, which only EXTENDED allows: STANDARD would contradict it. No
    minor (EKS's default) and a minor newer than the table are in standard support."""
    if minor is None:
        return "STANDARD"
    table = {m.minor: m for m in facts.KUBERNETES}
    fact = table.get(minor)
    if fact is None:
        newest = max(int(m.split(".")[1]) for m in table)
        return "STANDARD" if int(minor.split(".")[1]) > newest else "EXTENDED"
    return "STANDARD" if on <= fact.end_of_standard else "EXTENDED"


def control_plane(
    spec: ClusterSpec,
    *,
    scope: AwsScope,
    role: aws.iam.Role,
    subnet_ids: pulumi.Input[Sequence[str]],
    key_arn: pulumi.Input[str],
    depends_on: Sequence[pulumi.Resource],
) -> aws.eks.Cluster:
    """The cluster, named after the scope's cluster, after its audit log group (audit.py).

    `subnet_ids` (the private subnets) and `key_arn` (the cluster key) come from the data layer."""
    logs = control_plane_logs(key_arn, scope=scope)
    api = spec.api
    name = scope.cluster
    return aws.eks.Cluster(
        name,
        name=name,
        role_arn=role.arn,
        version=spec.kubernetes_version,
        vpc_config=aws.eks.ClusterVpcConfigArgs(
            subnet_ids=subnet_ids,
            endpoint_private_access=True,
            endpoint_public_access=api.public,
            # Only with a public endpoint; EKS would otherwise report its 0.0.0.0/0 default.
            public_access_cidrs=list(api.authorized_cidrs) if api.public else None,
        ),
        access_config={"authentication_mode": "API", "bootstrap_cluster_creator_admin_permissions": False},
        encryption_config={"resources": ["secrets"], "provider": {"key_arn": key_arn}},
        enabled_cluster_log_types=logs.types,
        kubernetes_network_config={"ip_family": "ipv4", "service_ipv4_cidr": spec.network.service_cidr},
        upgrade_policy={"support_type": support_type(spec.kubernetes_version, today())},
        deletion_protection=spec.deletion_protection,
        # kumo installs vpc-cni, kube-proxy and CoreDNS as managed add-ons it configures (network policy on).
        bootstrap_self_managed_addons=False,
        tags={"Name": name},
        opts=scope.opts(
            depends_on=[logs.group, *depends_on],
            custom_timeouts=pulumi.CustomTimeouts(create="30m", update="60m", delete="30m"),
        ),
    )


def admin_principals(spec: ClusterSpec, deployer_arn: str) -> list[str]:
    """Who gets cluster-admin: the deploying principal (it manages in-cluster objects) and the spec's roles."""
    principals = [deployer_arn]
    principals += [arn for arn in spec.aws.admin_role_arns if arn not in principals]
    return principals


def admin_access(
    cluster: aws.eks.Cluster, principals: Sequence[str], *, scope: AwsScope
) -> list[aws.eks.AccessPolicyAssociation]:
    """One STANDARD access entry with the cluster-admin access policy per principal (cluster scope)."""
    partition = scope.account.partition
    associations = []
    for index, principal in enumerate(principals):
        # Named by the principal, not its position, so reordering the list replaces nothing.
        entry_name = scope.name("admin", _principal_slug(principal)) if index else scope.name("deployer")
        entry = aws.eks.AccessEntry(
            entry_name, cluster_name=cluster.name, principal_arn=principal, type="STANDARD", opts=scope.opts()
        )
        associations.append(
            aws.eks.AccessPolicyAssociation(
                f"{entry_name}-cluster-admin",
                cluster_name=cluster.name,
                principal_arn=entry.principal_arn,
                policy_arn=f"arn:{partition}:eks::aws:cluster-access-policy/{traits.CLUSTER_ADMIN_ACCESS_POLICY}",
                access_scope={"type": "cluster"},
                opts=scope.opts(),
            )
        )
    return associations


def _principal_slug(arn: str) -> str:
    """arn:aws:iam::123456789012:role/team/Admins -> team-admins."""
    resource = arn.split(":", 5)[-1].split("/", 1)[-1]
    return re.sub(r"[^a-z0-9]+", "-", resource.lower()).strip("-")[:48]
