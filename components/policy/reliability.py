"""Reliability rules REL-01..REL-04: zones, system capacity, SLA, deletion protection."""

from __future__ import annotations

import re

from components.policy.inputs import get, is_true, show
from components.policy.model import Context, Finding, rule
from components.policy.resources import AWS_NODE_GROUP, GKE_POOL, aks_pools
from components.spec import POOL_LABEL

MIN_SYSTEM_NODES = 2
_GCP_REGION = re.compile(r"^[a-z]+-[a-z]+\d+$")

REL_01 = rule(
    "REL-01",
    "Multi-zone control plane and node pools (>= 2 zones, 3 preferred)",
    severity="high",
    notes={
        "aws": "every node group's subnets span >= 2 availability zones (and the spec's zone count)",
        "azure": "every pool availabilityZones has >= 2 zones (the spec's zone count)",
        "gcp": "regional cluster (location is a region) with nodeLocations >= 2 zones; pools inherit or list >= 2",
    },
)


def _want_zones(ctx: Context) -> int:
    return max(2, ctx.spec.network.zones) if ctx.spec else 2


@REL_01.on("aws")
def _rel01_aws(ctx: Context) -> list[Finding]:
    out = []
    for g in ctx.of(AWS_NODE_GROUP):
        subnets = [ctx.by_id(i) for i in get(g.inputs, "subnetIds", [])]
        zones = sorted({str(get(s.inputs, "availabilityZone")) for s in subnets if s is not None})
        found = f"subnetIds span zones {zones or '(unknown)'}"
        out.append(
            ctx.ok(g, found)
            if len(zones) >= _want_zones(ctx)
            else ctx.bad(g, found, f"place the node group in subnets of {_want_zones(ctx)} zones")
        )
    return out or [ctx.missing("node group", "define the node groups")]


@REL_01.on("azure")
def _rel01_azure(ctx: Context) -> list[Finding]:
    out = []
    for resource, prefix, settings in aks_pools(ctx):
        zones = get(settings, "availabilityZones", [])
        found = f"{prefix}availabilityZones = {show(zones or None)}"
        out.append(
            ctx.ok(resource, found)
            if len(zones) >= _want_zones(ctx)
            else ctx.bad(resource, found, f"set availabilityZones to {_want_zones(ctx)} zones")
        )
    return out or [ctx.missing("AKS node pool", "define the agent pools")]


@REL_01.on("gcp")
def _rel01_gcp(ctx: Context) -> list[Finding]:
    out = []
    for c in ctx.clusters():
        location = str(get(c.inputs, "location", ""))
        zones = get(c.inputs, "nodeLocations", [])
        found = f"location = {location!r}, nodeLocations = {show(zones or None)}"
        out.append(
            ctx.ok(c, found)
            if _GCP_REGION.match(location) and len(zones) >= _want_zones(ctx)
            else ctx.bad(c, found, f"make the cluster regional with {_want_zones(ctx)} nodeLocations")
        )
    for p in ctx.of(GKE_POOL):
        zones = get(p.inputs, "nodeLocations")
        if zones is not None and len(zones) < _want_zones(ctx):
            out.append(ctx.bad(p, f"nodeLocations = {show(zones)}", "spread the pool over the cluster's zones"))
    return out


REL_02 = rule(
    "REL-02",
    f"A dedicated on-demand system pool with at least {MIN_SYSTEM_NODES} nodes",
    severity="medium",
    notes={
        "aws": "a node group labelled kumo.io/pool=<system pool>, capacityType ON_DEMAND, scalingConfig.minSize >= 2",
        "azure": "an inline pool with mode = System, not Spot, minCount >= 2 (PSRule advises 3); a "
        "CriticalAddonsOnly=true:NoSchedule taint is AKS's only_critical_addons_enabled. CKV_AZURE_232 is not "
        "cited: it wants that taint (only_critical_addons_enabled) on the system pool, which REL-02 does not "
        "require and the default dev stack does not set",
        "gcp": "a node pool labelled kumo.io/pool=<system pool>, not spot, autoscaling.totalMinNodeCount >= 2 "
        "(or minNodeCount >= 1 per zone)",
    },
)


def _system_name(ctx: Context) -> str:
    return ctx.spec.system_pool.name if ctx.spec else "system"


@REL_02.on("aws")
def _rel02_aws(ctx: Context) -> list[Finding]:
    groups = [g for g in ctx.of(AWS_NODE_GROUP) if get(g.inputs, "labels", {}).get(POOL_LABEL) == _system_name(ctx)]
    out = []
    for g in groups:
        minimum = get(g.inputs, "scalingConfig.minSize", 0)
        found = f"capacityType = {show(get(g.inputs, 'capacityType'))}, scalingConfig.minSize = {show(minimum)}"
        ok = get(g.inputs, "capacityType") == "ON_DEMAND" and minimum >= MIN_SYSTEM_NODES
        out.append(
            ctx.ok(g, found)
            if ok
            else ctx.bad(g, found, f"run the system pool ON_DEMAND with minSize >= {MIN_SYSTEM_NODES}")
        )
    return out or [ctx.missing("system node group", "create a dedicated system node group")]


@REL_02.on("azure")
def _rel02_azure(ctx: Context) -> list[Finding]:
    out = []
    for resource, prefix, settings in aks_pools(ctx):
        if get(settings, "mode") != "System":
            continue
        minimum = get(settings, "minCount", get(settings, "count", 0))
        spot = get(settings, "scaleSetPriority") == "Spot"
        found = f"{prefix}mode = 'System', minCount = {show(minimum)}, spot = {spot}"
        out.append(
            ctx.ok(resource, found)
            if not spot and minimum >= MIN_SYSTEM_NODES
            else ctx.bad(resource, found, f"run the system pool on-demand with minCount >= {MIN_SYSTEM_NODES}")
        )
    return out or [ctx.missing("System-mode agent pool", "mark the system pool mode = System")]


@REL_02.on("gcp")
def _rel02_gcp(ctx: Context) -> list[Finding]:
    out = []
    for p in ctx.of(GKE_POOL):
        if get(p.inputs, "nodeConfig.labels", {}).get(POOL_LABEL) != _system_name(ctx):
            continue
        total = get(p.inputs, "autoscaling.totalMinNodeCount")
        per_zone = get(p.inputs, "autoscaling.minNodeCount")
        spot = is_true(get(p.inputs, "nodeConfig.spot")) or is_true(get(p.inputs, "nodeConfig.preemptible"))
        found = f"autoscaling totalMinNodeCount = {show(total)}, minNodeCount = {show(per_zone)}, spot = {spot}"
        ok = not spot and ((total or 0) >= MIN_SYSTEM_NODES or (per_zone or 0) >= 1)
        out.append(
            ctx.ok(p, found)
            if ok
            else ctx.bad(p, found, f"run the system pool on-demand with totalMinNodeCount >= {MIN_SYSTEM_NODES}")
        )
    return out or [ctx.missing("system node pool", "create a dedicated system node pool")]


REL_03 = rule(
    "REL-03",
    "Control plane with an uptime SLA",
    severity="low",
    checkov=("CKV_AZURE_170",),
    notes={
        "aws": "not applicable: every EKS control plane carries the SLA (no setting)",
        "azure": "sku.tier = Standard or Premium",
        "gcp": "a regional cluster (location is a region): GKE's SLA for Standard regional clusters",
    },
    not_applicable={"aws": "every EKS control plane carries AWS's SLA; there is no tier to choose"},
)


@REL_03.on("azure")
def _rel03_azure(ctx: Context) -> list[Finding]:
    out = []
    for c in ctx.clusters():
        tier = get(c.inputs, "sku.tier")
        found = f"sku.tier = {show(tier)}"
        out.append(
            ctx.ok(c, found)
            if tier in ("Standard", "Premium")
            else ctx.bad(c, found, "set sku.tier = Standard (azure.sku_tier)")
        )
    return out


@REL_03.on("gcp")
def _rel03_gcp(ctx: Context) -> list[Finding]:
    out = []
    for c in ctx.clusters():
        location = str(get(c.inputs, "location", ""))
        out.append(
            ctx.ok(c, f"location = {location!r} (regional)")
            if _GCP_REGION.match(location)
            else ctx.bad(c, f"location = {location!r} (zonal)", "use a regional location")
        )
    return out


REL_04 = rule(
    "REL-04",
    "Cluster deletion protection",
    severity="high",
    notes={
        "aws": "aws:eks/cluster:Cluster deletionProtection = true",
        "azure": "an azure-native:authorization ManagementLock (ByScope / AtResourceLevel / AtResourceGroupLevel) "
        "level = CanNotDelete on the cluster or its resource group",
        "gcp": "deletionProtection = true",
    },
)


@REL_04.on("aws")
def _rel04_aws(ctx: Context) -> list[Finding]:
    return [
        ctx.expect(c, "deletionProtection", True, "set deletionProtection = true (spec.deletion_protection)")
        for c in ctx.clusters()
    ]


AZ_LOCKS = (
    "azure-native:authorization:ManagementLockByScope",
    "azure-native:authorization:ManagementLockAtResourceLevel",
    "azure-native:authorization:ManagementLockAtResourceGroupLevel",
)


@REL_04.on("azure")
def _rel04_azure(ctx: Context) -> list[Finding]:
    out = []
    for c in ctx.clusters():
        group_deps = set(c.property_dependencies.get("resourceGroupName", []))
        locks = [
            lock
            for lock in ctx.of(*AZ_LOCKS)
            if get(lock.inputs, "level") == "CanNotDelete"
            and (
                c.urn in ctx.all_dependencies(lock)
                or group_deps & set(lock.property_dependencies.get("resourceGroupName", []))
            )
        ]
        out.append(
            ctx.ok(locks[0], "management lock level = 'CanNotDelete'")
            if locks
            else ctx.bad(
                c,
                "no CanNotDelete management lock on the cluster",
                "add a ManagementLockByScope level CanNotDelete on the cluster (spec.deletion_protection)",
            )
        )
    return out


@REL_04.on("gcp")
def _rel04_gcp(ctx: Context) -> list[Finding]:
    return [
        ctx.expect(c, "deletionProtection", True, "set deletionProtection = true (spec.deletion_protection)")
        for c in ctx.clusters()
    ]
