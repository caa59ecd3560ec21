"""Backup rule DATA-07: backups of durable data are encrypted with kumo's keys, never a key the cloud chose."""

from __future__ import annotations

from components.policy.inputs import get, show
from components.policy.model import Context, Finding, rule
from components.policy.resources import EFS, shared_stores

KMS_KEY = "aws:kms/key:Key"
VAULT = "aws:backup/vault:Vault"
PLAN = "aws:backup/plan:Plan"
SELECTION = "aws:backup/selection:Selection"
GKE_BACKUP_PLAN = "gcp:gkebackup/backupPlan:BackupPlan"

DATA_07 = rule(
    "DATA-07",
    "Backups of durable data encrypted with kumo's keys",
    severity="medium",
    checkov=("CKV_AWS_166",),
    notes={
        "aws": "every EFS file system is in an aws:backup/selection:Selection (resources from the file system) "
        "of an aws:backup/plan:Plan whose rules' targetVaultName is an aws:backup/vault:Vault with kmsKeyArn "
        "from a KMS key of the stack; and EFS automatic backups (aws:efs/backupPolicy:BackupPolicy status "
        "ENABLED: AWS's default vault, a key kumo cannot choose) are off. CKV_AWS_166 (backup vault encrypted "
        "with a customer-managed key) checks the vault",
        "gcp": "every gcp:gkebackup/backupPlan:BackupPlan backupConfig.encryptionKey.gcpKmsEncryptionKey names a "
        "Cloud KMS key (projects/*/locations/*/keyRings/*/cryptoKeys/*). Volume backups take the disk's own key "
        "(ENC-04), Filestore backups the instance's (ENC-05)",
        "azure": "not applicable: kumo provisions no Azure backup (the share's soft delete keeps it under its key)",
    },
    not_applicable={
        "azure": "kumo provisions no Azure backup whose key it could choose: the shared store's protection is "
        "soft delete of the file share (DATA-03), kept inside the same storage account under its own "
        "customer-managed key (ENC-05); no Recovery Services or Backup vault is created",
    },
)


@DATA_07.on("aws")
def _data07_aws(ctx: Context) -> list[Finding]:
    out = []
    keys = {k.urn for k in ctx.of(KMS_KEY)}
    vaults = {v.urn: v for v in ctx.of(VAULT)}
    plans = {p.urn: p for p in ctx.of(PLAN)}
    for fs in shared_stores(ctx, EFS):
        automatic = [
            p
            for p in ctx.of("aws:efs/backupPolicy:BackupPolicy")
            if fs.urn in p.property_dependencies.get("fileSystemId", [])
            and get(p.inputs, "backupPolicy.status") == "ENABLED"
        ]
        if automatic:
            out.append(
                ctx.bad(
                    automatic[0],
                    "backupPolicy.status = 'ENABLED': EFS automatic backups go to AWS's default vault and key",
                    "set the BackupPolicy status DISABLED and back the file system up with kumo's vault",
                )
            )
        kumo_vaults = []
        for selection in ctx.of(SELECTION):
            if fs.urn not in selection.property_dependencies.get("resources", []):
                continue
            for plan_urn in selection.property_dependencies.get("planId", []):
                plan = plans.get(plan_urn)
                if plan is None:
                    continue
                for vault_urn in plan.property_dependencies.get("rules", []):
                    vault = vaults.get(vault_urn)
                    if vault is not None and keys & set(vault.property_dependencies.get("kmsKeyArn", [])):
                        kumo_vaults.append(vault.name)
        out.append(
            ctx.ok(fs, f"backed up into vault(s) {sorted(set(kumo_vaults))} under a KMS key of the stack")
            if kumo_vaults
            else ctx.bad(
                fs,
                "no AWS Backup selection puts the file system in a vault under a KMS key of the stack",
                "add a backup Vault (kmsKeyArn = kumo's key), a Plan targeting it and a Selection of the file system",
            )
        )
    return out


@DATA_07.on("gcp")
def _data07_gcp(ctx: Context) -> list[Finding]:
    out = []
    for plan in ctx.of(GKE_BACKUP_PLAN):
        key = get(plan.inputs, "backupConfig.encryptionKey.gcpKmsEncryptionKey")
        parts = str(key).split("/") if isinstance(key, str) else []
        named = len(parts) == 8 and parts[0::2] == ["projects", "locations", "keyRings", "cryptoKeys"]
        found = f"backupConfig.encryptionKey.gcpKmsEncryptionKey = {show(key)}"
        out.append(
            ctx.ok(plan, found)
            if named
            else ctx.bad(plan, found, "encrypt the backup plan with kumo's disk key (projects/.../cryptoKeys/...)")
        )
    return out or [ctx.missing("Backup for GKE plan", "create the cluster's backup plan (DATA-03)")]
