"""Customer-managed keys: Key Vaults, RSA keys with automatic rotation, the disk encryption set.

Key Vault and storage-account names are global and short (24 characters), and azure-native's autonaming
does not respect that (pulumi-azure-native#4294), so kumo derives them from the cluster name plus a hash
of the resource group's autonamed (randomly suffixed) name: stable for the life of the group, different
after a destroy and re-create (a purge-protected vault's name stays reserved for 90 days after deletion).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import pulumi
from pulumi_azure_native import authorization, compute, keyvault

from components.azure.identity import grant
from components.azure.scope import AzureScope

KEY_ROTATION = "P90D"
"""Rotate keys every 90 days (ENC-02; GKE's 7776000s)."""
KEY_EXPIRY = "P2Y"
"""Every version a rotation creates expires two years after it was created (ENC-07; Microsoft's "rotate encryption
keys at least every two years", facts.KEY_ROTATION_SOURCE): long after the next rotation (90 days), so the disk
encryption set and the storage account, which follow the newest version, never use an expired one, and the
etcd key's version AKS KMS pins leaves the operator 21 months to run `etcd_key_rotation` (an expired version
still unwraps, facts.KEY_EXPIRY_SOURCE, so Secrets stay readable; it no longer wraps new ones). The policy does
not touch the version that exists when it is set: the first version carries no expiry."""
SOFT_DELETE_DAYS = 90


def global_name(cluster: str, kind: str, seed: str, length: int) -> str:
    """A globally unique Azure name: the cluster name's letters and digits, `kind`, then a hash of
    `seed` up to `length` characters (lowercase alphanumerics: valid for vaults and storage accounts)."""
    base = re.sub(r"[^a-z0-9]", "", cluster.lower())[: max(3, length - len(kind) - 8)]
    digest = hashlib.sha256(seed.encode()).hexdigest()
    return (base + kind + digest)[:length]


def build_vault(
    name: str,
    scope: AzureScope,
    *,
    resource_group_name: pulumi.Output[str],
    hsm: bool = False,
    extra: pulumi.ResourceOptions | None = None,
) -> keyvault.Vault:
    """An RBAC-only, purge-protected, private vault, Premium when `hsm` (HSM-protected keys need it).

    Private: public network access Disabled and no network allowed (default action Deny); trusted Azure services
    (disk encryption sets, storage accounts) still pass, and kumo creates its keys and their rotation policies
    through ARM, which the vault's network rules do not cover (facts.KEY_VAULT_NETWORK_SOURCE). AKS's KMS plugin
    reaches the cluster's vault through a private endpoint AKS creates itself (KMS keyVaultNetworkAccess Private
    with API Server VNet Integration: aks.py, facts.KMS_VAULT_SOURCE). Nothing in kumo reads the data plane."""
    vault_name = resource_group_name.apply(lambda group: global_name(scope.cluster, "kv", f"{group}/{name}", 24))
    return keyvault.Vault(
        name,
        resource_group_name=resource_group_name,
        vault_name=vault_name,
        location=scope.location,
        properties=keyvault.VaultPropertiesArgs(
            tenant_id=scope.account.tenant_id,
            sku=keyvault.SkuArgs(
                family=keyvault.SkuFamily.A, name=keyvault.SkuName.PREMIUM if hsm else keyvault.SkuName.STANDARD
            ),
            enable_rbac_authorization=True,  # no access policies: every grant is an Azure role assignment
            enable_soft_delete=True,
            soft_delete_retention_in_days=SOFT_DELETE_DAYS,
            enable_purge_protection=True,  # ENC-02: a deleted key cannot be purged while data needs it
            enabled_for_deployment=False,
            enabled_for_disk_encryption=False,
            enabled_for_template_deployment=False,
            public_network_access="Disabled",  # ENC-07
            network_acls=keyvault.NetworkRuleSetArgs(default_action="Deny", bypass="AzureServices"),
        ),
        tags=scope.tags,
        opts=scope.opts().merge(extra) if extra else scope.opts(),
    )


def build_key(
    name: str,
    scope: AzureScope,
    *,
    vault: keyvault.Vault,
    resource_group_name: pulumi.Output[str],
    hsm: bool = False,
    extra: pulumi.ResourceOptions | None = None,
) -> keyvault.Key:
    """An RSA-2048 key (RSA-HSM when `hsm`, in a Premium vault) rotated every 90 days, each rotated version
    expiring after KEY_EXPIRY."""
    return keyvault.Key(
        name,
        resource_group_name=resource_group_name,
        vault_name=vault.name,
        properties=keyvault.KeyPropertiesArgs(
            kty="RSA-HSM" if hsm else "RSA",
            key_size=2048,
            key_ops=["encrypt", "decrypt", "wrapKey", "unwrapKey"],
            attributes=keyvault.KeyAttributesArgs(enabled=True, exportable=False),
            rotation_policy=keyvault.RotationPolicyArgs(
                attributes=keyvault.KeyRotationPolicyAttributesArgs(expiry_time=KEY_EXPIRY),
                lifetime_actions=[
                    keyvault.LifetimeActionArgs(
                        action=keyvault.ActionArgs(type=keyvault.KeyRotationPolicyActionType.ROTATE),
                        trigger=keyvault.TriggerArgs(time_after_create=KEY_ROTATION),
                    )
                ],
            ),
        ),
        tags=scope.tags,
        opts=scope.opts().merge(extra) if extra else scope.opts(),
    )


def kms_rotation_steps(*, resource_group: str, cluster: str, etcd_key_id: str) -> list[str]:
    """The documented rotation of AKS's (versioned) KMS key in a private vault, as commands: move the cluster to
    the key's newest version, then rewrite every Secret so it is encrypted under it
    (https://learn.microsoft.com/azure/aks/use-kms-etcd-encryption#rotate-existing-keys-in-a-private-key-vault).
    The newest version is read through ARM (`az resource show` on the key's ARM id `etcd_key_id`), the control
    plane: the vault's data plane (`az keyvault key show`) refuses every caller outside a private endpoint. Old
    versions carry no expiry, so Secrets not yet rewritten stay readable."""
    vault_id = etcd_key_id[: etcd_key_id.index("/keys/")]
    return [
        f"az aks update --resource-group {resource_group} --name {cluster} --enable-azure-keyvault-kms "
        "--azure-keyvault-kms-key-vault-network-access Private "
        f"--azure-keyvault-kms-key-vault-resource-id {vault_id} --azure-keyvault-kms-key-id "
        f'"$(az resource show --ids {etcd_key_id} --query properties.keyUriWithVersion -o tsv)"',
        "kubectl get secrets --all-namespaces -o json | kubectl replace -f -",
    ]


@dataclass(frozen=True)
class DiskEncryption:
    """The disk encryption set (customer-managed key for node OS disks and kumo-block volumes) and the
    grant that lets it use the key, which anything using the set must wait for."""

    disk_encryption_set: compute.DiskEncryptionSet
    key_access: authorization.RoleAssignment


def build_disk_encryption(
    name: str,
    scope: AzureScope,
    *,
    vault: keyvault.Vault,
    key: keyvault.Key,
    resource_group_name: pulumi.Output[str],
) -> DiskEncryption:
    """A disk encryption set on `key` that follows its rotations (ENC-03, ENC-04)."""
    des = compute.DiskEncryptionSet(
        f"{name}-des",
        resource_group_name=resource_group_name,
        location=scope.location,
        encryption_type="EncryptionAtRestWithCustomerKey",
        # A versionless key URL plus auto-rotation: new key versions are picked up without an update.
        active_key=compute.KeyForDiskEncryptionSetArgs(
            key_url=key.key_uri, source_vault=compute.SourceVaultArgs(id=vault.id)
        ),
        rotation_to_latest_key_version_enabled=True,
        identity=compute.EncryptionSetIdentityArgs(type="SystemAssigned"),
        tags=scope.tags,
        opts=scope.opts(),
    )
    principal = des.identity.apply(lambda identity: identity.principal_id if identity else None)
    access = grant(
        f"{name}-des-key-access",
        scope,
        role="Key Vault Crypto Service Encryption User",
        principal_id=principal.apply(lambda p: p or ""),
        on=key.id,
    )
    return DiskEncryption(disk_encryption_set=des, key_access=access)
