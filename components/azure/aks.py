"""The AKS control plane: the ManagedCluster itself and its deletion lock (the cluster layer's core).

Security rules (SECURITY-RULES.md section 6) and where each is met: NET-01/02 api_server_access_profile;
NET-03 pools without public IPs, NAT egress; NET-04/06 Azure CNI overlay + Cilium network policy; NET-05
ssh_access Disabled; ENC-01 KMS with a user-assigned identity; ENC-02 purge-protected RBAC vault, 90-day
rotation; ENC-03 disk encryption set + encryption at host; IAM-01 OIDC issuer + workload identity; IAM-02
dedicated kubelet identity without roles; IAM-04/05 local accounts off, Entra ID with Azure RBAC; LOG-01/02
diagnostic setting to a 90-day workspace; NODE-01 trusted launch; NODE-02 Azure Linux; NODE-03 AKS
auto-repair (always on); NODE-04 patch + NodeImage channels in weekly windows; NODE-06 33% surge; REL-01 zones on every
pool; REL-03 sku tier from spec.azure (Standard by default); REL-04 a protected CanNotDelete lock; GOV-01
Azure Policy add-on. IAM-03 (metadata endpoint) has no AKS setting: workload identity is the mitigation.
The vault, keys and disk encryption set behind ENC-01..03 belong to the data layer: the cluster takes their
ids from its outputs (layers.py).

The etcd key (ENC-01/02): AKS's KMS (the generally available one, in this SDK's API version 2025-09-01) takes
a VERSIONED key id and keeps using that version until told otherwise; a versionless id and automatic pick-up of
new versions come only with the preview "KMS data encryption" (kubernetesResourceObjectEncryptionProfile, a
preview API version; https://learn.microsoft.com/azure/aks/kms-data-encryption). Key Vault rotates the key every
90 days, so the data layer's `etcd_key_uri` names a newer version after each rotation; the cluster ignores that
change (ignore_changes on securityProfile.azureKeyVaultKms.keyId), so a rotation plans nothing, and moving
the cluster to the new version is the documented rotation (https://learn.microsoft.com/azure/aks/
use-kms-etcd-encryption#rotate-existing-keys-in-a-private-key-vault), spelt out in the cluster layer's
`etcd_key_rotation` output. A new cluster always starts on the newest version.

The etcd key's vault is private (ENC-07): KMS keyVaultNetworkAccess Private with the vault's resource id, which
needs API Server VNet Integration (generally available; facts.VNET_INTEGRATION_SOURCE): the API server runs in
kumo's delegated API server subnet (network.py), and AKS creates the private endpoint to the vault in the node
resource group, with the control-plane identity's Key Vault Contributor on the vault (facts.KMS_VAULT_SOURCE).
An existing cluster cannot be moved there by an update: AKS refuses to change the vault mode while KMS is on, and
turning VNet Integration on needs a manual restart. `kumo preflight` (kms_migration.py) refuses `up` on such a
cluster and lists the documented steps; kumo never replaces the cluster for it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

import pulumi
from pulumi_azure_native import authorization, containerservice

from components.azure import traits
from components.azure.identity import ClusterIdentities
from components.azure.network import dns_service_ip
from components.azure.node_pools import system_pool_profile
from components.azure.scope import AzureScope
from components.spec import ClusterSpec

CLUSTER_TIMEOUTS = pulumi.CustomTimeouts(create="45m", update="60m", delete="45m")
KMS_KEY_ID = "securityProfile.azureKeyVaultKms.keyId"
"""Changed only by the documented rotation, never by a refreshed key version (module docstring)."""
AUTOSCALED_COUNT = "agentPoolProfiles[0].count"


def authorized_ranges(cidrs: Sequence[str], egress_ip: str | None) -> list[str]:
    """The API server's allow-list: the spec's CIDRs plus the cluster's own egress address (its NAT
    gateway's public IP) as a /32 unless a listed CIDR already holds it. AKS adds only a Standard load
    balancer's outbound IP by itself; with outbound type userAssignedNATGateway, whatever in the cluster calls
    the public FQDN comes from the NAT gateway's address, which AKS recommends listing ("The cluster egress IP
    address (firewall, NAT gateway, ...)", https://learn.microsoft.com/azure/aks/api-server-authorized-ip-ranges).
    The nodes themselves reach the API server at its private address (API Server VNet Integration)."""
    ranges = list(cidrs)
    if egress_ip:
        address = ipaddress.ip_address(egress_ip)
        if not any(address in ipaddress.ip_network(c, strict=False) for c in ranges):
            ranges.append(f"{address}/32")
    return ranges


def build_deletion_lock(
    name: str, scope: AzureScope, *, cluster: containerservice.ManagedCluster
) -> authorization.ManagementLockByScope:
    """Azure refuses to delete the cluster (or its pools) while the lock exists, whoever asks; `protect`
    makes Pulumi refuse to remove the lock until spec.deletion_protection is turned off."""
    return authorization.ManagementLockByScope(
        f"{name}-lock",
        scope=cluster.id,
        level="CanNotDelete",
        lock_name=f"{name}-no-delete",
        notes="kumo: spec.deletion_protection is on; turn it off and update before deleting",
        opts=scope.opts(protect=True),
    )


def build_managed_cluster(
    name: str,
    spec: ClusterSpec,
    scope: AzureScope,
    *,
    group: pulumi.Input[str],
    subnet_id: pulumi.Input[str],
    api_server_subnet_id: pulumi.Input[str],
    vault_id: pulumi.Input[str],
    kms_key_id: pulumi.Input[str],
    des_id: pulumi.Input[str],
    egress_ip: pulumi.Input[str],
    workspace_id: pulumi.Input[str],
    ids: ClusterIdentities,
    support_plan: str,
    waits: Sequence[pulumi.Resource],
) -> containerservice.ManagedCluster:
    """The AKS cluster `name`, with only the system pool inline (node_pools.py). From the data layer:
    `group` (the network's resource group name), `subnet_id` (node subnet), `api_server_subnet_id` (the delegated
    API server subnet), `vault_id` (the etcd key's private vault), `kms_key_id` (the etcd key's versioned URI),
    `des_id` (disk encryption set), `egress_ip` (the NAT gateway's address). `support_plan`:
    versions.support_plan for the spec's minor. `waits`: what AKS needs done before it starts (its grants,
    propagated)."""
    private = not spec.api.public
    allow_list = (
        None
        if private
        else pulumi.Output.from_input(egress_ip).apply(lambda ip: authorized_ranges(spec.api.authorized_cidrs, ip))
    )
    return containerservice.ManagedCluster(
        f"{name}-aks",
        resource_group_name=group,
        resource_name_=name,
        location=scope.location,
        dns_prefix=name,
        kubernetes_version=spec.kubernetes_version,
        sku=containerservice.ManagedClusterSKUArgs(name="Base", tier=spec.azure.sku_tier),
        support_plan=support_plan,
        identity=containerservice.ManagedClusterIdentityArgs(
            type=containerservice.ResourceIdentityType.USER_ASSIGNED, user_assigned_identities=[ids.control_plane.id]
        ),
        identity_profile={
            "kubeletidentity": containerservice.UserAssignedIdentityArgs(
                resource_id=ids.kubelet.id, client_id=ids.kubelet.client_id, object_id=ids.kubelet.principal_id
            )
        },
        agent_pool_profiles=[system_pool_profile(spec, subnet_id, scope.location)],
        network_profile=containerservice.ContainerServiceNetworkProfileArgs(
            network_plugin="azure",
            network_plugin_mode="overlay",  # pods get spec.network.pod_cidr, not VNet addresses
            network_dataplane="cilium",
            network_policy="cilium",  # NET-04: NetworkPolicy enforced by Azure CNI powered by Cilium
            ip_families=["IPv4"],
            pod_cidr=spec.network.pod_cidr,
            service_cidr=spec.network.service_cidr,
            dns_service_ip=dns_service_ip(spec.network.service_cidr),
            load_balancer_sku="standard",
            outbound_type="userAssignedNATGateway",
        ),
        # spec.api.private_access_cidrs is not translated: AKS has no such setting. A private AKS API server
        # is reached by name, through virtual network links to its private DNS zone (api_access.py), which
        # no CIDR opens; the cluster layer warns when the spec lists some.
        api_server_access_profile=containerservice.ManagedClusterAPIServerAccessProfileArgs(
            enable_private_cluster=private,
            enable_private_cluster_public_fqdn=False,
            private_dns_zone="system" if private else None,
            authorized_ip_ranges=allow_list,
            # The API server in kumo's own delegated subnet: what lets the KMS plugin reach a private vault.
            enable_vnet_integration=True,
            subnet_id=api_server_subnet_id,
        ),
        aad_profile=containerservice.ManagedClusterAADProfileArgs(
            managed=True,
            enable_azure_rbac=True,
            tenant_id=scope.account.tenant_id,
            admin_group_object_ids=list(spec.azure.admin_group_object_ids),
        ),
        disable_local_accounts=True,
        enable_rbac=True,
        oidc_issuer_profile=containerservice.ManagedClusterOIDCIssuerProfileArgs(enabled=True),
        security_profile=containerservice.ManagedClusterSecurityProfileArgs(
            workload_identity=containerservice.ManagedClusterSecurityProfileWorkloadIdentityArgs(enabled=True),
            azure_key_vault_kms=containerservice.AzureKeyVaultKmsArgs(
                enabled=True,
                key_id=kms_key_id,
                # The vault takes no public traffic: AKS reaches it through a private endpoint of its own.
                key_vault_network_access="Private",
                key_vault_resource_id=vault_id,
            ),
            image_cleaner=containerservice.ManagedClusterSecurityProfileImageCleanerArgs(
                enabled=True, interval_hours=168
            ),
        ),
        disk_encryption_set_id=des_id,
        auto_upgrade_profile=containerservice.ManagedClusterAutoUpgradeProfileArgs(
            upgrade_channel=traits.UPGRADE_CHANNEL, node_os_upgrade_channel=traits.NODE_OS_UPGRADE_CHANNEL
        ),
        storage_profile=containerservice.ManagedClusterStorageProfileArgs(
            disk_csi_driver=containerservice.ManagedClusterStorageProfileDiskCSIDriverArgs(enabled=True),
            file_csi_driver=containerservice.ManagedClusterStorageProfileFileCSIDriverArgs(enabled=True),
            snapshot_controller=containerservice.ManagedClusterStorageProfileSnapshotControllerArgs(enabled=True),
            blob_csi_driver=containerservice.ManagedClusterStorageProfileBlobCSIDriverArgs(enabled=False),
        ),
        addon_profiles={
            "azurepolicy": containerservice.ManagedClusterAddonProfileArgs(enabled=True),
            # Container insights' agent; what it collects is the data collection rule's (insights.py).
            "omsagent": containerservice.ManagedClusterAddonProfileArgs(
                enabled=True, config={"logAnalyticsWorkspaceResourceID": workspace_id, "useAADAuth": "true"}
            ),
        },
        tags=scope.tags,
        opts=scope.opts(
            depends_on=list(waits), ignore_changes=[AUTOSCALED_COUNT, KMS_KEY_ID], custom_timeouts=CLUSTER_TIMEOUTS
        ),
    )
