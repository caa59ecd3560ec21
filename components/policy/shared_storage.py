"""Shared-storage encryption rules ENC-05 and ENC-06: the RWX store encrypted at rest, in transit, private."""

from __future__ import annotations

from typing import Any

from components.policy.inputs import as_json, get, is_true, open_cidrs, show
from components.policy.model import Context, Finding, rule
from components.policy.resources import AZ_ACCOUNT, EFS, FILESTORE, PERSISTENT_VOLUME, shared_stores

ENC_05 = rule(
    "ENC-05",
    "Shared (RWX) file storage encrypted at rest with a customer-managed key",
    severity="high",
    checkov=("CKV_AWS_42", "CKV_AWS_184", "CKV2_AZURE_1"),
    avd=("AVD-AWS-0037", "AVD-AZU-0061"),
    notes={
        "aws": "aws:efs/fileSystem:FileSystem encrypted = true, kmsKeyId set (both ForceNew)",
        "azure": "StorageAccount encryption.keySource = Microsoft.Keyvault with keyVaultProperties.keyName, "
        "requireInfrastructureEncryption = true, on the shared store's account (CKV2_AZURE_1 there); the "
        "flow-log account (LOG-03) keeps Microsoft-managed keys, so CKV2_AZURE_1 flags it",
        "gcp": "gcp:filestore/instance:Instance kmsKeyName set; no checkov check for Filestore",
    },
)


@ENC_05.on("aws")
def _enc05_aws(ctx: Context) -> list[Finding]:
    out = []
    for fs in shared_stores(ctx, EFS):
        out += [ctx.expect(fs, "encrypted", True), ctx.expect_set(fs, "kmsKeyId", "set kmsKeyId to a CMK")]
    return out or [ctx.missing("EFS file system", "create the shared store (spec.storage.shared)")]


@ENC_05.on("azure")
def _enc05_azure(ctx: Context) -> list[Finding]:
    out = []
    for account in shared_stores(ctx, AZ_ACCOUNT):
        out += [
            ctx.expect(account, "encryption.keySource", "Microsoft.Keyvault"),
            ctx.expect_set(account, "encryption.keyVaultProperties.keyName", "name the Key Vault key"),
            ctx.expect(account, "encryption.requireInfrastructureEncryption", True),
        ]
    return out or [ctx.missing("storage account", "create the shared store (spec.storage.shared)")]


@ENC_05.on("gcp")
def _enc05_gcp(ctx: Context) -> list[Finding]:
    out = [ctx.expect_set(i, "kmsKeyName", "set kmsKeyName to a Cloud KMS key") for i in shared_stores(ctx, FILESTORE)]
    return out or [ctx.missing("Filestore instance", "create the shared store (spec.storage.shared)")]


ENC_06 = rule(
    "ENC-06",
    "Shared storage encrypted in transit and reachable privately only",
    severity="high",
    checkov=("CKV_AZURE_44", "CKV_AZURE_35", "CKV_AZURE_59", "CKV2_AZURE_33"),
    avd=("AVD-AZU-0008", "AVD-AZU-0011"),
    notes={
        "aws": "an aws:efs/fileSystemPolicy:FileSystemPolicy denying aws:SecureTransport = false; the "
        "PersistentVolume mounts with TLS (mountOptions tls or csi.volumeAttributes.encryptInTransit)",
        "azure": "StorageAccount minimumTlsVersion = TLS1_2, publicNetworkAccess = Disabled, networkRuleSet."
        "defaultAction = Deny, a private endpoint; NFS shares cannot use secure transfer "
        "(enableHttpsTrafficOnly must be false), so privacy is the control there. CKV_AZURE_3 is not cited: it "
        "wants enableHttpsTrafficOnly = true, which the NFS share's account cannot have. The ids cited hold "
        "for the shared store's account; the flow-log account (LOG-03) is reached through the firewall's "
        "trusted-services bypass, so CKV_AZURE_59 and CKV2_AZURE_33 flag it",
        "gcp": "Filestore networks[*].connectMode = PRIVATE_SERVICE_ACCESS, fileShares.nfsExportOptions ipRanges "
        "non-empty and not open, squashMode = ROOT_SQUASH, except an export whose ranges are subnets "
        "only Cloud Run jobs use (kumo's one-shot owner job) may be NO_ROOT_SQUASH",
    },
)


@ENC_06.on("aws")
def _enc06_aws(ctx: Context) -> list[Finding]:
    stores = shared_stores(ctx, EFS)
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
        if get(pv.inputs, "spec.csi.driver") != ctx.cloud_record.shared_provisioner:
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
    for account in shared_stores(ctx, AZ_ACCOUNT):
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
OBSERVERS = ("gcp:logging/projectSink:ProjectSink",)
"""Types that name a subnet without putting anything in it (the flow-log sink's filter, LOG-03)."""


def _admin_subnet_ranges(ctx: Context) -> set[str]:
    """Ranges of subnets that nothing but Cloud Run jobs use: the one place an unsquashed export may point
    (kumo's one-shot job that hands the share's root to the app's user)."""
    ranges = set()
    for subnet in ctx.of("gcp:compute/subnetwork:Subnetwork"):
        users = [
            r
            for r in ctx.resources
            if r.type not in OBSERVERS and any(subnet.urn in u for u in r.property_dependencies.values())
        ]
        if users and all(u.type == CLOUD_RUN_JOB for u in users):
            ranges.add(str(get(subnet.inputs, "ipCidrRange")))
    return ranges


@ENC_06.on("gcp")
def _enc06_gcp(ctx: Context) -> list[Finding]:
    out = []
    admin = _admin_subnet_ranges(ctx)
    for inst in shared_stores(ctx, FILESTORE):
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
