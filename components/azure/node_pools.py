"""Node pools: the system pool inline in the cluster, every other pool an AgentPool resource.

Mixing inline pools and AgentPool resources for the same pools breaks updates (pulumi-azure-native #579,
#2719, #4264), so exactly one pool (the spec's system pool) lives in `agent_pool_profiles`. Every pool
autoscales between the spec's pool-wide min and max (AKS counts are pool-wide too), spreads over the
cluster's zones, runs Azure Linux with encryption at host, trusted launch and no SSH. Its nodes carry
exactly `spec.node_labels(pool)` / `spec.node_taints(pool)`, as on every cloud: kumo declares them less
what AKS puts on the nodes itself (the Spot label and taint, traits.SPOT_NODE_LABELS / SPOT_NODE_TAINTS).
"""

from __future__ import annotations

from typing import TypedDict

import pulumi
from pulumi_azure_native import containerservice

from components.azure import traits
from components.azure.scope import AzureScope
from components.azure.zones import cluster_zones
from components.sizes import machine_type
from components.spec import ClusterSpec, NodePoolSpec, Taint
from components.spec import node_labels as kumo_node_labels
from components.spec import node_taints as kumo_node_taints


def imposed_labels(pool: NodePoolSpec) -> dict[str, str]:
    """Labels AKS itself puts on the pool's nodes (and rejects in node_labels: its prefix is reserved)."""
    return dict(traits.SPOT_NODE_LABELS) if pool.spot else {}


def imposed_taints(pool: NodePoolSpec) -> tuple[str, ...]:
    """Taints AKS itself puts on the pool's nodes."""
    return traits.SPOT_NODE_TAINTS if pool.spot else ()


def node_labels(pool: NodePoolSpec) -> dict[str, str]:
    """The pool's declared node_labels: kumo's node labels less those AKS adds itself."""
    imposed = imposed_labels(pool)
    return {k: v for k, v in kumo_node_labels(pool).items() if imposed.get(k) != v}


def taint_string(taint: Taint) -> str:
    """AKS's node-taint syntax is Kubernetes' own: key=value:Effect, or key:Effect with no value."""
    effect = traits.TAINT_EFFECTS[taint.effect]
    return f"{taint.key}={taint.value}:{effect}" if taint.value else f"{taint.key}:{effect}"


def node_taints(pool: NodePoolSpec) -> list[str]:
    """The pool's declared node_taints: kumo's node taints, in order, less those AKS adds itself."""
    imposed = imposed_taints(pool)
    return [s for s in map(taint_string, kumo_node_taints(pool)) if s not in imposed]


def zones(spec: ClusterSpec, location: str) -> list[str]:
    """The availability zones every pool spreads over (REL-01): the first `spec.network.zones` of the
    location's (facts.LOCATION); a location with fewer is refused (ValueError)."""
    return cluster_zones(location, spec.network.zones)


class PoolSettings(TypedDict, total=False):
    """The fields kumo sets on a pool, typed so pyright checks them against both the inline profile and
    the AgentPool resource (which share these names)."""

    vm_size: str
    count: int
    enable_auto_scaling: bool
    min_count: int
    max_count: int
    availability_zones: list[str]
    mode: str
    type: str
    os_type: str
    os_sku: str
    os_disk_size_gb: int
    os_disk_type: str
    enable_encryption_at_host: bool
    enable_node_public_ip: bool
    enable_fips: bool
    vnet_subnet_id: pulumi.Input[str]
    orchestrator_version: str | None
    node_labels: dict[str, str]
    node_taints: list[str]
    security_profile: containerservice.AgentPoolSecurityProfileArgs
    scale_set_priority: str
    scale_set_eviction_policy: str
    spot_max_price: float
    upgrade_settings: containerservice.AgentPoolUpgradeSettingsArgs


def pool_settings(spec: ClusterSpec, pool: NodePoolSpec, subnet_id: pulumi.Input[str], location: str) -> PoolSettings:
    """Settings shared by the inline system pool and AgentPool resources (the same field names in both)."""
    settings = PoolSettings(
        vm_size=machine_type("azure", pool),
        count=pool.min_nodes,  # the initial size only: the autoscaler owns it afterwards (ignore_changes)
        enable_auto_scaling=True,
        min_count=pool.min_nodes,
        max_count=pool.max_nodes,
        availability_zones=zones(spec, location),
        mode="System" if pool.system else "User",
        type="VirtualMachineScaleSets",
        os_type="Linux",
        os_sku=traits.OS_SKU,
        os_disk_size_gb=pool.disk_size_gb,
        os_disk_type="Managed",
        enable_encryption_at_host=True,  # temp disks and caches encrypted too (ENC-03)
        enable_node_public_ip=False,  # NET-03
        enable_fips=False,
        vnet_subnet_id=subnet_id,
        orchestrator_version=spec.kubernetes_version,
        node_labels=node_labels(pool),
        node_taints=node_taints(pool),
        security_profile=containerservice.AgentPoolSecurityProfileArgs(
            enable_secure_boot=True,
            enable_vtpm=True,  # trusted launch (NODE-01)
            ssh_access="Disabled",  # NET-05: no SSH daemon reachable on nodes
        ),
    )
    if pool.spot:
        settings["scale_set_priority"] = "Spot"
        settings["scale_set_eviction_policy"] = "Delete"
        settings["spot_max_price"] = -1  # pay up to the on-demand price: evicted for capacity, never price
    else:
        # AKS rejects surge settings on Spot pools ("Spot pools can't set max surge").
        settings["upgrade_settings"] = containerservice.AgentPoolUpgradeSettingsArgs(
            max_surge=traits.MAX_SURGE, drain_timeout_in_minutes=traits.DRAIN_TIMEOUT_MINUTES
        )
    return settings


def system_pool_profile(
    spec: ClusterSpec, subnet_id: pulumi.Input[str], location: str
) -> containerservice.ManagedClusterAgentPoolProfileArgs:
    """The one pool inline in the cluster. A spec taint CriticalAddonsOnly=true:NoSchedule is AKS's
    "only critical add-ons" mode (traits.CRITICAL_ADDONS_TAINT), so it needs no separate flag."""
    pool = spec.system_pool
    return containerservice.ManagedClusterAgentPoolProfileArgs(
        name=pool.name, **pool_settings(spec, pool, subnet_id, location)
    )


def build_agent_pools(
    name: str,
    spec: ClusterSpec,
    scope: AzureScope,
    *,
    cluster: containerservice.ManagedCluster,
    resource_group_name: pulumi.Input[str],
    subnet_id: pulumi.Input[str],
) -> dict[str, containerservice.AgentPool]:
    """One AgentPool per non-system pool, in spec order."""
    pools: dict[str, containerservice.AgentPool] = {}
    for pool in spec.node_pools:
        if pool.system:
            continue
        pools[pool.name] = containerservice.AgentPool(
            f"{name}-{pool.name}",
            resource_group_name=resource_group_name,
            resource_name_=cluster.name,
            agent_pool_name=pool.name,
            tags=scope.tags,
            **pool_settings(spec, pool, subnet_id, scope.location),
            # The autoscaler changes the count; Pulumi must not reset it on the next update.
            opts=scope.opts(ignore_changes=["count"]),
        )
    return pools
