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
"""

from __future__ import annotations

from collections.abc import Sequence

import pulumi
from pulumi_azure_native import authorization, containerservice

from components.azure import traits
from components.azure.context import AzureScope
from components.azure.identity import ClusterIdentities
from components.azure.network import dns_service_ip
from components.azure.node_pools import system_pool_profile
from components.spec import ClusterSpec

CLUSTER_TIMEOUTS = pulumi.CustomTimeouts(create="45m", update="60m", delete="45m")


def build_deletion_lock(name: str, scope: AzureScope, *,
                        cluster: containerservice.ManagedCluster) -> authorization.ManagementLockByScope:
    """Azure refuses to delete the cluster (or its pools) while the lock exists, whoever asks; `protect`
    makes Pulumi refuse to remove the lock until spec.deletion_protection is turned off."""
    return authorization.ManagementLockByScope(
        f"{name}-lock", scope=cluster.id, level="CanNotDelete", lock_name=f"{name}-no-delete",
        notes="kumo: spec.deletion_protection is on; turn it off and update before deleting",
        opts=scope.opts(protect=True))


def build_managed_cluster(name: str, spec: ClusterSpec, scope: AzureScope, *, group: pulumi.Input[str],
                          tenant_id: pulumi.Input[str], subnet_id: pulumi.Input[str], kms_key_id: pulumi.Input[str],
                          des_id: pulumi.Input[str], workspace_id: pulumi.Input[str], ids: ClusterIdentities,
                          waits: Sequence[pulumi.Resource]) -> containerservice.ManagedCluster:
    """The AKS cluster `name`, with only the system pool inline (node_pools.py). From the data layer:
    `group` (the network's resource group name), `subnet_id` (node subnet), `kms_key_id` (the etcd key's
    versioned URI), `des_id` (disk encryption set). `waits`: grants AKS needs before it starts."""
    private = not spec.api.public
    return containerservice.ManagedCluster(
        f"{name}-aks",
        resource_group_name=group,
        resource_name_=name,
        location=scope.location,
        dns_prefix=name,
        kubernetes_version=spec.kubernetes_version,
        sku=containerservice.ManagedClusterSKUArgs(name="Base", tier=spec.azure.sku_tier),
        support_plan="KubernetesOfficial",
        identity=containerservice.ManagedClusterIdentityArgs(
            type=containerservice.ResourceIdentityType.USER_ASSIGNED, user_assigned_identities=[ids.control_plane.id]),
        identity_profile={"kubeletidentity": containerservice.UserAssignedIdentityArgs(
            resource_id=ids.kubelet.id, client_id=ids.kubelet.client_id, object_id=ids.kubelet.principal_id)},
        agent_pool_profiles=[system_pool_profile(spec, subnet_id)],
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
            authorized_ip_ranges=None if private else list(spec.api.authorized_cidrs),
        ),
        aad_profile=containerservice.ManagedClusterAADProfileArgs(
            managed=True, enable_azure_rbac=True, tenant_id=tenant_id,
            admin_group_object_ids=list(spec.azure.admin_group_object_ids)),
        disable_local_accounts=True,
        enable_rbac=True,
        oidc_issuer_profile=containerservice.ManagedClusterOIDCIssuerProfileArgs(enabled=True),
        security_profile=containerservice.ManagedClusterSecurityProfileArgs(
            workload_identity=containerservice.ManagedClusterSecurityProfileWorkloadIdentityArgs(enabled=True),
            azure_key_vault_kms=containerservice.AzureKeyVaultKmsArgs(
                enabled=True, key_id=kms_key_id,
                # "Private" needs API server VNet integration (preview); the vault relies on RBAC.
                key_vault_network_access="Public"),
            image_cleaner=containerservice.ManagedClusterSecurityProfileImageCleanerArgs(
                enabled=True, interval_hours=168),
        ),
        disk_encryption_set_id=des_id,
        auto_upgrade_profile=containerservice.ManagedClusterAutoUpgradeProfileArgs(
            upgrade_channel=traits.UPGRADE_CHANNEL, node_os_upgrade_channel=traits.NODE_OS_UPGRADE_CHANNEL),
        storage_profile=containerservice.ManagedClusterStorageProfileArgs(
            disk_csi_driver=containerservice.ManagedClusterStorageProfileDiskCSIDriverArgs(enabled=True),
            file_csi_driver=containerservice.ManagedClusterStorageProfileFileCSIDriverArgs(enabled=True),
            snapshot_controller=containerservice.ManagedClusterStorageProfileSnapshotControllerArgs(enabled=True),
            blob_csi_driver=containerservice.ManagedClusterStorageProfileBlobCSIDriverArgs(enabled=False),
        ),
        addon_profiles={
            "azurepolicy": containerservice.ManagedClusterAddonProfileArgs(enabled=True),
            "omsagent": containerservice.ManagedClusterAddonProfileArgs(
                enabled=True, config={"logAnalyticsWorkspaceResourceID": workspace_id, "useAADAuth": "true"}),
        },
        tags=scope.tags,
        opts=scope.opts(depends_on=list(waits), ignore_changes=["agentPoolProfiles[0].count"],
                        custom_timeouts=CLUSTER_TIMEOUTS),
    )
