"""Key and data isolation rules ENC-07 and DATA-06: keys that expire after they rotate (HSM-backed when the
spec asks) in vaults no network reaches, and a delete lock over the durable data's resource group.

Azure-only in substance: AWS and GCP have no key-version expiry and no resource groups; each says why.
"""

from __future__ import annotations

from components.policy.encryption import _iso_days
from components.policy.inputs import get, show
from components.policy.model import Context, Finding, NotApplicable, rule
from components.policy.reliability import AZ_LOCKS
from components.policy.resources import AZ_ACCOUNT, shared_stores

AZ_KEY = "azure-native:keyvault:Key"
AZ_VAULT = "azure-native:keyvault:Vault"
AZ_GROUP = "azure-native:resources:ResourceGroup"
MIN_EXPIRY_DAYS = 28
"""Key Vault's floor for a rotation policy's expiryTime (components/azure/facts.KEY_MIN_EXPIRY_DAYS)."""
ROTATE_BEFORE_EXPIRY_DAYS = 7
"""A rotation must come at least this long before the version's expiry (facts.KEY_ROTATION_BEFORE_EXPIRY_DAYS)."""

ENC_07 = rule(
    "ENC-07",
    "Rotated key versions expire after their rotation; keys HSM-backed when the spec asks; Key Vaults private",
    severity="medium",
    checkov=("CKV_AZURE_109", "CKV_AZURE_189"),
    notes={
        "aws": "n/a: KMS keys with AWS-generated material have no expiry (ENC-02 rotates them) and no vault network",
        "azure": "every keyvault Key: properties.rotationPolicy.attributes.expiryTime set, at least P28D and at "
        "least 7 days after the rotate trigger (Key Vault's own limits), so every rotated version expires and none "
        "expires before its successor exists. CKV_AZURE_40 is not cited: it wants an expiration date on the key "
        "itself, and the first version carries none (a rotation policy does not touch the current version). "
        "With spec.azure.hsm_keys: kty RSA-HSM and every vault's sku.name premium. CKV_AZURE_112 (HSM-backed keys) "
        "is not cited: kumo's default is software-protected keys. Every keyvault Vault: properties."
        "publicNetworkAccess = Disabled and networkAcls.defaultAction = Deny (trusted services such as disk "
        "encryption sets still pass; AKS's KMS reaches the etcd key through its own private endpoint, ENC-01)",
        "gcp": "n/a: Cloud KMS key versions have no expiry (ENC-02 rotates them) and no vault network",
    },
    not_applicable={
        "aws": "AWS KMS keys with AWS-generated key material never expire; only imported material can "
        "(ENC-02 checks their rotation); and AWS KMS is a regional API reached under IAM and the key policy, with no "
        "network endpoint of kumo's to close",
        "gcp": "Cloud KMS key versions have no expiry time; a version is only disabled or destroyed "
        "(ENC-02 checks their rotation); and Cloud KMS is a Google API reached under IAM, with no network "
        "endpoint of kumo's to close",
    },
)


@ENC_07.on("azure")
def _enc07_azure(ctx: Context) -> list[Finding]:
    out = []
    hsm = ctx.spec is not None and ctx.spec.azure.hsm_keys
    for key in ctx.of(AZ_KEY):
        actions = get(key.inputs, "properties.rotationPolicy.lifetimeActions", []) or []
        rotate = [
            _iso_days(str(get(a, "trigger.timeAfterCreate")))
            for a in actions
            if str(get(a, "action.type", "")).lower() == "rotate" and get(a, "trigger.timeAfterCreate")
        ]
        expiry = get(key.inputs, "properties.rotationPolicy.attributes.expiryTime")
        found = f"properties.rotationPolicy.attributes.expiryTime = {show(expiry)}"
        days = _iso_days(str(expiry)) if expiry else float("inf")
        fix = (
            "set properties.rotationPolicy.attributes.expiryTime to an ISO 8601 duration of at least P28D and at "
            "least 7 days after the rotate trigger (kumo: P2Y)"
        )
        if not rotate:
            out.append(ctx.bad(key, f"{found}, no rotate lifetime action", "add a rotate lifetime action (ENC-02)"))
        elif days == float("inf") or days < MIN_EXPIRY_DAYS or max(rotate) > days - ROTATE_BEFORE_EXPIRY_DAYS:
            out.append(ctx.bad(key, f"{found}, rotate after {max(rotate):g} days", fix))
        else:
            out.append(ctx.ok(key, f"{found}, rotate after {max(rotate):g} days"))
        if hsm:
            out.append(ctx.expect(key, "properties.kty", "RSA-HSM", "set properties.kty = 'RSA-HSM' (hsm_keys)"))
    for vault in ctx.of(AZ_VAULT):
        out += [
            ctx.expect(vault, "properties.publicNetworkAccess", "Disabled"),
            ctx.expect(vault, "properties.networkAcls.defaultAction", "Deny"),
        ]
    if hsm:
        for vault in ctx.of(AZ_VAULT):
            sku = get(vault.inputs, "properties.sku.name")
            found = f"properties.sku.name = {show(sku)}"
            out.append(
                ctx.ok(vault, found)
                if str(sku).lower() == "premium"
                else ctx.bad(vault, found, "set properties.sku.name = 'premium' (HSM-protected keys need it)")
            )
    return out or [ctx.missing("Key Vault key", "create customer-managed keys")]


DATA_06 = rule(
    "DATA-06",
    "The durable data's resource group refuses deletion (a CanNotDelete lock)",
    severity="high",
    notes={
        "aws": "n/a: no resource groups; DATA-01 holds the EFS file system to protect / retainOnDelete",
        "azure": "the resource group of every shared-store StorageAccount is the scope of an azure-native:"
        "authorization ManagementLock level CanNotDelete (spec.deletion_protection): Azure refuses to delete the "
        "account, share, vault and key whoever asks, the cluster identity's CSI role (Storage Account Contributor) "
        "included. No checkov check: checkov has no lock check for a resource group",
        "gcp": "n/a: no resource groups; DATA-01 holds the Filestore instance to protect / retainOnDelete",
    },
    not_applicable={
        "aws": "AWS has no resource groups to lock; DATA-01 checks that the EFS file system is protected and "
        "retained on delete",
        "gcp": "GCP has no resource groups to lock; DATA-01 checks that the Filestore instance is protected and "
        "retained on delete",
    },
)


@DATA_06.on("azure")
def _data06_azure(ctx: Context) -> list[Finding]:
    if ctx.spec is not None and not ctx.spec.deletion_protection:
        # The lock is how Azure keeps deletion protection for the data's group; with protection off, DATA-01
        # reports the unprotected store (failing, or waived with its reason), as on every cloud.
        raise NotApplicable("deletion_protection is off: no lock is asked for; DATA-01 reports the unprotected store")
    out = []
    for account in shared_stores(ctx, AZ_ACCOUNT):
        groups = ctx.depends_on(account, "resourceGroupName")
        group = groups[0] if groups else None
        locks = [
            lock
            for lock in ctx.of(*AZ_LOCKS)
            if group is not None
            and get(lock.inputs, "level") == "CanNotDelete"
            and (
                group.urn in lock.property_dependencies.get("scope", [])
                or group.urn in lock.property_dependencies.get("resourceGroupName", [])
            )
        ]
        where = group.name if group else f"{account.name}'s resource group"
        out.append(
            ctx.ok(locks[0], f"management lock level = 'CanNotDelete' on {where}")
            if locks
            else ctx.bad(
                group or account,
                f"no CanNotDelete management lock on {where}",
                "set deletion_protection: true (a ManagementLockByScope level CanNotDelete on the data resource "
                "group), or waive DATA-06",
            )
        )
    return out or [ctx.missing("storage account", "create the shared store (spec.storage.shared)")]
