"""The resources several rules read: their type tokens, and the helpers that find them in a plan."""

from __future__ import annotations

from typing import Any

from components.policy.inputs import get, is_false, is_true, show
from components.policy.model import Context, Finding, NotApplicable
from components.records import Resource

AWS_SUBNET = "aws:ec2/subnet:Subnet"
AWS_LT = "aws:ec2/launchTemplate:LaunchTemplate"
AWS_NODE_GROUP = "aws:eks/nodeGroup:NodeGroup"
AKS_POOL = "azure-native:containerservice:AgentPool"
GKE_POOL = "gcp:container/nodePool:NodePool"

EFS = "aws:efs/fileSystem:FileSystem"
AZ_ACCOUNT = "azure-native:storage:StorageAccount"
AZ_SHARE = "azure-native:storage:FileShare"
FILESTORE = "gcp:filestore/instance:Instance"
"""The shared (RWX) store of each cloud: EFS, a storage account (and its file share), Filestore."""

HELD_IN: dict[str, tuple[str, str]] = {AZ_ACCOUNT: (AZ_SHARE, "accountName")}
"""Store types that also serve other purposes: a resource of the key type is the shared store only when a resource
of the first type lives in it through the input named second (a storage account holding the file share; kumo's
VNet flow-log account holds none)."""

STORAGE_CLASS = "kubernetes:storage.k8s.io/v1:StorageClass"
PERSISTENT_VOLUME = "kubernetes:core/v1:PersistentVolume"


def aks_pools(ctx: Context) -> list[tuple[Resource, str, dict[str, Any]]]:
    """Every AKS pool as (resource, path prefix, settings): inline profiles and AgentPool resources."""
    pools: list[tuple[Resource, str, dict[str, Any]]] = []
    for cluster in ctx.clusters():
        for i, profile in enumerate(get(cluster.inputs, "agentPoolProfiles", [])):
            pools.append((cluster, f"agentPoolProfiles[{i}].", profile))
    pools.extend((pool, "", pool.inputs) for pool in ctx.of(AKS_POOL))
    return pools


def pool_check(ctx: Context, path: str, want: Any, fix: str) -> list[Finding]:
    """One finding per AKS pool: `path` must equal `want` (explicitly)."""
    findings = []
    for resource, prefix, settings in aks_pools(ctx):
        value = get(settings, path)
        ok = is_true(value) if want is True else is_false(value) if want is False else value == want
        label = f"{prefix}{path} = {show(value)}" + ("" if prefix else f" (pool {resource.name})")
        findings.append(ctx.ok(resource, label) if ok else ctx.bad(resource, label, fix))
    return findings or [ctx.missing("AKS node pool", "define the cluster's agent pools")]


def stores_of(ctx: Context, store_type: str) -> list[Resource]:
    """The resources of `store_type` that are the shared store: all of them, or for a HELD_IN type those a holder
    names (by dependency, or by the same literal name when the plan knows both)."""
    resources = ctx.of(store_type)
    if store_type not in HELD_IN:
        return resources
    holder_type, via = HELD_IN[store_type]
    holders = ctx.of(holder_type)
    names = {str(get(h.inputs, via)) for h in holders if isinstance(get(h.inputs, via), str)}
    return [
        r
        for r in resources
        if any(r.urn in h.property_dependencies.get(via, []) for h in holders)
        or (isinstance(get(r.inputs, via), str) and get(r.inputs, via) in names)
    ]


def shared_stores(ctx: Context, store_type: str) -> list[Resource]:
    """The durable RWX stores (of `store_type`, see stores_of) in the plan; NotApplicable when the stack has none
    and the spec wants none."""
    stores = stores_of(ctx, store_type)
    if not stores and (ctx.spec is None or ctx.spec.storage.shared is None):
        raise NotApplicable("the stack has no shared (RWX) storage")
    return stores
