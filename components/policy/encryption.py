"""Encryption rules ENC-01..ENC-06: Secrets, keys, node disks, block volumes and the shared store."""

from __future__ import annotations

import re
from typing import Any

from components.policy.model import Context, Finding, NotApplicable, as_json, get, is_true, rule, show
from components.policy.network import AWS_LT, AWS_NODE_GROUP, GKE_POOL, open_cidrs, pool_check

STORAGE_CLASS = "kubernetes:storage.k8s.io/v1:StorageClass"
PERSISTENT_VOLUME = "kubernetes:core/v1:PersistentVolume"
EFS = "aws:efs/fileSystem:FileSystem"
AZ_ACCOUNT = "azure-native:storage:StorageAccount"
FILESTORE = "gcp:filestore/instance:Instance"

BLOCK_ENCRYPTION: dict[str, tuple[str, list[tuple[str, str | None]]]] = {
    # cloud -> (block CSI provisioner, [(parameter, required value or None for "set")])
    "aws": ("ebs.csi.aws.com", [("encrypted", "true"), ("kmsKeyId", None)]),
    "azure": ("disk.csi.azure.com", [("diskEncryptionSetID", None)]),
    "gcp": ("pd.csi.storage.gke.io", [("disk-encryption-kms-key", None)]),
}
SHARED_STORES = {"aws": EFS, "azure": AZ_ACCOUNT, "gcp": FILESTORE}


def shared_stores(ctx: Context) -> list[Any]:
    """The durable RWX stores in the plan; NotApplicable when the stack has none and the spec wants none."""
    stores = ctx.of(SHARED_STORES[ctx.cloud])
    if not stores and (ctx.spec is None or ctx.spec.storage.shared is None):
        raise NotApplicable("the stack has no shared (RWX) storage")
    return stores


ENC_01 = rule(
    "ENC-01",
    "Kubernetes Secrets envelope-encrypted with a customer-managed key",
    severity="high",
    cis=("EKS 5.3.1", "AKS 5.3.1", "GKE 5.3.1"),
    checkov=("CKV_AWS_58",),
    avd=("AVD-AWS-0039",),
    notes={
        "aws": "encryptionConfig.resources contains secrets and encryptionConfig.provider.keyArn is set",
        "azure": "securityProfile.azureKeyVaultKms.enabled = true, keyId set, keyVaultNetworkAccess explicit "
        "(Private needs API server VNet integration; kumo's vault is Public behind RBAC); no checkov check",
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
            ctx.expect_set(
                c,
                "securityProfile.azureKeyVaultKms.keyVaultNetworkAccess",
                "set keyVaultNetworkAccess explicitly (Private with API server VNet integration)",
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
        "CKV_AZURE_40",
        "CKV_GCP_43",
        "CKV_GCP_82",
    ),
    avd=("AVD-GCP-0065",),
    notes={
        "aws": "aws:kms/key:Key enableKeyRotation = true, deletionWindowInDays = 30, an explicit policy with no "
        "unconditioned Principal *",
        "azure": "keyvault Vault properties.enablePurgeProtection = true, enableSoftDelete = true, "
        "enableRbacAuthorization = true; every keyvault Key has a rotate lifetime action at most P90D "
        "(no expiry: AKS KMS pins a key version, an expired one would lock every Secret)",
        "gcp": "gcp:kms/cryptoKey:CryptoKey rotationPeriod <= 7776000s and protect or retainOnDelete",
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


@ENC_04.on("aws", "azure", "gcp")
def _enc04(ctx: Context) -> list[Finding]:
    provisioner, params = BLOCK_ENCRYPTION[ctx.cloud]
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


ENC_05 = rule(
    "ENC-05",
    "Shared (RWX) file storage encrypted at rest with a customer-managed key",
    severity="high",
    checkov=("CKV_AWS_42", "CKV_AWS_184", "CKV2_AZURE_1"),
    avd=("AVD-AWS-0037", "AVD-AZU-0061"),
    notes={
        "aws": "aws:efs/fileSystem:FileSystem encrypted = true, kmsKeyId set (both ForceNew)",
        "azure": "StorageAccount encryption.keySource = Microsoft.Keyvault with keyVaultProperties.keyName, "
        "requireInfrastructureEncryption = true",
        "gcp": "gcp:filestore/instance:Instance kmsKeyName set; no checkov check for Filestore",
    },
)


@ENC_05.on("aws")
def _enc05_aws(ctx: Context) -> list[Finding]:
    out = []
    for fs in shared_stores(ctx):
        out += [ctx.expect(fs, "encrypted", True), ctx.expect_set(fs, "kmsKeyId", "set kmsKeyId to a CMK")]
    return out or [ctx.missing("EFS file system", "create the shared store (spec.storage.shared)")]


@ENC_05.on("azure")
def _enc05_azure(ctx: Context) -> list[Finding]:
    out = []
    for account in shared_stores(ctx):
        out += [
            ctx.expect(account, "encryption.keySource", "Microsoft.Keyvault"),
            ctx.expect_set(account, "encryption.keyVaultProperties.keyName", "name the Key Vault key"),
            ctx.expect(account, "encryption.requireInfrastructureEncryption", True),
        ]
    return out or [ctx.missing("storage account", "create the shared store (spec.storage.shared)")]


@ENC_05.on("gcp")
def _enc05_gcp(ctx: Context) -> list[Finding]:
    out = [ctx.expect_set(i, "kmsKeyName", "set kmsKeyName to a Cloud KMS key") for i in shared_stores(ctx)]
    return out or [ctx.missing("Filestore instance", "create the shared store (spec.storage.shared)")]


ENC_06 = rule(
    "ENC-06",
    "Shared storage encrypted in transit and reachable privately only",
    severity="high",
    checkov=("CKV_AZURE_3", "CKV_AZURE_44", "CKV_AZURE_35", "CKV_AZURE_59", "CKV2_AZURE_33"),
    avd=("AVD-AZU-0008", "AVD-AZU-0011"),
    notes={
        "aws": "an aws:efs/fileSystemPolicy:FileSystemPolicy denying aws:SecureTransport = false; the "
        "PersistentVolume mounts with TLS (mountOptions tls or csi.volumeAttributes.encryptInTransit)",
        "azure": "StorageAccount minimumTlsVersion = TLS1_2, publicNetworkAccess = Disabled, networkRuleSet."
        "defaultAction = Deny, a private endpoint; NFS shares cannot use secure transfer "
        "(enableHttpsTrafficOnly must be false), so privacy is the control there",
        "gcp": "Filestore networks[*].connectMode = PRIVATE_SERVICE_ACCESS, fileShares.nfsExportOptions ipRanges "
        "non-empty and not open, squashMode = ROOT_SQUASH, except an export whose ranges are subnets "
        "only Cloud Run jobs use (kumo's one-shot owner job) may be NO_ROOT_SQUASH",
    },
)


@ENC_06.on("aws")
def _enc06_aws(ctx: Context) -> list[Finding]:
    stores = shared_stores(ctx)
    out = []
    policies = ctx.of("aws:efs/fileSystemPolicy:FileSystemPolicy")
    for fs in stores:
        mine = [p for p in policies if fs.urn in p.property_dependencies.get("fileSystemId", [])]
        tls = any(_denies_plaintext(as_json(get(p.inputs, "policy"))) for p in mine)
        out.append(
            ctx.ok(fs, "file-system policy denies aws:SecureTransport = false")
            if tls
            else ctx.bad(
                fs,
                f"{len(mine)} file-system policies, none denies non-TLS access",
                "add a FileSystemPolicy denying requests with aws:SecureTransport = false",
            )
        )
    for pv in ctx.of(PERSISTENT_VOLUME):
        if get(pv.inputs, "spec.csi.driver") != "efs.csi.aws.com":
            continue
        tls = "tls" in get(pv.inputs, "spec.mountOptions", []) or is_true(
            get(pv.inputs, "spec.csi.volumeAttributes.encryptInTransit")
        )
        out.append(
            ctx.ok(pv, "mounts with TLS")
            if tls
            else ctx.bad(pv, "spec.mountOptions lacks tls", "mount with the tls option (encryptInTransit)")
        )
    return out or [ctx.missing("EFS file system", "create the shared store (spec.storage.shared)")]


def _denies_plaintext(policy: Any) -> bool:
    if not isinstance(policy, dict):
        return False
    for s in policy.get("Statement", []):
        cond = get(s, "Condition.Bool", {}) or {}
        if s.get("Effect") == "Deny" and str(cond.get("aws:SecureTransport")).lower() == "false":
            return True
    return False


@ENC_06.on("azure")
def _enc06_azure(ctx: Context) -> list[Finding]:
    out = []
    endpoints = ctx.of("azure-native:network:PrivateEndpoint")
    for account in shared_stores(ctx):
        out += [
            ctx.expect(account, "minimumTlsVersion", "TLS1_2"),
            ctx.expect(account, "publicNetworkAccess", "Disabled"),
            ctx.expect(account, "networkRuleSet.defaultAction", "Deny"),
        ]
        linked = [
            e for e in endpoints if account.urn in e.property_dependencies.get("privateLinkServiceConnections", [])
        ]
        out.append(
            ctx.ok(account, f"private endpoint {linked[0].name}")
            if linked
            else ctx.bad(account, "no private endpoint for the account", "add a PrivateEndpoint (group file)")
        )
    return out or [ctx.missing("storage account", "create the shared store (spec.storage.shared)")]


CLOUD_RUN_JOB = "gcp:cloudrunv2/job:Job"


def _admin_subnet_ranges(ctx: Context) -> set[str]:
    """Ranges of subnets that nothing but Cloud Run jobs use: the one place an unsquashed export may point
    (kumo's one-shot job that hands the share's root to the app's user)."""
    ranges = set()
    for subnet in ctx.of("gcp:compute/subnetwork:Subnetwork"):
        users = [r for r in ctx.resources if any(subnet.urn in u for u in r.property_dependencies.values())]
        if users and all(u.type == CLOUD_RUN_JOB for u in users):
            ranges.add(str(get(subnet.inputs, "ipCidrRange")))
    return ranges


@ENC_06.on("gcp")
def _enc06_gcp(ctx: Context) -> list[Finding]:
    out = []
    admin = _admin_subnet_ranges(ctx)
    for inst in shared_stores(ctx):
        modes = [n.get("connectMode") for n in get(inst.inputs, "networks", [])]
        found = f"networks[*].connectMode = {show(modes or None)}"
        out.append(
            ctx.ok(inst, found)
            if modes and all(m == "PRIVATE_SERVICE_ACCESS" for m in modes)
            else ctx.bad(inst, found, "set networks[*].connectMode = PRIVATE_SERVICE_ACCESS")
        )
        exports = get(inst.inputs, "fileShares.nfsExportOptions", [])
        if not exports:
            out.append(
                ctx.bad(
                    inst,
                    "fileShares.nfsExportOptions = (absent): every client may mount",
                    "export to the node and pod ranges only, squashMode ROOT_SQUASH",
                )
            )
        for i, export in enumerate(exports):
            ranges = export.get("ipRanges") or []
            squash = export.get("squashMode")
            only_admin = squash == "NO_ROOT_SQUASH" and bool(ranges) and set(map(str, ranges)) <= admin
            ok = ranges and not open_cidrs(ranges) and (squash == "ROOT_SQUASH" or only_admin)
            found = (
                f"nfsExportOptions[{i}] ipRanges = {show(ranges or None)}, "
                f"squashMode = {show(export.get('squashMode'))}"
            )
            out.append(
                ctx.ok(inst, found)
                if ok
                else ctx.bad(
                    inst,
                    found,
                    "limit ipRanges to node CIDRs and set squashMode = ROOT_SQUASH (an "
                    "unsquashed export only to a subnet used by Cloud Run jobs alone)",
                )
            )
    return out or [ctx.missing("Filestore instance", "create the shared store (spec.storage.shared)")]
