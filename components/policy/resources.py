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


def shared_stores(ctx: Context, store_type: str) -> list[Resource]:
    """The durable RWX stores (of `store_type`) in the plan; NotApplicable when the stack has none and the
    spec wants none."""
    stores = ctx.of(store_type)
    if not stores and (ctx.spec is None or ctx.spec.storage.shared is None):
        raise NotApplicable("the stack has no shared (RWX) storage")
    return stores
