"""Data-safety rules DATA-01..DATA-05: durable data outlives the cluster and is never lost by accident.

DATA-04 and DATA-05 read one plan statically (stateful resources never delete before replacing; every
immutable field is explicit, so a provider default can never change under them) and, given the previous
plan of the same stack, compare the two: a stateful resource that disappears, or whose immutable field
changes (a replacement), fails.
"""

from __future__ import annotations

from typing import Any

from components.policy.encryption import PERSISTENT_VOLUME, SHARED_STORES, STORAGE_CLASS, shared_stores
from components.policy.filestore_backups import (
    BACKUPDR_FILESTORE_TIERS,
    filestore_protection,
    scheduled_filestore_backups,
)
from components.policy.model import Context, Finding, NotApplicable, get, is_true, rule, show
from components.records import Resource

IMMUTABLE: dict[str, tuple[str, ...]] = {
    # ForceNew / create-only inputs (SECURITY-RULES.md section 7 DATA-05; provider schemas).
    "aws:eks/cluster:Cluster": ("name", "kubernetesNetworkConfig.serviceIpv4Cidr", "kubernetesNetworkConfig.ipFamily"),
    "aws:efs/fileSystem:FileSystem": ("encrypted", "kmsKeyId", "performanceMode"),
    "azure-native:containerservice:ManagedCluster": (
        "dnsPrefix",
        "networkProfile.networkPlugin",
        "networkProfile.serviceCidr",
        "apiServerAccessProfile.enablePrivateCluster",
    ),
    "azure-native:storage:StorageAccount": ("accountName", "kind"),
    "azure-native:storage:FileShare": ("shareName", "enabledProtocols"),
    "gcp:container/cluster:Cluster": (
        "name",
        "location",
        "privateClusterConfig.masterIpv4CidrBlock",
        "ipAllocationPolicy.clusterSecondaryRangeName",
        "network",
        "subnetwork",
    ),
    "gcp:filestore/instance:Instance": ("name", "location", "tier", "kmsKeyName"),
}
KEY_TYPES = (
    "aws:kms/key:Key",
    "azure-native:keyvault:Vault",
    "azure-native:keyvault:Key",
    "gcp:kms/cryptoKey:CryptoKey",
    "gcp:kms/keyRing:KeyRing",
)


def durable(ctx: Context) -> list[Resource]:
    """The durable data resources: the shared store, what holds it, and the keys it is encrypted with."""
    stores = ctx.of(SHARED_STORES[ctx.cloud])
    found: dict[str, Resource] = {s.urn: s for s in stores}
    if ctx.cloud == "azure":
        for share in ctx.of("azure-native:storage:FileShare"):
            found[share.urn] = share
    for store in list(found.values()):
        for urn in ctx.all_dependencies(store):
            dep = ctx.by_urn(urn)
            if dep is not None and (dep.type in KEY_TYPES or dep.type == "azure-native:resources:ResourceGroup"):
                found[dep.urn] = dep
    return list(found.values())


def stateful(ctx: Context) -> list[Resource]:
    """Everything whose loss loses data or access to it: the durable data and the cluster itself."""
    return [*ctx.clusters(), *durable(ctx)]


DATA_01 = rule(
    "DATA-01",
    "Durable data lives outside the cluster's lifecycle and is protected",
    severity="critical",
    checkov=("CKV_GCP_82 (analogue)",),
    notes={
        "aws": "EFS, its KMS key: protect and retainOnDelete, not descendants of / dependent on the EKS cluster",
        "azure": "storage account, file share, their resource group (never MC_*), vault and key: protect and "
        "retainOnDelete, independent of the AKS cluster",
        "gcp": "Filestore (deletionProtectionEnabled = true) and its key: protect and retainOnDelete, "
        "independent of the GKE cluster",
    },
)


@DATA_01.on("aws", "azure", "gcp")
def _data01(ctx: Context) -> list[Finding]:
    shared_stores(ctx)  # not applicable without shared storage
    out = []
    clusters = {c.urn for c in ctx.clusters()}
    for r in durable(ctx):
        problems = []
        if not r.options.get("protect"):
            problems.append("protect is off")
        if r.options.get("retain_on_delete") is False:  # None: unknown (CrossGuard does not expose it)
            problems.append("retainOnDelete is off")
        if clusters & {a.urn for a in ctx.ancestors(r)}:
            problems.append("it is a descendant of the cluster")
        if clusters & ctx.all_dependencies(r):
            problems.append("it depends on the cluster")
        if r.type == "azure-native:storage:StorageAccount" and str(get(r.inputs, "resourceGroupName", "")).startswith(
            "MC_"
        ):
            problems.append("it lives in AKS's MC_* node resource group")
        if r.type == "gcp:filestore/instance:Instance" and get(r.inputs, "deletionProtectionEnabled") is not True:
            problems.append(f"deletionProtectionEnabled = {show(get(r.inputs, 'deletionProtectionEnabled'))}")
        out.append(
            ctx.bad(
                r,
                "; ".join(problems),
                "set storage.shared.protect and retain_on_delete; keep it a "
                "sibling of the cluster, depending on the network only",
            )
            if problems
            else ctx.ok(r, "protected, retained, outside the cluster's lifecycle")
        )
    return out or [ctx.missing("shared store", "create the shared store (spec.storage.shared)")]


DATA_02 = rule(
    "DATA-02",
    "A Retain StorageClass for stateful volumes; RWX through a static Retain PersistentVolume",
    severity="medium",
    notes=dict.fromkeys(
        ("aws", "azure", "gcp"),
        "kumo's StorageClasses allowVolumeExpansion = true, block ones WaitForFirstConsumer, one block "
        "class reclaimPolicy Retain (kumo-block-retain; the default kumo-block deletes), the shared class "
        "Retain, the shared PersistentVolume persistentVolumeReclaimPolicy Retain",
    ),
)


@DATA_02.on("aws", "azure", "gcp")
def _data02(ctx: Context) -> list[Finding]:
    out = []
    from components.policy.encryption import BLOCK_ENCRYPTION

    block = BLOCK_ENCRYPTION[ctx.cloud][0]
    classes = [
        c
        for c in ctx.of(STORAGE_CLASS)
        if get(c.inputs, "metadata.labels", {}).get("app.kubernetes.io/managed-by") == "kumo"
    ]
    for sc in classes:
        is_block = get(sc.inputs, "provisioner") == block
        expand = get(sc.inputs, "allowVolumeExpansion")
        binding = get(sc.inputs, "volumeBindingMode")
        reclaim = get(sc.inputs, "reclaimPolicy")
        found = (
            f"reclaimPolicy = {show(reclaim)}, allowVolumeExpansion = {show(expand)}, "
            f"volumeBindingMode = {show(binding)}"
        )
        bad = (
            expand is not True
            or (is_block and binding != "WaitForFirstConsumer")
            or (not is_block and reclaim != "Retain")
        )
        out.append(
            ctx.bad(sc, found, "allowVolumeExpansion true, WaitForFirstConsumer for block, Retain for shared")
            if bad
            else ctx.ok(sc, found)
        )
    if not any(get(c.inputs, "reclaimPolicy") == "Retain" and get(c.inputs, "provisioner") == block for c in classes):
        out.append(
            ctx.bad(
                None,
                f"no {block} StorageClass with reclaimPolicy Retain",
                "create kumo-block-retain (reclaimPolicy Retain)",
            )
        )
    if ctx.spec is None or ctx.spec.storage.shared is not None:
        pvs = [p for p in ctx.of(PERSISTENT_VOLUME) if "ReadWriteMany" in get(p.inputs, "spec.accessModes", [])]
        for pv in pvs:
            out.append(ctx.expect(pv, "spec.persistentVolumeReclaimPolicy", "Retain"))
        if not pvs and ctx.spec is not None:
            out.append(
                ctx.missing("static ReadWriteMany PersistentVolume", "bind the shared store through a static PV")
            )
    return out or [ctx.missing("kumo StorageClass", "create kumo's StorageClasses")]


DATA_03 = rule(
    "DATA-03",
    "Backups or soft delete of the shared store survive its deletion",
    severity="high",
    checkov=("CKV2_AWS_18", "CKV2_AWS_9", "CKV2_AZURE_38"),
    notes={
        "aws": "an aws:efs/backupPolicy:BackupPolicy backupPolicy.status = ENABLED on the file system (AWS Backup "
        "keeps recovery points independently of the stack)",
        "azure": "azure-native:storage:FileServiceProperties shareDeleteRetentionPolicy.enabled = true, days >= 7",
        "gcp": "either (a) scheduled Filestore backups: a gcp:cloudscheduler/job:Job with a schedule, not paused, "
        "whose httpTarget (a workflowexecutions.googleapis.com .../executions URI) depends on a "
        "gcp:workflows/workflow:Workflow whose sourceContents calls googleapis.file.v1.projects.locations."
        "backups.create with parent projects/*/locations/<the instance's region>, body.sourceInstance = "
        "this instance (.../locations/<zone>/instances/<name>) and body.sourceFileShare = its share, and "
        "expires old backups with googleapis.file.v1.projects.locations.backups.delete (Filestore backups "
        "are independent of the instance and survive its deletion; kumo's way on its basic tiers); or (b) a "
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
    for fs in shared_stores(ctx):
        mine = [p for p in policies if fs.urn in p.property_dependencies.get("fileSystemId", [])]
        status = [get(p.inputs, "backupPolicy.status") for p in mine]
        out.append(
            ctx.ok(fs, "backupPolicy.status = 'ENABLED'")
            if "ENABLED" in status
            else ctx.bad(fs, f"backup policies {status or '(none)'}", "add a BackupPolicy with status ENABLED")
        )
    return out or [ctx.missing("EFS file system", "create the shared store (spec.storage.shared)")]


@DATA_03.on("azure")
def _data03_azure(ctx: Context) -> list[Finding]:
    out = []
    services = ctx.of("azure-native:storage:FileServiceProperties")
    for account in shared_stores(ctx):
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
    for inst in shared_stores(ctx):
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


DATA_04 = rule(
    "DATA-04",
    "No replacement or deletion of stateful resources without explicit approval",
    severity="critical",
    notes={
        "aws": "stateful = EKS cluster, EFS, its KMS key: no deleteBeforeReplace; against the previous plan, none "
        "removed or replaced (the `kumo up` gate also reads the engine's preview)",
        "azure": "stateful = AKS cluster, storage account, share, their group, vault and key",
        "gcp": "stateful = GKE cluster, Filestore, its key ring and key",
    },
)


def _replaced_paths(before: Resource, after: Resource) -> list[str]:
    return [p for p in IMMUTABLE.get(after.type, ()) if get(before.inputs, p) != get(after.inputs, p)]


@DATA_04.on("aws", "azure", "gcp")
def _data04(ctx: Context) -> list[Finding]:
    out = []
    current = stateful(ctx)
    for r in current:
        dbr = r.options.get("delete_before_replace")
        out.append(
            ctx.bad(r, "deleteBeforeReplace = True", "remove deleteBeforeReplace from stateful resources")
            if dbr
            else ctx.ok(r, "stateful; replaced only create-before-delete")
        )
    if ctx.previous is not None:
        before = Context(resources=ctx.previous, spec=ctx.spec, cloud=ctx.cloud, stack=ctx.stack)
        now = {r.urn: r for r in ctx.resources}
        for old in stateful(before):
            new = now.get(old.urn)
            if new is None:
                out.append(
                    ctx.bad(
                        old,
                        "stateful resource would be deleted",
                        "keep it in the program, or approve the deletion explicitly (a waiver / --allow-replace)",
                    )
                )
            elif _replaced_paths(old, new):
                out.append(
                    ctx.bad(
                        new,
                        f"immutable {_replaced_paths(old, new)} changed: a replacement",
                        "restore the previous values, or approve the replacement explicitly",
                    )
                )
    return out or [ctx.missing("cluster", "the plan holds no cluster")]


DATA_05 = rule(
    "DATA-05",
    "Immutable (ForceNew) fields are explicit and frozen after creation",
    severity="high",
    notes={
        "aws": "EKS name, kubernetesNetworkConfig.serviceIpv4Cidr/ipFamily; EFS encrypted, kmsKeyId, performanceMode",
        "azure": "AKS dnsPrefix, networkProfile.networkPlugin/serviceCidr, apiServerAccessProfile."
        "enablePrivateCluster; storage account name, kind; share name, protocols",
        "gcp": "GKE name, location, privateClusterConfig.masterIpv4CidrBlock, ipAllocationPolicy, network, "
        "subnetwork; Filestore name, location, tier, kmsKeyName",
    },
)


@DATA_05.on("aws", "azure", "gcp")
def _data05(ctx: Context) -> list[Finding]:
    out = []
    old = {r.urn: r for r in ctx.previous or []}
    for r in ctx.resources:
        for path in IMMUTABLE.get(r.type, ()):
            value: Any = get(r.inputs, path)
            if value is None:
                out.append(
                    ctx.bad(
                        r,
                        f"{path} = (absent): the provider's default decides a create-only field",
                        f"set {path} explicitly",
                    )
                )
            elif r.urn in old and get(old[r.urn].inputs, path) != value:
                out.append(
                    ctx.bad(
                        r,
                        f"{path} changed {show(get(old[r.urn].inputs, path))} -> {show(value)}",
                        "restore the value: the field cannot change without replacement",
                    )
                )
    if not out and not any(r.type in IMMUTABLE for r in ctx.resources):
        raise NotApplicable("no resource with create-only fields in the plan")
    return out or [ctx.ok(None, "every create-only field is explicit" + (" and unchanged" if old else ""))]
