"""Data-safety rules DATA-01 and DATA-02: durable data outlives the cluster; volumes are retained.

The durable data of a stack is its shared store, what holds it, and the keys it is encrypted with
(`durable`); with the cluster itself that is what is `stateful`. DATA-03 (backups) is in backups.py,
DATA-04 and DATA-05 (no replacement) in replacement.py.
"""

from __future__ import annotations

from collections.abc import Callable

from components.policy.inputs import get, show
from components.policy.model import Context, Finding, rule
from components.policy.resources import (
    AZ_ACCOUNT,
    AZ_SHARE,
    EFS,
    FILESTORE,
    PERSISTENT_VOLUME,
    STORAGE_CLASS,
    shared_stores,
    stores_of,
)
from components.records import Resource

KEY_TYPES = (
    "aws:kms/key:Key",
    "azure-native:keyvault:Vault",
    "azure-native:keyvault:Key",
    "gcp:kms/cryptoKey:CryptoKey",
    "gcp:kms/keyRing:KeyRing",
)


AZ_GROUP = "azure-native:resources:ResourceGroup"


def durable(ctx: Context, store_type: str, *holders: str) -> list[Resource]:
    """The durable data resources: the shared store (of `store_type`), the resources of the `holders` types
    that hold its data (Azure's file shares), and the keys (and resource group) they depend on."""
    found: dict[str, Resource] = {s.urn: s for s in stores_of(ctx, store_type)}
    for holder in holders:
        for r in ctx.of(holder):
            found[r.urn] = r
    for store in list(found.values()):
        for urn in sorted(ctx.all_dependencies(store)):  # a set: sorted, so findings come in the same order
            dep = ctx.by_urn(urn)
            if dep is not None and (dep.type in KEY_TYPES or dep.type == AZ_GROUP):
                found[dep.urn] = dep
    return list(found.values())


def stateful(ctx: Context, store_type: str, *holders: str) -> list[Resource]:
    """Everything whose loss loses data or access to it: the durable data and the cluster itself."""
    return [*ctx.clusters(), *durable(ctx, store_type, *holders)]


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


def _protected(
    ctx: Context, store_type: str, *holders: str, also: Callable[[Resource], list[str]] | None = None
) -> list[Finding]:
    """Every durable resource protected, retained, and independent of the cluster (`also`: the cloud's own
    problems with one resource)."""
    shared_stores(ctx, store_type)  # not applicable without shared storage
    out = []
    clusters = {c.urn for c in ctx.clusters()}
    for r in durable(ctx, store_type, *holders):
        problems = []
        if not r.options.get("protect"):
            problems.append("protect is off")
        if r.options.get("retain_on_delete") is False:  # None: unknown (CrossGuard does not expose it)
            problems.append("retainOnDelete is off")
        if clusters & {a.urn for a in ctx.ancestors(r)}:
            problems.append("it is a descendant of the cluster")
        if clusters & ctx.all_dependencies(r):
            problems.append("it depends on the cluster")
        if also is not None:
            problems += also(r)
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


@DATA_01.on("aws")
def _data01_aws(ctx: Context) -> list[Finding]:
    return _protected(ctx, EFS)


@DATA_01.on("azure")
def _data01_azure(ctx: Context) -> list[Finding]:
    def in_node_group(r: Resource) -> list[str]:
        group = str(get(r.inputs, "resourceGroupName", ""))
        if r.type == AZ_ACCOUNT and group.startswith("MC_"):
            return ["it lives in AKS's MC_* node resource group"]
        return []

    return _protected(ctx, AZ_ACCOUNT, AZ_SHARE, also=in_node_group)


@DATA_01.on("gcp")
def _data01_gcp(ctx: Context) -> list[Finding]:
    def unprotected(r: Resource) -> list[str]:
        if r.type == FILESTORE and get(r.inputs, "deletionProtectionEnabled") is not True:
            return [f"deletionProtectionEnabled = {show(get(r.inputs, 'deletionProtectionEnabled'))}"]
        return []

    return _protected(ctx, FILESTORE, also=unprotected)


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
    block = ctx.cloud_record.block_provisioner
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
