"""Encryption rules ENC-01..ENC-04: Secrets, keys, node disks and block volumes."""

from __future__ import annotations

import re

from components.policy.inputs import as_json, get, is_true, show
from components.policy.model import Context, Finding, rule
from components.policy.resources import AWS_LT, AWS_NODE_GROUP, GKE_POOL, STORAGE_CLASS, pool_check

ENC_01 = rule(
    "ENC-01",
    "Kubernetes Secrets envelope-encrypted with a customer-managed key",
    severity="high",
    cis=("EKS 5.3.1", "AKS 5.3.1", "GKE 5.3.1"),
    checkov=("CKV_AWS_58",),
    avd=("AVD-AWS-0039",),
    notes={
        "aws": "encryptionConfig.resources contains secrets and encryptionConfig.provider.keyArn is set",
        "azure": "securityProfile.azureKeyVaultKms.enabled = true, keyId set, keyVaultNetworkAccess = Private with "
        "keyVaultResourceId set, and apiServerAccessProfile.enableVnetIntegration = true with subnetId set (AKS's "
        "KMS reaches a private vault only through API Server VNet Integration; the vault's own network is ENC-07's); "
        "no checkov check",
        "gcp": "databaseEncryption.state = ENCRYPTED with keyName set; no checkov check",
    },
)


@ENC_01.on("aws")
def _enc01_aws(ctx: Context) -> list[Finding]:
    out = []
    for c in ctx.clusters():
        resources = get(c.inputs, "encryptionConfig.resources", [])
        found = f"encryptionConfig.resources = {show(resources or None)}"
        out.append(
            ctx.ok(c, found)
            if "secrets" in resources
            else ctx.bad(c, found, "set encryptionConfig.resources = ['secrets']")
        )
        out.append(
            ctx.expect_set(c, "encryptionConfig.provider.keyArn", "set encryptionConfig.provider.keyArn to a CMK")
        )
    return out


@ENC_01.on("azure")
def _enc01_azure(ctx: Context) -> list[Finding]:
    out = []
    for c in ctx.clusters():
        out += [
            ctx.expect(c, "securityProfile.azureKeyVaultKms.enabled", True),
            ctx.expect_set(c, "securityProfile.azureKeyVaultKms.keyId", "set the Key Vault key id"),
            ctx.expect(
                c,
                "securityProfile.azureKeyVaultKms.keyVaultNetworkAccess",
                "Private",
                "set keyVaultNetworkAccess = 'Private' (a Public one needs the etcd key's vault open to every network)",
            ),
            ctx.expect_set(
                c, "securityProfile.azureKeyVaultKms.keyVaultResourceId", "set keyVaultResourceId to the key's vault"
            ),
            ctx.expect(
                c,
                "apiServerAccessProfile.enableVnetIntegration",
                True,
                "set apiServerAccessProfile.enableVnetIntegration = true (KMS reaches a private vault only through it)",
            ),
            ctx.expect_set(
                c, "apiServerAccessProfile.subnetId", "set apiServerAccessProfile.subnetId to a delegated subnet"
            ),
        ]
    return out


@ENC_01.on("gcp")
def _enc01_gcp(ctx: Context) -> list[Finding]:
    out = []
    for c in ctx.clusters():
        out += [
            ctx.expect(c, "databaseEncryption.state", "ENCRYPTED"),
            ctx.expect_set(c, "databaseEncryption.keyName", "set databaseEncryption.keyName to a Cloud KMS key"),
        ]
    return out


ENC_02 = rule(
    "ENC-02",
    "Customer-managed keys rotate, are deletion-protected and have a narrow policy",
    severity="high",
    checkov=(
        "CKV_AWS_7",
        "CKV_AWS_33",
        "CKV2_AWS_64",
        "CKV_AZURE_110",
        "CKV_AZURE_111",
        "CKV_AZURE_42",
        "CKV_GCP_43",
    ),
    avd=("AVD-GCP-0065",),
    notes={
        "aws": "aws:kms/key:Key enableKeyRotation = true, deletionWindowInDays = 30, an explicit policy with no "
        "unconditioned Principal *",
        "azure": "keyvault Vault properties.enablePurgeProtection = true, enableSoftDelete = true, "
        "enableRbacAuthorization = true; every keyvault Key has a rotate lifetime action at most P90D "
        "(their expiry is ENC-07's)",
        "gcp": "gcp:kms/cryptoKey:CryptoKey rotationPeriod <= 7776000s and protect or retainOnDelete. CKV_GCP_82 "
        "is not cited: it wants lifecycle prevent_destroy (Pulumi's protect) on every key, and kumo protects "
        "keys only with spec.deletion_protection (dev stacks keep them retainOnDelete only; DATA-01 cites it)",
    },
)


@ENC_02.on("aws")
def _enc02_aws(ctx: Context) -> list[Finding]:
    out = []
    for key in ctx.of("aws:kms/key:Key"):
        out += [ctx.expect(key, "enableKeyRotation", True), ctx.expect(key, "deletionWindowInDays", 30)]
        policy = as_json(get(key.inputs, "policy"))
        if not isinstance(policy, dict):
            out.append(ctx.bad(key, "policy = (absent)", "give the key an explicit key policy"))
            continue
        loose = [
            s.get("Sid", "?")
            for s in policy.get("Statement", [])
            if s.get("Effect") == "Allow" and s.get("Principal") in ("*", {"AWS": "*"}) and not s.get("Condition")
        ]
        out.append(
            ctx.bad(
                key,
                f"policy statements {loose} allow Principal * without a condition",
                "scope them with kms:CallerAccount / kms:ViaService",
            )
            if loose
            else ctx.ok(key, "policy scoped to the account")
        )
    return out or [ctx.missing("KMS key", "create customer-managed keys")]


@ENC_02.on("azure")
def _enc02_azure(ctx: Context) -> list[Finding]:
    out = []
    for vault in ctx.of("azure-native:keyvault:Vault"):
        out += [
            ctx.expect(vault, "properties.enablePurgeProtection", True),
            ctx.expect(vault, "properties.enableSoftDelete", True),
            ctx.expect(vault, "properties.enableRbacAuthorization", True),
        ]
    for key in ctx.of("azure-native:keyvault:Key"):
        actions = get(key.inputs, "properties.rotationPolicy.lifetimeActions", [])
        periods = [get(a, "trigger.timeAfterCreate") for a in actions if get(a, "action.type", "").lower() == "rotate"]
        days = [_iso_days(p) for p in periods if p]
        found = f"properties.rotationPolicy rotate after {show(periods or None)}"
        out.append(
            ctx.ok(key, found)
            if days and min(days) <= 90
            else ctx.bad(key, found, "add a rotationPolicy lifetime action rotate with timeAfterCreate <= P90D")
        )
    return out or [ctx.missing("Key Vault", "create a Key Vault with customer-managed keys")]


def _iso_days(period: str) -> float:
    match = re.fullmatch(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?", str(period))
    if not match:
        return float("inf")
    years, months, days = (int(g or 0) for g in match.groups())
    return years * 365 + months * 30 + days


@ENC_02.on("gcp")
def _enc02_gcp(ctx: Context) -> list[Finding]:
    out = []
    for key in ctx.of("gcp:kms/cryptoKey:CryptoKey"):
        period = get(key.inputs, "rotationPeriod")
        seconds = (
            float(str(period).rstrip("s")) if period and str(period).rstrip("s").replace(".", "").isdigit() else None
        )
        found = f"rotationPeriod = {show(period)}"
        out.append(
            ctx.ok(key, found)
            if seconds is not None and seconds <= 7_776_000
            else ctx.bad(key, found, "set rotationPeriod <= 7776000s (90 days)")
        )
        kept = key.options.get("protect") or key.options.get("retain_on_delete")
        out.append(
            ctx.ok(key, "protect/retainOnDelete set")
            if kept
            else ctx.bad(key, "neither protect nor retainOnDelete", "set retain_on_delete=True (and protect)")
        )
    return out or [ctx.missing("Cloud KMS key", "create customer-managed keys")]


ENC_03 = rule(
    "ENC-03",
    "Node OS disks encrypted with a customer-managed key",
    severity="high",
    cis=("GKE 5.9.2",),
    checkov=("CKV_AZURE_117", "CKV_AZURE_227"),
    avd=("AVD-AZU-0067", "AVD-AWS-0008", "AVD-AWS-0131"),
    notes={
        "aws": "every node group uses a launch template; every launch template's blockDeviceMappings[*].ebs "
        'encrypted = "true" with kmsKeyId (no checkov check for launch-template EBS)',
        "azure": "ManagedCluster diskEncryptionSetID set; every pool enableEncryptionAtHost = true",
        "gcp": "every node pool (and the cluster's default-pool nodeConfig) bootDiskKmsKey set",
    },
)


@ENC_03.on("aws")
def _enc03_aws(ctx: Context) -> list[Finding]:
    out = [
        ctx.expect_set(g, "launchTemplate.id", "give the node group a launch template with encrypted EBS")
        for g in ctx.of(AWS_NODE_GROUP)
    ]
    for lt in ctx.of(AWS_LT):
        mappings = [m for m in get(lt.inputs, "blockDeviceMappings", []) if m.get("ebs")]
        if not mappings:
            out.append(
                ctx.bad(
                    lt,
                    "blockDeviceMappings = (absent): the AMI's root volume settings apply",
                    "map the root device with ebs.encrypted = 'true' and kmsKeyId",
                )
            )
        for i, m in enumerate(mappings):
            ebs = m["ebs"]
            found = (
                f"blockDeviceMappings[{i}].ebs encrypted = {show(ebs.get('encrypted'))}, "
                f"kmsKeyId = {show(ebs.get('kmsKeyId'))}"
            )
            out.append(
                ctx.ok(lt, found)
                if is_true(ebs.get("encrypted")) and ebs.get("kmsKeyId")
                else ctx.bad(lt, found, "set ebs.encrypted = 'true' and ebs.kmsKeyId to the cluster's CMK")
            )
    return out or [ctx.missing("node group", "define the node groups")]


@ENC_03.on("azure")
def _enc03_azure(ctx: Context) -> list[Finding]:
    out = [
        ctx.expect_set(c, "diskEncryptionSetID", "set diskEncryptionSetID to a disk encryption set (CMK)")
        for c in ctx.clusters()
    ]
    return out + pool_check(ctx, "enableEncryptionAtHost", True, "set enableEncryptionAtHost = true")


@ENC_03.on("gcp")
def _enc03_gcp(ctx: Context) -> list[Finding]:
    out = [
        ctx.expect_set(p, "nodeConfig.bootDiskKmsKey", "set nodeConfig.bootDiskKmsKey to a Cloud KMS key")
        for p in ctx.of(GKE_POOL)
    ]
    out += [
        ctx.expect_set(c, "nodeConfig.bootDiskKmsKey", "set nodeConfig.bootDiskKmsKey on the default pool")
        for c in ctx.clusters()
        if get(c.inputs, "nodeConfig")
    ]
    return out or [ctx.missing("node pool", "define node pools")]


ENC_04 = rule(
    "ENC-04",
    "Block-volume StorageClasses encrypt with a customer-managed key",
    severity="medium",
    cis=("GKE 5.9.1",),
    checkov=("CKV_AWS_3", "CKV_AWS_189", "CKV_AZURE_2", "CKV_AZURE_93", "CKV_GCP_37"),
    notes={
        "aws": 'ebs.csi.aws.com classes: parameters encrypted = "true" and kmsKeyId',
        "azure": "disk.csi.azure.com classes: parameters diskEncryptionSetID",
        "gcp": "pd.csi.storage.gke.io classes: parameters disk-encryption-kms-key",
    },
)


def _block_classes(ctx: Context, params: list[tuple[str, str | None]]) -> list[Finding]:
    """The cloud's block StorageClasses (its CSI driver, from the registry) set every key parameter.

    `params`: (parameter, required value, or None for "set")."""
    provisioner = ctx.cloud_record.block_provisioner
    classes = [c for c in ctx.of(STORAGE_CLASS) if get(c.inputs, "provisioner") == provisioner]
    out = []
    for sc in classes:
        values = get(sc.inputs, "parameters", {})
        bad = [p for p, want in params if not values.get(p) or (want is not None and values.get(p) != want)]
        found = ", ".join(f"parameters.{p} = {show(values.get(p))}" for p, _ in params)
        out.append(
            ctx.bad(sc, found, "set " + ", ".join(f"{p}{' = ' + repr(w) if w else ''}" for p, w in params))
            if bad
            else ctx.ok(sc, found)
        )
    return out or [ctx.missing(f"{provisioner} StorageClass", "create kumo's block StorageClasses")]


@ENC_04.on("aws")
def _enc04_aws(ctx: Context) -> list[Finding]:
    return _block_classes(ctx, [("encrypted", "true"), ("kmsKeyId", None)])


@ENC_04.on("azure")
def _enc04_azure(ctx: Context) -> list[Finding]:
    return _block_classes(ctx, [("diskEncryptionSetID", None)])


@ENC_04.on("gcp")
def _enc04_gcp(ctx: Context) -> list[Finding]:
    return _block_classes(ctx, [("disk-encryption-kms-key", None)])
