"""The nodes' own Google identity: a dedicated service account with only what nodes need (IAM-02).

Pods never use it: workload identity (GKE_METADATA) hides it from them and gives each Kubernetes
service account its own identity instead (IAM-01, IAM-03).
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi_gcp as gcp

from components.gcp import layout, traits
from components.gcp.scope import GcpScope


@dataclass(frozen=True)
class NodeIdentity:
    account: gcp.serviceaccount.Account
    roles: list[gcp.projects.IAMMember]


def build_node_identity(name: str, scope: GcpScope) -> NodeIdentity:
    """The node service account and its project role bindings (non-authoritative IAMMember)."""
    account = gcp.serviceaccount.Account(
        f"{name}-nodes",
        account_id=layout.account_id(name, "nodes"),
        display_name=f"kumo {name} GKE nodes",
        description="Dedicated least-privilege node identity: logs, metrics, image pulls.",
        opts=scope.opts("iam"),
    )
    roles = [
        gcp.projects.IAMMember(
            f"{name}-nodes-{layout.role_suffix(role)}",
            project=scope.project,
            role=role,
            member=account.member,
            opts=scope.opts("iam"),
        )
        for role in traits.NODE_ROLES
    ]
    return NodeIdentity(account=account, roles=roles)
