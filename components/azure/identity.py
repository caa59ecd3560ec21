"""Who may do what: the cluster's managed identities and every Azure role assignment kumo makes.

- The control-plane identity (user-assigned: AKS's KMS plugin cannot use a system-assigned one, which
  only exists after the cluster) runs the KMS plugin and links it privately to the etcd key's vault, joins
  the node and API server subnets, manages load-balancer IPs and runs the disk and file CSI controllers.
- The kubelet identity is dedicated to the nodes and holds no role at all (IAM-02): kumo creates no
  registry; grant it AcrPull on your registry. Pods use workload identity, never the node's.
- `grant` gives one principal one built-in role (rbac.ROLES) on one resource; rbac.GRANTS lists every grant
  kumo makes and why.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
from pulumi_azure_native import authorization, managedidentity

from components.azure import facts, rbac
from components.azure.scope import AzureScope


def role_definition_id(subscription_id: pulumi.Input[str], role_guid: str) -> pulumi.Output[str]:
    """The ARM id of a built-in role in the subscription."""
    return pulumi.Output.concat(
        "/subscriptions/", subscription_id, "/providers/Microsoft.Authorization/roleDefinitions/", role_guid
    )


def deployer_principal_type(client_id: str | None) -> str | None:
    """The principalType of whoever runs kumo, from the application the provider signed in with: a user's
    sign-in app (rbac.USER_SIGN_IN_APPS) means User, any other application is the principal itself
    (ServicePrincipal: CI secrets, workload identity federation, managed identity); unknown (None) leaves the
    type out, and ARM looks the principal up."""
    if not client_id:
        return None
    return "User" if client_id.lower() in rbac.USER_SIGN_IN_APPS else "ServicePrincipal"


def grant(
    name: str,
    scope: AzureScope,
    *,
    role: str,
    principal_id: pulumi.Input[str],
    on: pulumi.Input[str],
    principal_type: pulumi.Input[str | None] = "ServicePrincipal",
    extra: pulumi.ResourceOptions | None = None,
) -> authorization.RoleAssignment:
    """Give a principal one built-in role (rbac.ROLES) on one resource id, in the scope's subscription.
    `principal_type` ServicePrincipal (every managed identity) skips the directory lookup that races a new
    identity; the deployer's comes from deployer_principal_type (an output that resolves to None is left out
    of the request)."""
    return authorization.RoleAssignment(
        name,
        principal_id=principal_id,
        principal_type=principal_type,
        role_definition_id=role_definition_id(scope.account.subscription_id, rbac.ROLES[role].guid),
        scope=on,
        description=f"kumo: {role}",
        opts=scope.opts().merge(extra) if extra else scope.opts(),
    )


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
    resource_group_name: pulumi.Input[str],
    vnet_id: pulumi.Input[str],
    vault_id: pulumi.Input[str],
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
        return grant(f"{name}-{suffix}", scope, role=role, principal_id=control_plane.principal_id, on=on)

    grants = [
        # KMS etcd encryption: wrap/unwrap with the one key, granted before the cluster is created.
        give("kms-key-user", "Key Vault Crypto User", kms_key_id),
        # KMS with a private vault: AKS creates the vault's private endpoint and link as this identity.
        give("kms-private-link", facts.KMS_PRIVATE_LINK_ROLE, vault_id),
        # AKS assigns the kubelet identity to the node scale sets on the control plane's behalf.
        give("kubelet-operator", "Managed Identity Operator", kubelet.id),
        # A bring-your-own VNet: join the node and API server subnets, and read them for internal load balancers.
        give("vnet-network", "Network Contributor", vnet_id),
        # Node OS disks and kumo-block volumes are encrypted through the disk encryption set.
        give("des-reader", "Reader", disk_encryption_set_id),
    ]
    return ClusterIdentities(control_plane=control_plane, kubelet=kubelet, grants=grants)
