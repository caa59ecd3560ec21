"""AksCluster: a hardened AKS cluster built from the cloud-neutral spec.

Order of creation: provider -> network -> keys and disk encryption set -> identities and their grants ->
durable shared storage (network only, never the cluster) -> Log Analytics -> the cluster (system pool
inline) -> user pools, audit diagnostic setting, deletion lock -> kubeconfig and load-balancer exposure.

Security rules (SECURITY-RULES.md section 6) and where each is met: NET-01/02 api_server_access_profile;
NET-03 pools without public IPs, NAT egress; NET-04/06 Azure CNI overlay + Cilium network policy; NET-05
ssh_access Disabled; ENC-01 KMS with a user-assigned identity; ENC-02 purge-protected RBAC vault, 90-day
rotation; ENC-03 disk encryption set + encryption at host; IAM-01 OIDC issuer + workload identity; IAM-02
dedicated kubelet identity without roles; IAM-04/05 local accounts off, Entra ID with Azure RBAC; LOG-01/02
diagnostic setting to a 90-day workspace; NODE-01 trusted launch; NODE-02 Azure Linux; NODE-03 AKS
auto-repair (always on); NODE-04 patch + NodeImage channels in weekly windows; NODE-06 33% surge; REL-01 zones on every
pool; REL-03 sku tier from spec.azure (Standard by default); REL-04 a protected CanNotDelete lock; GOV-01
Azure Policy add-on. IAM-03 (metadata endpoint) has no AKS setting: workload identity is the mitigation.
"""

from __future__ import annotations

import pulumi
import pulumi_azure_native as azure_native
from pulumi_azure_native import authorization, containerservice

from components.azure import traits
from components.azure.audit import build_audit_logs, build_workspace
from components.azure.context import AzureScope
from components.azure.identity import ClusterIdentities, build_identities
from components.azure.keys import build_disk_encryption, build_key, build_vault
from components.azure.kubeconfig import exec_kubeconfig
from components.azure.load_balancer import build_exposure
from components.azure.maintenance import build_maintenance_windows
from components.azure.network import build_network, dns_service_ip
from components.azure.node_pools import build_agent_pools, system_pool_profile
from components.azure.storage import SharedStorage
from components.cluster import BlockClass, CloudParts, ManagedCluster
from components.spec import ClusterSpec

CLUSTER_TIMEOUTS = pulumi.CustomTimeouts(create="45m", update="60m", delete="45m")


def cluster_tags(name: str, spec: ClusterSpec) -> dict[str, str]:
    """Tags on every Azure resource: the spec's, then kumo's own (which win)."""
    return {**spec.tags, "kumo-cluster": name, "managed-by": "kumo"}


class AksCluster(ManagedCluster):
    """An AKS cluster with its own network, keys, identities, node pools and durable shared storage."""

    def __init__(self, name: str, spec: ClusterSpec, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("kumo:azure:AksCluster", name, spec, opts)

    def _build_cloud(self, name: str, spec: ClusterSpec) -> CloudParts:
        config = pulumi.Config("azure-native")
        location = config.require("location")
        # An explicit provider does not read the stack's azure-native:* config: pass on what identifies
        # the subscription (credentials come from the environment: az login, ARM_* variables, OIDC).
        provider = azure_native.Provider(
            f"{name}-azure", location=location, subscription_id=config.get("subscriptionId"),
            tenant_id=config.get("tenantId"), opts=pulumi.ResourceOptions(parent=self))
        scope = AzureScope(parent=self, provider=provider, location=location, tags=cluster_tags(name, spec))
        client = authorization.get_client_config_output(opts=scope.invoke_opts())
        tenant_id, subscription_id = client.tenant_id, client.subscription_id

        net = build_network(name, spec.network, scope)
        group = net.resource_group.name
        vault = build_vault(f"{name}-kv", scope, cluster=name, resource_group_name=group, tenant_id=tenant_id,
                            firewall=False)
        etcd_key = build_key(f"{name}-etcd", scope, vault=vault, resource_group_name=group)
        disk_key = build_key(f"{name}-disks", scope, vault=vault, resource_group_name=group)
        disks = build_disk_encryption(name, scope, vault=vault, key=disk_key, resource_group_name=group,
                                      subscription_id=subscription_id)
        des = disks.disk_encryption_set
        ids = build_identities(name, scope, resource_group_name=group, subscription_id=subscription_id,
                               vnet_id=net.vnet.id, kms_key_id=etcd_key.id, disk_encryption_set_id=des.id)

        shared = None
        if spec.storage.shared is not None:
            shared = SharedStorage(f"{name}-shared", spec=spec.storage.shared, cluster_name=name, scope=scope,
                                   net=net, tenant_id=tenant_id, subscription_id=subscription_id,
                                   csi_principal_id=ids.control_plane.principal_id,
                                   opts=pulumi.ResourceOptions(parent=self))

        workspace = build_workspace(name, scope, resource_group_name=group)
        cluster = self._cluster(name, spec, scope, group=group, tenant_id=tenant_id,
                                subnet_id=net.node_subnet.id, kms_key_id=etcd_key.key_uri_with_version,
                                des_id=des.id, workspace_id=workspace.id, ids=ids,
                                waits=[*ids.grants, disks.key_access, net.node_subnet])
        pools = build_agent_pools(name, spec, scope, cluster=cluster, resource_group_name=group,
                                  subnet_id=net.node_subnet.id)
        build_audit_logs(name, scope, cluster=cluster, workspace=workspace)
        build_maintenance_windows(name, scope, cluster=cluster, resource_group_name=group)
        if spec.deletion_protection:
            # Azure refuses to delete the cluster (or its pools) while the lock exists, whoever asks;
            # `protect` makes Pulumi refuse to remove the lock until deletion_protection is turned off.
            authorization.ManagementLockByScope(
                f"{name}-lock", scope=cluster.id, level="CanNotDelete", lock_name=f"{name}-no-delete",
                notes="kumo: spec.deletion_protection is on; turn it off and update before deleting",
                opts=scope.opts(protect=True))

        credentials = containerservice.list_managed_cluster_user_credentials_output(
            resource_group_name=group, resource_name=cluster.name, format="exec", opts=scope.invoke_opts())
        kubeconfig = credentials.kubeconfigs.apply(lambda configs: exec_kubeconfig(configs[0].value))
        fqdn = cluster.private_fqdn if not spec.api.public else cluster.fqdn
        exposure = build_exposure(name, spec.load_balancer, scope, group=net.resource_group,
                                  subscription_id=subscription_id, principal_id=ids.control_plane.principal_id)

        node_pools: dict[str, pulumi.Resource] = {spec.system_pool.name: cluster, **pools}
        self.resource_group_name = group
        self.oidc_issuer_url = cluster.oidc_issuer_profile.apply(lambda p: p.issuer_url if p else None)
        return CloudParts(
            cluster=cluster,
            cluster_name=cluster.name,
            endpoint=pulumi.Output.concat("https://", fqdn),
            kubeconfig=kubeconfig,
            node_pools=node_pools,
            block=BlockClass(provisioner=traits.BLOCK_PROVISIONER,
                             parameters={**traits.BLOCK_PARAMETERS[spec.storage.block.tier],
                                         "diskEncryptionSetID": des.id}),
            shared=shared.store if shared else None,
            load_balancer=exposure,
            builtin_default_classes=list(traits.BUILTIN_DEFAULT_CLASSES),
            addons=[cluster, *pools.values(), *(shared.ready if shared else [])],
        )

    def _cluster(self, name: str, spec: ClusterSpec, scope: AzureScope, *, group: pulumi.Output[str],
                 tenant_id: pulumi.Output[str], subnet_id: pulumi.Output[str], kms_key_id: pulumi.Output[str],
                 des_id: pulumi.Output[str], workspace_id: pulumi.Output[str], ids: ClusterIdentities,
                 waits: list[pulumi.Resource]) -> containerservice.ManagedCluster:
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
            opts=scope.opts(depends_on=waits, ignore_changes=["agentPoolProfiles[0].count"],
                            custom_timeouts=CLUSTER_TIMEOUTS),
        )
