"""Replacement rules DATA-04 and DATA-05: stateful resources are never replaced or deleted by accident.

Both read one plan statically (stateful resources never delete before replacing; every immutable field is
explicit, so a provider default can never change under them) and, given the previous plan of the same
stack, compare the two: a stateful resource that disappears, or whose immutable field changes (a
replacement), fails.
"""

from __future__ import annotations

from typing import Any

from components.policy.data import stateful
from components.policy.inputs import get, show
from components.policy.model import Context, Finding, NotApplicable, rule
from components.policy.resources import AZ_ACCOUNT, AZ_SHARE, EFS, FILESTORE
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


def _no_replacement(ctx: Context, store_type: str, *holders: str) -> list[Finding]:
    """No stateful resource (see data.stateful) deletes before replacing, disappears or is replaced."""
    out = []
    current = stateful(ctx, store_type, *holders)
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
        for old in stateful(before, store_type, *holders):
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


@DATA_04.on("aws")
def _data04_aws(ctx: Context) -> list[Finding]:
    return _no_replacement(ctx, EFS)


@DATA_04.on("azure")
def _data04_azure(ctx: Context) -> list[Finding]:
    return _no_replacement(ctx, AZ_ACCOUNT, AZ_SHARE)


@DATA_04.on("gcp")
def _data04_gcp(ctx: Context) -> list[Finding]:
    return _no_replacement(ctx, FILESTORE)


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
