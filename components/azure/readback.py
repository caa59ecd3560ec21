"""AKS's planned resources read back into kumo's neutral terms (issue 13): what the equivalence report compares.

Pure: no Pulumi, no SDK. It reads the offline engine's records (components/records.py `Resource`, engine
camelCase inputs) of one stack's layers, never the spec: a value the resources do not determine is None. An
input kumo did not set is absent from the record (AKS's default applies); an input unknown at plan time is
present as None (records.unwrap_secrets), and reads back as None.

Where each value is read:
- node pools: the ManagedCluster's inline `agentPoolProfiles[*]` (kumo puts only the system pool there) and
  every `azure-native:containerservice:AgentPool`. Per pool: `vmSize`, `minCount`/`maxCount` (AKS counts
  are pool-wide already, whatever the zones), `scaleSetPriority`, `osDiskSizeGB`, `mode`, `nodeLabels`,
  `nodeTaints` (already Kubernetes' "key=value:Effect"), plus what AKS itself puts on Spot nodes
  (traits.SPOT_NODE_LABELS / SPOT_NODE_TAINTS).
- version: the ManagedCluster's `kubernetesVersion`, cut to its minor.
- API: the ManagedCluster's `apiServerAccessProfile.enablePrivateCluster` / `authorizedIPRanges`.
- zones: the union of the pools' `availabilityZones`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from components.azure import traits
from components.records import Resource
from components.sizes import SIZES
from components.spec import POOL_LABEL

CLUSTER_TYPE = "azure-native:containerservice:ManagedCluster"
POOL_TYPE = "azure-native:containerservice:AgentPool"
SPOT_PRIORITY = "Spot"
"""`scaleSetPriority` of a Spot pool; AKS's default (absent) is "Regular"."""
SYSTEM_MODE = "System"

_SIZE_OF_MACHINE: dict[str, str] = {machine: size for size, machine in traits.MACHINE_TYPES.items()}
"""Machine type -> neutral size: traits.MACHINE_TYPES in reverse."""
_MINOR = re.compile(r"^v?(\d+)\.(\d+)(?:\.\d+)?$")


def _clusters(resources: Iterable[Resource]) -> list[Resource]:
    return [r for r in resources if r.type == CLUSTER_TYPE]


def _cluster(resources: Iterable[Resource]) -> Resource | None:
    """The one ManagedCluster of the stack; None when there is none (or, ambiguously, several)."""
    found = _clusters(resources)
    return found[0] if len(found) == 1 else None


def _int(value: Any) -> int | None:
    """An engine number (floats on the wire) as an int; None for anything else (absent, unknown)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return int(value) if float(value).is_integer() else None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _labels(pool: Mapping[str, Any], spot: bool | None) -> dict[str, str] | None:
    """Declared labels plus AKS's own Spot label; None when nodeLabels is unknown (None in the record)."""
    declared = pool.get("nodeLabels", {})
    if not isinstance(declared, Mapping):
        return None
    labels = {str(k): str(v) for k, v in declared.items()}
    if spot:
        labels.update(traits.SPOT_NODE_LABELS)
    return labels


def _taints(pool: Mapping[str, Any], spot: bool | None) -> list[str] | None:
    """Declared taints plus AKS's own Spot taint; None when nodeTaints is unknown (None in the record)."""
    declared = pool.get("nodeTaints", [])
    if not isinstance(declared, list):
        return None
    # AKS takes and writes taints in kubectl's spelling with Kubernetes' effect names (traits.TAINT_EFFECTS is
    # the identity): they read back as written.
    taints = [t for t in declared if isinstance(t, str)]
    if spot:
        taints += [t for t in traits.SPOT_NODE_TAINTS if t not in taints]
    return taints


def _pool_row(pool: Mapping[str, Any], fallback_name: Any) -> dict[str, Any]:
    """One pool's neutral row from its inputs (an inline profile and an AgentPool share the field names)."""
    labels_in = pool.get("nodeLabels")
    name = labels_in.get(POOL_LABEL) if isinstance(labels_in, Mapping) else None
    name = _str(name) or _str(fallback_name)
    machine = _str(pool.get("vmSize"))
    size = SIZES.get(_SIZE_OF_MACHINE[machine]) if machine in _SIZE_OF_MACHINE else None
    # Absent, the priority is AKS's default "Regular"; present but not a string (unknown), it is unknown.
    priority = pool.get("scaleSetPriority", "Regular")
    spot = priority == SPOT_PRIORITY if isinstance(priority, str) else None
    mode = _str(pool.get("mode"))
    return {
        "name": name,
        "machine_type": machine,
        "vcpu": size.vcpu if size else None,
        "memory_gib": size.memory_gib if size else None,
        "min_nodes": _int(pool.get("minCount")),
        "max_nodes": _int(pool.get("maxCount")),
        "spot": spot,
        "disk_size_gb": _int(pool.get("osDiskSizeGB")),
        # AKS's default mode for an AgentPool is User; the inline profile's mode is always set by kumo.
        "system": mode == SYSTEM_MODE,
        "labels": _labels(pool, spot),
        "taints": _taints(pool, spot),
    }


def _pool_inputs(resources: Iterable[Resource]) -> list[tuple[Mapping[str, Any], Any]]:
    """(inputs, fallback name) of every planned pool: the clusters' inline profiles, then the AgentPools."""
    resources = list(resources)
    found: list[tuple[Mapping[str, Any], Any]] = []
    for cluster in _clusters(resources):
        profiles = cluster.inputs.get("agentPoolProfiles")
        if isinstance(profiles, list):
            found += [(p, p.get("name")) for p in profiles if isinstance(p, Mapping)]
    found += [(r.inputs, r.inputs.get("agentPoolName")) for r in resources if r.type == POOL_TYPE]
    return found


def node_pools(resources: list[Resource]) -> list[dict[str, Any]]:
    """One row per planned node pool, sorted by name: the records keep no spec order (the engine sorts them
    by URN and the system pool sits apart, inline in the cluster). Keys: name (the kumo.io/pool label, else
    the AKS pool name), machine_type, vcpu / memory_gib (None for a machine type outside traits.MACHINE_TYPES),
    min_nodes / max_nodes (pool-wide, as AKS counts), spot, disk_size_gb, system, labels and taints (declared
    plus AKS's own on Spot pools)."""
    rows = [_pool_row(inputs, fallback) for inputs, fallback in _pool_inputs(resources)]
    return sorted(rows, key=lambda row: (row["name"] is None, row["name"] or ""))


def kubernetes_version(resources: list[Resource]) -> str | None:
    """The control plane's pinned minor ("1.NN") from the ManagedCluster's kubernetesVersion; None without a
    cluster or a version (AKS would pick its default)."""
    cluster = _cluster(resources)
    version = _str(cluster.inputs.get("kubernetesVersion")) if cluster else None
    match = _MINOR.match(version) if version else None
    return f"{match.group(1)}.{match.group(2)}" if match else None


CLOUD_LABEL_PREFIXES: tuple[str, ...] = ()
"""Label domains AKS puts on nodes itself and kumo does not compare (the spot label it adds, kumo declares on
every cloud, so it stays in the comparison)."""


def api(resources: list[Resource], data_exports: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """{"public": bool | None, "authorized_cidrs": [...]} from the ManagedCluster's apiServerAccessProfile:
    public unless enablePrivateCluster is true (AKS's default is a public API server); authorizedIPRanges as
    planned, which on kumo's public clusters includes the NAT gateway's egress /32 (aks.authorized_ranges).
    public is None when the stack has no cluster or the flag is not a plain boolean (unknown at plan time)."""
    cluster = _cluster(resources)
    if cluster is None:
        return {"public": None, "authorized_cidrs": []}
    profile = cluster.inputs.get("apiServerAccessProfile")
    profile = profile if isinstance(profile, Mapping) else {}
    private = profile.get("enablePrivateCluster", False)
    ranges = profile.get("authorizedIPRanges")
    cidrs = [c for c in ranges if isinstance(c, str)] if isinstance(ranges, list) else []
    # The nodes' own egress address (the data layer's NAT IP), which a public AKS API must admit for its nodes
    # to reach it: reported apart, so the allow-list compares with the other clouds'.
    nat = (data_exports or {}).get("nat_ip_address")
    egress = [c for c in cidrs if nat and c == f"{nat}/32"]
    return {
        "public": (not private) if isinstance(private, bool) else None,
        "authorized_cidrs": [c for c in cidrs if c not in egress],
        "node_egress_cidrs": egress,
    }


def zones(resources: list[Resource]) -> int | None:
    """How many availability zones the node pools span (the union of their availabilityZones); None when no
    pool names any zone (a non-zonal pool is placed by Azure, in no zone kumo chose)."""
    spanned: set[str] = set()
    for inputs, _ in _pool_inputs(resources):
        listed = inputs.get("availabilityZones")
        if isinstance(listed, list):
            spanned.update(str(z) for z in listed)
    return len(spanned) or None


VNET = "azure-native:network:VirtualNetwork"
NAT_GATEWAY = "azure-native:network:NatGateway"


def network(resources: list[Resource]) -> dict[str, Any]:
    """The node network (the VNet's address space), the pod and service ranges (the ManagedCluster's
    networkProfile podCidr / serviceCidr; AKS picks its own when absent: unknown) and the NAT egress: Azure
    attaches one NAT gateway to the node subnet (components/azure/network.py), so one gateway reads `single`
    whatever the spec asked; none with outboundType userAssignedNATGateway is unknown."""
    vnets = [r for r in resources if r.type == VNET]
    prefixes = ((vnets[0].inputs.get("addressSpace") or {}).get("addressPrefixes") or []) if len(vnets) == 1 else []
    cluster = _cluster(resources)
    profile = cluster.inputs.get("networkProfile") if cluster else None
    profile = profile if isinstance(profile, Mapping) else {}
    gateways = [r for r in resources if r.type == NAT_GATEWAY]
    return {
        "cidr": _str(prefixes[0]) if len(prefixes) == 1 else None,
        "pod_cidr": _str(profile.get("podCidr")),
        "service_cidr": _str(profile.get("serviceCidr")),
        "nat": "single" if len(gateways) == 1 else None,
    }


__all__ = ["api", "kubernetes_version", "network", "node_pools", "zones"]
