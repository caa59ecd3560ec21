"""Azure RBAC as data: the built-in roles kumo grants, every role assignment it makes and why, and what the
deployer must hold already. Each fact names its document and the day it was read (facts.CHECKED).

Pure data (no Pulumi, no SDK), like facts.py: identity.grant makes the role assignments, and
tests/azure/test_rbac.py holds the planned ones to GRANTS. How long a new grant takes to work is
facts.ROLE_PROPAGATION.
"""

from __future__ import annotations

from dataclasses import dataclass

from components.azure.facts import CHECKED
from components.fact_types import Source

ROLES_SOURCE = Source("https://learn.microsoft.com/azure/role-based-access-control/built-in-roles", CHECKED)


@dataclass(frozen=True)
class BuiltinRole:
    """An Azure built-in role: its id is the same in every tenant."""

    name: str
    guid: str
    source: Source = ROLES_SOURCE


ROLES: dict[str, BuiltinRole] = {
    r.name: r
    for r in (
        BuiltinRole("Network Contributor", "4d97b98b-1d4f-4787-a291-c67834d212e7"),
        BuiltinRole("Key Vault Crypto User", "12338af0-0e69-4776-bea7-57ae8d297424"),
        BuiltinRole("Key Vault Contributor", "f25e0fa2-a7c8-4377-a976-54943a77a395"),
        BuiltinRole("Key Vault Crypto Service Encryption User", "e147488a-f6f5-4113-8e2d-b22465e65bf6"),
        BuiltinRole("Managed Identity Operator", "f1a07417-d97a-45cb-824c-7a7467783830"),
        BuiltinRole("Reader", "acdd72a7-3385-48ef-bd42-f6fb9c1fd2f2"),
        BuiltinRole("Storage Account Contributor", "17d1049b-9a84-46fb-8f53-869881c3d3ab"),
        BuiltinRole("Storage Blob Data Contributor", "ba92f5b4-2d11-453d-a403-e96b0029c9fe"),
        BuiltinRole("Azure Kubernetes Service RBAC Cluster Admin", "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b"),
        BuiltinRole("Contributor", "b24988ac-6180-42a0-ab88-20f7382dd24c"),
        BuiltinRole("Role Based Access Control Administrator", "f58310d9-a9f6-439a-9e8d-f62e7b41a168"),
    )
}


@dataclass(frozen=True)
class Grant:
    """A role assignment kumo creates: who gets which role on what, why, and where that is documented."""

    suffix: str
    """The RoleAssignment's Pulumi name is `<cluster>-<suffix>`."""
    layer: str
    principal: str
    role: str
    """A key of ROLES."""
    scope: str
    """The resource it is assigned on (a key of the layers' scope names: see tests/azure/test_rbac.py)."""
    why: str
    source: Source


def _doc(path: str) -> Source:
    return Source(f"https://learn.microsoft.com/azure/{path}", CHECKED)


GRANTS: tuple[Grant, ...] = (
    Grant(
        "des-key-access",
        "data",
        "disk encryption set",
        "Key Vault Crypto Service Encryption User",
        "disk key",
        "the disk encryption set wraps node OS disks' and kumo-block volumes' keys with the disk key",
        _doc("virtual-machines/disk-encryption"),
    ),
    Grant(
        "shared-key-access",
        "data",
        "shared-store identity",
        "Key Vault Crypto Service Encryption User",
        "shared-store key",
        "the storage account encrypts the share with its customer-managed key",
        _doc("storage/common/customer-managed-keys-configure-existing-account"),
    ),
    Grant(
        "flow-logs-writer",
        "data",
        "flow-log identity",
        "Storage Blob Data Contributor",
        "flow-log account",
        "Network Watcher writes the VNet flow log's blobs as the flow log's identity (the account takes no keys)",
        _doc("network-watcher/vnet-flow-logs-managed-identity"),
    ),
    Grant(
        "kms-key-user",
        "cluster",
        "control-plane identity",
        "Key Vault Crypto User",
        "etcd key",
        "AKS's KMS plugin encrypts Secrets in etcd with the key",
        _doc("aks/use-kms-etcd-encryption"),
    ),
    Grant(
        "kms-private-link",
        "cluster",
        "control-plane identity",
        "Key Vault Contributor",
        "cluster vault",
        "KMS with a private vault: AKS creates the vault's private endpoint and link as the KMS identity (control "
        "plane only: the role reads no key)",
        _doc("aks/use-kms-etcd-encryption"),
    ),
    Grant(
        "kubelet-operator",
        "cluster",
        "control-plane identity",
        "Managed Identity Operator",
        "kubelet identity",
        "AKS assigns the pre-created kubelet identity to the node scale sets",
        _doc("aks/managed-identity-overview"),
    ),
    Grant(
        "vnet-network",
        "cluster",
        "control-plane identity",
        "Network Contributor",
        "virtual network",
        "nodes join kumo's own subnet; internal load balancers take addresses from it; the API server joins its "
        "delegated subnet (API Server VNet Integration)",
        _doc("aks/api-server-vnet-integration"),
    ),
    Grant(
        "des-reader",
        "cluster",
        "control-plane identity",
        "Reader",
        "disk encryption set",
        "AKS reads the disk encryption set it creates node disks with",
        _doc("aks/azure-disk-customer-managed-keys"),
    ),
    Grant(
        "shared-csi-access",
        "cluster",
        "control-plane identity",
        "Storage Account Contributor",
        "shared-store account",
        "the Azure Files CSI controller creates kumo-shared volumes' shares in the account",
        _doc("aks/create-volume-azure-files"),
    ),
    Grant(
        "lb-ip-network",
        "cluster",
        "control-plane identity",
        "Network Contributor",
        "network resource group",
        "the cloud controller attaches the reserved load-balancer IP, which lives outside MC_*",
        _doc("aks/static-ip"),
    ),
    Grant(
        "deployer-cluster-admin",
        "cluster",
        "deployer",
        "Azure Kubernetes Service RBAC Cluster Admin",
        "cluster",
        "Azure RBAC is on and local accounts are off: whoever applies the in-cluster layer needs a Kubernetes "
        "data-plane role, or its first call is refused with 403",
        _doc("aks/concepts-cluster-authorization"),
    ),
)
"""Every role assignment kumo creates (`lb-ip-network` only with load_balancer.static_ip, the shared ones only
with storage.shared)."""

USER_SIGN_IN_APPS: dict[str, str] = {
    "04b07795-8ddb-461a-bbee-02f9e1bf7b46": "Microsoft Azure CLI",
    "1950a258-227b-4e31-a9cf-717495945fc2": "Microsoft Azure PowerShell",
}
"""Microsoft's first-party public client applications a PERSON signs in through
(https://learn.microsoft.com/troubleshoot/entra/entra-id/governance/verify-first-party-apps-sign-in). The
provider's client configuration names the application the deployer signed in with: one of these means a user
(`az login`); a service principal, workload identity or managed identity signs in as its own application. The
deployer's role assignment must state which (ARM refuses a wrong principalType: UnmatchedPrincipalType)."""
USER_SIGN_IN_SOURCE = Source(
    "https://learn.microsoft.com/troubleshoot/entra/entra-id/governance/verify-first-party-apps-sign-in", CHECKED
)

DEPLOYER_PREREQUISITES: tuple[str, ...] = ("Contributor", "Role Based Access Control Administrator")
"""What the principal running kumo must already hold on the subscription: Contributor creates the resources
(Key Vault keys too: kumo creates them through ARM, so no Key Vault data-plane role is needed) and Role Based
Access Control Administrator (or Owner / User Access Administrator) creates GRANTS."""
