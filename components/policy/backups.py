"""Backup rule DATA-03: backups or soft delete of the shared store survive its deletion.

What counts on GCP (scheduled Filestore backups, or Backup and DR) is read by filestore_backups.py.
"""

from __future__ import annotations

from components.policy.filestore_backups import (
    BACKUPDR_FILESTORE_TIERS,
    filestore_protection,
    scheduled_filestore_backups,
)
from components.policy.inputs import get, is_true, show
from components.policy.model import Context, Finding, rule
from components.policy.resources import AZ_ACCOUNT, EFS, FILESTORE, shared_stores

DATA_03 = rule(
    "DATA-03",
    "Backups or soft delete of the shared store survive its deletion",
    severity="high",
    checkov=("CKV2_AWS_18",),
    notes={
        "aws": "an aws:backup/selection:Selection of the file system in an aws:backup/plan:Plan with a scheduled "
        "rule (kumo's way, DATA-07), or an aws:efs/backupPolicy:BackupPolicy backupPolicy.status = ENABLED "
        "(AWS Backup keeps recovery points independently of the stack either way). CKV2_AWS_9 is not cited: it "
        "wants aws_ebs_volume resources in a backup selection, and kumo's block volumes are provisioned by "
        "the EBS CSI driver, not backed up by AWS Backup",
        "azure": "azure-native:storage:FileServiceProperties shareDeleteRetentionPolicy.enabled = true, days >= 7. "
        "CKV2_AZURE_38 is not cited: it reads blob soft delete (blob_properties.delete_retention_policy) and "
        "fails every FileStorage account, the kind kumo's NFS share needs",
        "gcp": "either (a) scheduled Filestore backups: a gcp:cloudscheduler/job:Job with a schedule, not paused, "
        "whose httpTarget (a workflowexecutions.googleapis.com .../executions URI) depends on a "
        "gcp:workflows/workflow:Workflow whose sourceContents calls googleapis.file.v1.projects.locations."
        "backups.create with parent projects/*/locations/<the instance's region>, body.sourceInstance = "
        "this instance (.../locations/<zone>/instances/<name>) and body.sourceFileShare = its share, and "
        "expires old backups with googleapis.file.v1.projects.locations.backups.delete (Filestore backups "
        "are independent of the instance and survive its deletion; kumo's way, on every tier); or (b) a "
        "Backup and DR gcp:backupdisasterrecovery/backupPlanAssociation:BackupPlanAssociation whose resource "
        "is the instance, its BackupPlan (resourceType file.googleapis.com/Instance) with a scheduled "
        "backupRule, and a BackupVault without forceDelete/ignoreInactiveDatasources, on a tier Backup and "
        "DR protects (ZONAL, REGIONAL, ENTERPRISE: never BASIC_HDD/BASIC_SSD). A Backup for GKE plan covers "
        "cluster objects and Persistent Disk volumes only (never Filestore data) and is reported as a "
        "separate finding; a one-off gcp:filestore/backup:Backup is not a schedule and does not count",
    },
)


@DATA_03.on("aws")
def _data03_aws(ctx: Context) -> list[Finding]:
    out = []
    policies = ctx.of("aws:efs/backupPolicy:BackupPolicy")
    for fs in shared_stores(ctx, EFS):
        mine = [p for p in policies if fs.urn in p.property_dependencies.get("fileSystemId", [])]
        status = [get(p.inputs, "backupPolicy.status") for p in mine]
        # kumo's own AWS Backup plan (DATA-07): a selection of the file system in a plan with a scheduled rule.
        planned = [
            sel.name
            for sel in ctx.of("aws:backup/selection:Selection")
            if fs.urn in sel.property_dependencies.get("resources", [])
            and any(
                get(plan.inputs, "rules[0].schedule")
                for plan in ctx.depends_on(sel, "planId")
                if plan.type == "aws:backup/plan:Plan"
            )
        ]
        out.append(
            ctx.ok(fs, f"AWS Backup selection {planned[0]} in a scheduled plan")
            if planned
            else ctx.ok(fs, "backupPolicy.status = 'ENABLED'")
            if "ENABLED" in status
            else ctx.bad(
                fs,
                f"backup policies {status or '(none)'}, no AWS Backup selection",
                "add an AWS Backup plan and a selection of the file system",
            )
        )
    return out or [ctx.missing("EFS file system", "create the shared store (spec.storage.shared)")]


@DATA_03.on("azure")
def _data03_azure(ctx: Context) -> list[Finding]:
    out = []
    services = ctx.of("azure-native:storage:FileServiceProperties")
    for account in shared_stores(ctx, AZ_ACCOUNT):
        mine = [s for s in services if account.urn in s.property_dependencies.get("accountName", [])]
        days = [
            get(s.inputs, "shareDeleteRetentionPolicy.days", 0)
            for s in mine
            if is_true(get(s.inputs, "shareDeleteRetentionPolicy.enabled"))
        ]
        out.append(
            ctx.ok(account, f"share soft delete {max(days):g} days")
            if days and max(days) >= 7
            else ctx.bad(
                account,
                "share soft delete off or < 7 days",
                "add FileServiceProperties shareDeleteRetentionPolicy enabled, days >= 7",
            )
        )
    return out or [ctx.missing("storage account", "create the shared store (spec.storage.shared)")]


@DATA_03.on("gcp")
def _data03_gcp(ctx: Context) -> list[Finding]:
    out = []
    one_off = ctx.of("gcp:filestore/backup:Backup")
    for inst in shared_stores(ctx, FILESTORE):
        tier = get(inst.inputs, "tier")
        bdr_evidence, problems = filestore_protection(ctx, inst)
        scheduled, schedule_problems, notes = scheduled_filestore_backups(ctx, inst)
        associated = bdr_evidence or any(p.startswith(("association ", "plan ", "vault ")) for p in problems)
        if tier not in BACKUPDR_FILESTORE_TIERS and (associated or not scheduled):
            problems.insert(
                0,
                f"tier = {show(tier)}: Backup and DR does not protect basic-tier Filestore"
                + (
                    " (its association would be rejected)"
                    if associated
                    else ", and nothing schedules Filestore backups of it"
                ),
            )
        problems += schedule_problems
        evidence = [*scheduled, *bdr_evidence]
        mine = [b.name for b in one_off if inst.urn in b.property_dependencies.get("sourceInstance", [])]
        if mine and not evidence:
            problems.append(f"filestore Backup {', '.join(mine)} is a single backup, not a schedule")
        if evidence and not problems:
            out.append(ctx.ok(inst, "; ".join(evidence)))
        else:
            out.append(
                ctx.bad(
                    inst,
                    "; ".join(
                        (
                            problems
                            or [
                                "no Backup and DR plan association of the instance and "
                                "no scheduled Filestore backup of it"
                            ]
                        )
                        + notes
                    ),
                    "schedule Filestore backups of the instance (a Cloud Scheduler job running a workflow "
                    "that calls backups.create for its share and deletes expired backups), or protect a "
                    "ZONAL/REGIONAL/ENTERPRISE instance with a Backup and DR BackupPlanAssociation",
                )
            )
    # Backup for GKE: cluster objects and PD volume data only. Reported on its own, never as the share's backup.
    for plan in ctx.of("gcp:gkebackup/backupPlan:BackupPlan"):
        volumes, schedule = (
            is_true(get(plan.inputs, "backupConfig.includeVolumeData")),
            get(plan.inputs, "backupSchedule"),
        )
        out.append(
            ctx.ok(
                plan, "Backup for GKE: cluster objects and Persistent Disk volumes, scheduled (not the Filestore share)"
            )
            if volumes and schedule
            else ctx.bad(
                plan,
                f"Backup for GKE plan includeVolumeData = {show(volumes)}, backupSchedule = {show(schedule)}",
                "set backupConfig.includeVolumeData and a backupSchedule",
            )
        )
    return out or [ctx.missing("Filestore instance", "create the shared store (spec.storage.shared)")]
