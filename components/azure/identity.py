"""The cluster's managed identities and the least-privilege grants they need before the cluster exists.

- The control-plane identity (user-assigned: AKS's KMS plugin cannot use a system-assigned one, which
  only exists after the cluster) runs the KMS plugin, joins the node subnet, manages load-balancer IPs
  and runs the disk and file CSI controllers.
- The kubelet identity is dedicated to the nodes and holds no role at all (IAM-02): kumo creates no
  registry; grant it AcrPull on your registry. Pods use workload identity, never the node's.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
from pulumi_azure_native import authorization, managedidentity

from components.azure.context import AzureScope
from components.azure.keys import grant


@dataclass(frozen=True)
class ClusterIdentities:
    control_plane: managedidentity.UserAssignedIdentity
    kubelet: managedidentity.UserAssignedIdentity
    grants: list[authorization.RoleAssignment]
    """Role assignments the cluster resource must wait for."""


def build_identities(
    name: str,
    scope: AzureScope,
    *,
    resource_group_name: pulumi.Output[str],
    subscription_id: pulumi.Input[str],
    vnet_id: pulumi.Input[str],
    kms_key_id: pulumi.Input[str],
    disk_encryption_set_id: pulumi.Input[str],
) -> ClusterIdentities:
    """Create both identities and grant the control-plane identity exactly what AKS needs to start."""
    control_plane = managedidentity.UserAssignedIdentity(
        f"{name}-control-plane",
        resource_group_name=resource_group_name,
        location=scope.location,
        tags=scope.tags,
        opts=scope.opts(),
    )
    kubelet = managedidentity.UserAssignedIdentity(
        f"{name}-kubelet",
        resource_group_name=resource_group_name,
        location=scope.location,
        tags=scope.tags,
        opts=scope.opts(),
    )

    def give(suffix: str, role: str, on: pulumi.Input[str]) -> authorization.RoleAssignment:
        return grant(
            f"{name}-{suffix}",
            scope,
            subscription_id=subscription_id,
            role=role,
            principal_id=control_plane.principal_id,
            on=on,
        )

    grants = [
        # KMS etcd encryption: wrap/unwrap with the one key, granted before the cluster is created.
        give("kms-key-user", "Key Vault Crypto User", kms_key_id),
        # AKS assigns the kubelet identity to the node scale sets on the control plane's behalf.
        give("kubelet-operator", "Managed Identity Operator", kubelet.id),
        # A bring-your-own VNet: join the node subnet, and read it for internal load balancers.
        give("vnet-network", "Network Contributor", vnet_id),
        # Node OS disks and kumo-block volumes are encrypted through the disk encryption set.
        give("des-reader", "Reader", disk_encryption_set_id),
    ]
    return ClusterIdentities(control_plane=control_plane, kubelet=kubelet, grants=grants)
