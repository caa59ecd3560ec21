"""Durable shared storage: a Premium FileStorage account with an NFS share, outside the cluster's lifecycle.

Everything lives in its own data resource group (never AKS's MC_* node resource group, which AKS deletes
with the cluster), depends on the network but never on the cluster, and takes the spec's
`retain_on_delete` / `protect`. The account is encrypted with its own customer-managed key (its own vault
in the data group, so the key outlives the cluster too), has no public network access and is reached
through a private endpoint in the cluster's VNet with the privatelink.file.core.windows.net zone.
NFS shares cannot require secure transfer (Azure rejects NFS with https-only), so the private endpoint
and the account's deny-all firewall are what keep traffic inside the VNet (ENC-06).

The app's user (uid/gid 10101, APP_UID) can write the share with no manual step and no world-writable directory:
the static PersistentVolume and the kumo-shared class tell the Azure Files CSI driver to set the share's root to
mode 0770 and hand it to the pod's fsGroup on first mount, and to re-group a share an earlier gid owns
(traits.SHARED_MOUNT_PERMISSIONS, SHARED_FSGROUP_CHANGE_POLICY; why the share keeps NoRootSquash:
traits.SHARED_ROOT_SQUASH).

With spec.deletion_protection the data resource group carries a CanNotDelete management lock
(`<name>-lock`): Azure then refuses to delete the group or anything in it (account, share, vault, key,
identity, endpoint) whoever asks, the cluster's own identity included, whose Storage Account Contributor role
(the file CSI driver's documented one) could otherwise delete the account. Nothing kumo runs deletes there:
kumo-shared volumes are Retain, so the CSI driver creates and grows shares but never deletes them. The lock
is `protect`ed like the cluster's (aks.build_deletion_lock). Locks block deletes only: keys still rotate and
shares still grow.

The account checks its key grant the moment it is created: it waits for the grant to propagate
(propagation.py), the data layer's one wait.

It is part of the data layer. The grant that lets the cluster's file CSI controller create shares in the
account (`<name>-csi-access`) names the cluster's identity, so it lives in the cluster layer, on the
account's id (`shared_account_id` in the data layer's outputs).

Block volumes (kumo-block, kumo-block-retain) are Azure Disks with the disk encryption set: `block_class`.
"""

from __future__ import annotations

import pulumi
from pulumi_azure_native import authorization, keyvault, managedidentity, privatedns, resources, storage
from pulumi_azure_native import network as azure_network

from components.azure import traits
from components.azure.identity import grant
from components.azure.keys import build_key, build_vault, global_name
from components.azure.network import Network
from components.azure.propagation import RolePropagation
from components.azure.scope import AzureScope
from components.layers.contract import BlockClass, SharedStore
from components.spec import ClusterSpec, SharedStorageSpec

OWNERSHIP: dict[str, str] = {
    "mountPermissions": traits.SHARED_MOUNT_PERMISSIONS,
    "fsGroupChangePolicy": traits.SHARED_FSGROUP_CHANGE_POLICY,
}
"""Volume attributes (and class parameters) that make the azurefile CSI driver give a share's root to the pod's
fsGroup with no world access, instead of its default 0777."""


def block_class(spec: ClusterSpec, disk_encryption_set_id: pulumi.Input[str]) -> BlockClass:
    """The block StorageClasses' provisioner and parameters: the spec's tier (traits.BLOCK_PARAMETERS), with
    the data layer's disk encryption set (customer-managed key) on every disk."""
    parameters = traits.BLOCK_PARAMETERS[spec.storage.block.tier]
    return BlockClass(
        provisioner=traits.BLOCK_PROVISIONER,
        parameters=pulumi.Output.from_input(disk_encryption_set_id).apply(
            lambda des: {**parameters, "diskEncryptionSetID": des}
        ),
    )


class SharedStorage(pulumi.ComponentResource):
    """The cluster's durable NFS share and everything that keeps it safe and reachable, under the data layer's
    `scope` (its account, location, tags; names from its cluster) and on its `network` (the VNet the DNS zone is
    linked to, the subnet of the private endpoint)."""

    resource_group: resources.ResourceGroup
    account: storage.StorageAccount
    share: storage.FileShare
    vault: keyvault.Vault
    key: keyvault.Key
    lock: authorization.ManagementLockByScope | None
    """The data group's CanNotDelete lock (spec.deletion_protection), or None."""
    store: SharedStore

    def __init__(
        self,
        name: str,
        spec: SharedStorageSpec,
        *,
        scope: AzureScope,
        network: Network,
        hsm: bool = False,
        deletion_lock: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("kumo:azure:SharedStorage", name, None, scope.component_opts(opts))
        scope = scope.under(self)
        # What makes the data durable: kept in Azure when the stack forgets it, and refused deletion when
        # the spec asks. The private endpoint and DNS records are recreatable plumbing and carry neither.
        keep = pulumi.ResourceOptions(retain_on_delete=spec.retain_on_delete, protect=spec.protect)
        # Durable data is tagged stateful=true: kumo's preview gate refuses to replace or delete it.
        data_scope = scope.with_tags(stateful="true")

        self.resource_group = resources.ResourceGroup(
            f"{name}-rg", location=scope.location, tags=data_scope.tags, opts=scope.opts().merge(keep)
        )
        group = self.resource_group.name
        self.lock = None
        if deletion_lock:
            self.lock = authorization.ManagementLockByScope(
                f"{name}-lock",
                scope=self.resource_group.id,
                level="CanNotDelete",
                lock_name=f"{name}-no-delete",
                notes="kumo: spec.deletion_protection is on; turn it off and update before deleting the data",
                opts=scope.opts(protect=True),
            )

        self.vault = build_vault(f"{name}-kv", data_scope, resource_group_name=group, hsm=hsm, extra=keep)
        self.key = build_key(
            f"{name}-key", data_scope, vault=self.vault, resource_group_name=group, hsm=hsm, extra=keep
        )
        identity = managedidentity.UserAssignedIdentity(
            f"{name}-identity",
            resource_group_name=group,
            location=scope.location,
            tags=data_scope.tags,
            opts=scope.opts().merge(keep),
        )
        key_access = grant(
            f"{name}-key-access",
            scope,
            role="Key Vault Crypto Service Encryption User",
            principal_id=identity.principal_id,
            on=self.key.id,
            extra=keep,
        )

        account_name = group.apply(lambda g: global_name(scope.cluster, "nfs", g, 24))
        self.account = storage.StorageAccount(
            f"{name}-account",
            resource_group_name=group,
            account_name=account_name,
            location=scope.location,
            kind=traits.SHARED_ACCOUNT_KIND,
            sku=storage.SkuArgs(name=traits.SHARED_ACCOUNT_SKU),
            enable_https_traffic_only=False,  # NFS 4.1 cannot use secure transfer; see the module docstring
            minimum_tls_version="TLS1_2",
            public_network_access="Disabled",
            allow_blob_public_access=False,
            allow_shared_key_access=False,  # NFS needs no account key; nothing else may use one
            allow_cross_tenant_replication=False,
            default_to_o_auth_authentication=True,
            network_rule_set=storage.NetworkRuleSetArgs(default_action=storage.DefaultAction.DENY, bypass="None"),
            identity=storage.IdentityArgs(type="UserAssigned", user_assigned_identities=[identity.id]),
            encryption=storage.EncryptionArgs(
                key_source="Microsoft.Keyvault",
                key_vault_properties=storage.KeyVaultPropertiesArgs(
                    key_name=self.key.name, key_vault_uri=self.vault.properties.apply(lambda p: p.vault_uri)
                ),
                encryption_identity=storage.EncryptionIdentityArgs(encryption_user_assigned_identity=identity.id),
                require_infrastructure_encryption=True,  # a second, platform-key layer (ENC-05)
                services=storage.EncryptionServicesArgs(
                    file=storage.EncryptionServiceArgs(enabled=True, key_type="Account")
                ),
            ),
            tags=data_scope.tags,
            opts=scope.opts(depends_on=[RolePropagation(f"{name}-key-access-propagation", [key_access], scope)]).merge(
                keep
            ),
        )
        file_service = storage.FileServiceProperties(
            f"{name}-file-service",
            resource_group_name=group,
            account_name=self.account.name,
            file_services_name="default",
            share_delete_retention_policy=storage.DeleteRetentionPolicyArgs(
                enabled=True, days=traits.SHARED_SOFT_DELETE_DAYS
            ),
            opts=scope.opts().merge(keep),
        )
        self.share = storage.FileShare(
            f"{name}-share",
            resource_group_name=group,
            account_name=self.account.name,
            share_name=traits.SHARED_SHARE_NAME,
            enabled_protocols="NFS",
            root_squash=traits.SHARED_ROOT_SQUASH,
            share_quota=spec.size_gb,
            opts=scope.opts(depends_on=[file_service]).merge(keep),
        )

        zone = privatedns.PrivateZone(
            f"{name}-dns",
            resource_group_name=group,
            private_zone_name=traits.FILE_PRIVATE_DNS_ZONE,
            location="global",
            tags=scope.tags,
            opts=scope.opts(),
        )
        link = privatedns.VirtualNetworkLink(
            f"{name}-dns-link",
            resource_group_name=group,
            private_zone_name=zone.name,
            virtual_network=privatedns.SubResourceArgs(id=network.vnet.id),
            registration_enabled=False,
            location="global",
            tags=scope.tags,
            opts=scope.opts(),
        )
        endpoint = azure_network.PrivateEndpoint(
            f"{name}-endpoint",
            resource_group_name=group,
            location=scope.location,
            subnet={"id": network.endpoint_subnet.id},  # a reference: SubnetArgs would add policy defaults
            private_link_service_connections=[
                azure_network.PrivateLinkServiceConnectionArgs(
                    name="file", private_link_service_id=self.account.id, group_ids=["file"]
                )
            ],
            tags=scope.tags,
            opts=scope.opts(),
        )
        azure_network.PrivateDnsZoneGroup(
            f"{name}-endpoint-dns",
            resource_group_name=group,
            private_endpoint_name=endpoint.name,
            private_dns_zone_group_name="default",
            private_dns_zone_configs=[azure_network.PrivateDnsZoneConfigArgs(name="file", private_dns_zone_id=zone.id)],
            opts=scope.opts(depends_on=[link]),
        )

        volume_handle = pulumi.Output.concat(group, "#", self.account.name, "#", self.share.name)
        where = pulumi.Output.all(group=group, account=self.account.name, share=self.share.name)
        self.store = SharedStore(
            csi_driver=traits.SHARED_CSI_DRIVER,
            volume_handle=volume_handle,
            volume_attributes=where.apply(
                lambda w: {
                    "resourceGroup": w["group"],
                    "storageAccount": w["account"],
                    "shareName": w["share"],
                    "protocol": "nfs",
                    **OWNERSHIP,
                }
            ),
            mount_options=list(traits.SHARED_MOUNT_OPTIONS),
            # Shares the driver creates for kumo-shared volumes: the same root squash and ownership.
            class_parameters=where.apply(
                lambda w: {
                    "protocol": "nfs",
                    "resourceGroup": w["group"],
                    "storageAccount": w["account"],
                    "rootSquashType": traits.SHARED_ROOT_SQUASH,
                    **OWNERSHIP,
                }
            ),
            capacity_gb=spec.size_gb,
        )
        self.register_outputs(
            {
                "resource_group": group,
                "account": self.account.name,
                "share": self.share.name,
                "volume_handle": volume_handle,
            }
        )
