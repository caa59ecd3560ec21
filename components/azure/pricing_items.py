"""The charges of one AKS stack's resources, read from its offline plan (components/azure/pricing.py names the
SKU keys). One handler per resource type; the load balancers AKS makes for Services are counted per scheme.

Pure data: no Pulumi, no SDK. What each handler reads is the plan's inputs (camelCase), i.e. what kumo creates.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from components import facts as shared_facts
from components.azure import facts, traits
from components.azure.pricing_context import Context
from components.azure.pricing_storage import claim, file_share, key, premium_ssd_tier
from components.cost import Charge, Span, hourly
from components.records import Resource

MANAGED_CLUSTER = "azure-native:containerservice:ManagedCluster"

LB_INCLUDED_RULES = 5
"""A Standard load balancer's hourly charge covers its first five load-balancing and outbound rules; each
further rule is billed by the hour (the Retail Prices API's `Standard Included LB Rules and Outbound Rules` and
`Standard Overage LB Rules and Outbound Rules` meters)."""

SPOT_NOTE = (
    "Azure's published Spot price for the size: it moves with demand and Spot nodes may be evicted at any "
    "time; spotMaxPrice -1 caps it at the on-demand price"
)


def _span(low: float, high: float) -> Span:
    return Span(float(low), float(high))


def _count(n: Span) -> str:
    return f"{n.min:g}" if n.min == n.max else f"{n.min:g}-{n.max:g}"


# -- control plane ----------------------------------------------------------------------------------------------


def control_plane(ctx: Context, r: Resource) -> list[Charge]:
    """The cluster's management fee: its tier (`sku.tier`), Premium whenever the minor needs long-term support
    on `today` (AKS sells LTS only on the Premium tier, facts.LONG_TERM_TIER)."""
    tier = str((r.inputs.get("sku") or {}).get("tier") or "Free")
    minor = r.inputs.get("kubernetesVersion")
    extended = shared_facts.support_on("azure", minor, ctx.today) == "extended"
    long_term = extended or r.inputs.get("supportPlan") == facts.SUPPORT_PLANS["long_term"]
    if not long_term:
        return [
            hourly(
                "cluster",
                f"AKS control plane {r.name}: {tier} tier, community support",
                f"aks:{tier.lower()}",
                ctx.region,
                Span.exactly(1),
            )
        ]
    note = ""
    if tier != facts.LONG_TERM_TIER:
        note = (
            f"Kubernetes {minor} is out of AKS community support on {ctx.today.isoformat()}: AKS offers it only "
            f"under long-term support, on the {facts.LONG_TERM_TIER} tier (the plan asks for {tier})"
        )
    text = f"AKS control plane {r.name}: {facts.LONG_TERM_TIER} tier, long-term support"
    return [hourly("cluster", text, f"aks:{facts.LONG_TERM_TIER.lower()}", ctx.region, Span.exactly(1), note)]


def cluster_extras(ctx: Context, r: Resource) -> list[Charge]:
    """What AKS itself creates for the cluster's settings, in its node resource group: a private endpoint to a
    private KMS vault, and for a private API server its private endpoint (without API Server VNet Integration)
    and its private DNS zone."""
    found: list[Charge] = []
    kms = (r.inputs.get("securityProfile") or {}).get("azureKeyVaultKms") or {}
    if kms.get("enabled") and kms.get("keyVaultNetworkAccess") == "Private":
        text = f"private endpoint to the KMS key vault (made by AKS for {r.name})"
        found.append(hourly("cluster", text, "privatelink:endpoint", ctx.region, Span.exactly(1)))
    api = r.inputs.get("apiServerAccessProfile") or {}
    if api.get("enablePrivateCluster"):
        if not api.get("enableVnetIntegration"):
            text = f"private endpoint to the API server (made by AKS for {r.name})"
            found.append(hourly("cluster", text, "privatelink:endpoint", ctx.region, Span.exactly(1)))
        if api.get("privateDNSZone", "system") == "system":
            text = f"private DNS zone of the API server (made by AKS for {r.name})"
            found.append(Charge("cluster", text, "dns:private-zone", ctx.region, "month", Span.exactly(1)))
    return found


# -- nodes ------------------------------------------------------------------------------------------------------


def pool(layer: str, name: str, profile: dict[str, Any], region: str) -> list[Charge]:
    """A pool's nodes (count range: AKS's minCount..maxCount are the whole pool's, over its zones) and their
    OS disks. Azure picks a managed OS disk's storage type from the VM size: Premium SSD (LRS) for the
    premium-storage sizes kumo uses, the `s` in Dsv5 ("By default, Azure will pick the supported storage account
    type ... based on the specified VM size", kubernetes-sigs/cluster-api-provider-azure
    docs/book/src/self-managed/os-disk.md; infracost prices AKS OS disks so, infracost/infracost#2547). An
    ephemeral OS disk lives on the VM's own storage and costs nothing more."""
    if profile.get("enableAutoScaling"):
        nodes = _span(profile.get("minCount") or 0, profile.get("maxCount") or 0)
    else:
        nodes = Span.exactly(float(profile.get("count") or 0))
    size = str(profile.get("vmSize") or "")
    spot = profile.get("scaleSetPriority") == "Spot"
    kind = "spot" if spot else "ondemand"
    text = f"pool {name}: {_count(nodes)} x {size}{' (spot)' if spot else ''}"
    found = [hourly(layer, text, f"vm:{size}:{kind}", region, nodes, SPOT_NOTE if spot else "")]
    if profile.get("osDiskType", "Managed") == "Managed":
        gib = float(profile.get("osDiskSizeGB") or 128)
        tier = premium_ssd_tier(gib)
        disk_text = f"pool {name} OS disks: {_count(nodes)} x {gib:g} GiB Premium SSD ({tier} LRS)"
        found.append(Charge(layer, disk_text, f"disk:{tier}:LRS", region, "month", nodes))
    return found


def managed_cluster(ctx: Context, r: Resource) -> list[Charge]:
    found = control_plane(ctx, r)
    for profile in r.inputs.get("agentPoolProfiles") or []:
        found += pool(r.layer or "cluster", str(profile.get("name")), profile, ctx.region)
    return found + cluster_extras(ctx, r)


def agent_pool(ctx: Context, r: Resource) -> list[Charge]:
    return pool(r.layer or "cluster", str(r.inputs.get("agentPoolName") or r.name), r.inputs, ctx.region)


# -- network ----------------------------------------------------------------------------------------------------


def nat_gateway(ctx: Context, r: Resource) -> list[Charge]:
    sku = str((r.inputs.get("sku") or {}).get("name") or "Standard")
    return [
        hourly(r.layer or "data", f"NAT gateway {r.name} ({sku})", f"nat:{sku.lower()}", ctx.region, Span.exactly(1))
    ]


def public_ip(ctx: Context, r: Resource) -> list[Charge]:
    sku = str((r.inputs.get("sku") or {}).get("name") or "Standard")
    allocation = str(r.inputs.get("publicIPAllocationMethod") or "Static")
    text = f"public IP {r.name} ({sku}, {allocation.lower()})"
    return [hourly(r.layer or "data", text, f"ip:{sku.lower()}:{allocation.lower()}", ctx.region, Span.exactly(1))]


def private_endpoint(ctx: Context, r: Resource) -> list[Charge]:
    return [
        hourly(r.layer or "data", f"private endpoint {r.name}", "privatelink:endpoint", ctx.region, Span.exactly(1))
    ]


def private_zone(ctx: Context, r: Resource) -> list[Charge]:
    zone = r.inputs.get("privateZoneName") or r.name
    text = f"private DNS zone {zone}"
    return [Charge(r.layer or "data", text, "dns:private-zone", ctx.region, "month", Span.exactly(1))]


def service_load_balancers(ctx: Context, services: list[Resource]) -> list[Charge]:
    """AKS's cloud controller puts every LoadBalancer Service of a scheme on one Standard load balancer
    (`kubernetes`, `kubernetes-internal`), one rule per Service port; a public Service without a reserved
    address (the `azure-load-balancer-ipv4` annotation) gets a Standard public IP AKS creates."""
    found: list[Charge] = []
    for internal in (False, True):
        chosen = [s for s in services if _is_internal(s) == internal]
        if not chosen:
            continue
        name = "kubernetes-internal" if internal else "kubernetes"
        rules = sum(len((s.inputs.get("spec") or {}).get("ports") or []) for s in chosen)
        layer = chosen[0].layer or "in-cluster"
        names = ", ".join(_k8s_name(s) for s in chosen)
        text = f"load balancer {name} (made by AKS for {names}): {rules} rule{'s' if rules != 1 else ''}"
        found.append(hourly(layer, text, "lb:standard:rules", ctx.region, Span.exactly(1)))
        if rules > LB_INCLUDED_RULES:
            extra = Span.exactly(rules - LB_INCLUDED_RULES)
            found.append(
                hourly(
                    layer,
                    f"load balancer {name}: rules over {LB_INCLUDED_RULES}",
                    "lb:standard:overage",
                    ctx.region,
                    extra,
                )
            )
        for s in chosen:
            if not internal and not _annotations(s).get(traits.LB_IPV4):
                text = f"public IP of Service {_k8s_name(s)} (made by AKS, Standard, static)"
                found.append(hourly(layer, text, "ip:standard:static", ctx.region, Span.exactly(1)))
    return found


def _annotations(service: Resource) -> dict[str, Any]:
    return (service.inputs.get("metadata") or {}).get("annotations") or {}


def _is_internal(service: Resource) -> bool:
    return str(_annotations(service).get(traits.LB_INTERNAL, "")).lower() == "true"


def _k8s_name(service: Resource) -> str:
    meta = service.inputs.get("metadata") or {}
    return f"{meta.get('namespace', 'default')}/{meta.get('name', service.name)}"


Handler = Callable[[Context, Resource], list[Charge]]

HANDLERS: dict[str, Handler] = {
    MANAGED_CLUSTER: managed_cluster,
    "azure-native:containerservice:AgentPool": agent_pool,
    "azure-native:network:NatGateway": nat_gateway,
    "azure-native:network:PublicIPAddress": public_ip,
    "azure-native:network:PrivateEndpoint": private_endpoint,
    "azure-native:privatedns:PrivateZone": private_zone,
    "azure-native:storage:FileShare": file_share,
    "azure-native:keyvault:Key": key,
    "kubernetes:core/v1:PersistentVolumeClaim": claim,
}
"""Every resource type that costs something by itself. The rest cost nothing (resource groups, VNets,
subnets, identities, role assignments, vaults, disk encryption sets, locks, policies, maintenance windows,
DNS zone links) or only by use (NOT_INCLUDED: Log Analytics, flow logs, the flow-log storage account)."""
