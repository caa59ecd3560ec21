"""The planned GKE resources read back into kumo's neutral terms: what the stack WILL create, not what the spec
asked for. Pure: no Pulumi, no Google Cloud SDK; it reads the offline engine's records (components/records.py)
and this cloud's traits tables, never a spec.

Every function takes all the resources of one stack (every layer) and returns plain data. A value the
resources do not determine is None; nothing is filled in from a spec or from kumo's defaults.

What is read (engine camelCase input paths):
- node pools: `gcp:container/nodePool:NodePool` -> nodeConfig.{machineType, spot, preemptible, diskSizeGb,
  labels, taints}, autoscaling.{totalMinNodeCount, totalMaxNodeCount, minNodeCount, maxNodeCount}, nodeCount /
  initialNodeCount (pools without autoscaling), nodeLocations (else the cluster's), name;
- the cluster: `gcp:container/cluster:Cluster` -> minMasterVersion, nodeLocations, privateClusterConfig,
  masterAuthorizedNetworksConfig, controlPlaneEndpointsConfig, and nodeConfig (the default pool's template,
  which kumo builds from the system pool: the only trace of which pool is the system pool on GKE).
"""

from __future__ import annotations

import re
from typing import Any

from components.gcp import traits
from components.records import Resource
from components.spec import POOL_LABEL

NODE_POOL = "gcp:container/nodePool:NodePool"
CLUSTER = "gcp:container/cluster:Cluster"

K8S_TAINT_EFFECTS: dict[str, str] = {gke: k8s for k8s, gke in traits.TAINT_EFFECTS.items()}
"""GKE node_config.taints effect -> the Kubernetes effect GKE writes on the node (traits.TAINT_EFFECTS reversed)."""

SHAPES: dict[str, tuple[int, int]] = dict(traits.MACHINE_SHAPES)
"""Machine type -> (vCPU, GiB): the traits catalogue; a machine type outside it has an unknown shape."""

GKE_SPOT_LABELS: dict[str, str] = {"cloud.google.com/gke-spot": "true", "cloud.google.com/gke-provisioning": "spot"}
"""Labels GKE itself puts on every node of a Spot VM pool (gke-provisioning since 1.25.5-gke.2500); GKE adds
no taint to Spot nodes in Standard clusters. https://cloud.google.com/kubernetes-engine/docs/concepts/spot-vms"""
GKE_PREEMPTIBLE_LABELS: dict[str, str] = {"cloud.google.com/gke-preemptible": "true"}
"""Label GKE puts on every node of a preemptible VM pool.
https://cloud.google.com/kubernetes-engine/docs/how-to/preemptible-vms"""

OPEN_TO_ALL = "0.0.0.0/0"
"""How an endpoint that no network allow-list restricts is reported in authorized_cidrs."""

_MINOR = re.compile(r"^v?(\d+)\.(\d+)(?:[.\-].*)?$")


def _of_type(resources: list[Resource], type_: str) -> list[Resource]:
    return [r for r in resources if r.type == type_]


def _cluster(resources: list[Resource]) -> Resource | None:
    """The stack's one GKE cluster; None if there is none or more than one (then nothing is attributable)."""
    clusters = _of_type(resources, CLUSTER)
    return clusters[0] if len(clusters) == 1 else None


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _int(value: Any) -> int | None:
    """The engine records numbers as floats (3.0); None for anything that is not a whole number."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return int(value) if float(value).is_integer() else None


def _locations(value: Any) -> list[str] | None:
    if isinstance(value, list) and value and all(isinstance(z, str) for z in value):
        return list(dict.fromkeys(value))
    return None


def _pool_zones(pool: Resource, cluster: Resource | None) -> list[str] | None:
    """The zones a pool's nodes run in: its nodeLocations, else the cluster's (GKE's default for a pool)."""
    own = _locations(pool.inputs.get("nodeLocations"))
    if own is not None:
        return own
    return _locations(cluster.inputs.get("nodeLocations")) if cluster is not None else None


def _scaled(total: Any, per_zone: Any, zones: int | None) -> int | None:
    """A pool-wide count: the total_* field when set, else the per-zone field times the zone count."""
    t = _int(total)
    if t is not None:
        return t
    z = _int(per_zone)
    if z is None or zones is None:
        return None
    return z * zones


def _counts(pool: Resource, zones: int | None) -> tuple[int | None, int | None]:
    autoscaling = pool.inputs.get("autoscaling")
    if isinstance(autoscaling, dict):
        return (
            _scaled(autoscaling.get("totalMinNodeCount"), autoscaling.get("minNodeCount"), zones),
            _scaled(autoscaling.get("totalMaxNodeCount"), autoscaling.get("maxNodeCount"), zones),
        )
    # No autoscaler: a fixed size per zone (nodeCount, else the creation-time initialNodeCount).
    fixed = pool.inputs.get("nodeCount")
    if fixed is None:
        fixed = pool.inputs.get("initialNodeCount")
    n = _scaled(None, fixed, zones)
    return n, n


def _spot(node_config: dict[str, Any]) -> bool:
    """Spot or preemptible capacity; both absent means on-demand (the provider's default)."""
    return node_config.get("spot") is True or node_config.get("preemptible") is True


def _labels(node_config: dict[str, Any]) -> dict[str, str]:
    labels = {str(k): str(v) for k, v in _dict(node_config.get("labels")).items()}
    if node_config.get("spot") is True:
        labels.update(GKE_SPOT_LABELS)
    if node_config.get("preemptible") is True:
        labels.update(GKE_PREEMPTIBLE_LABELS)
    return labels


def _taints(node_config: dict[str, Any]) -> list[str]:
    """kubectl spellings, Kubernetes effects (an effect GKE does not know is kept as written, so it shows)."""
    out: list[str] = []
    for taint in node_config.get("taints") or []:
        t = _dict(taint)
        effect = str(t.get("effect"))
        effect = K8S_TAINT_EFFECTS.get(effect, effect)
        key, value = t.get("key"), t.get("value")
        out.append(f"{key}={value}:{effect}" if value else f"{key}:{effect}")
    return out


def _system_pool(pools: list[Resource], cluster: Resource | None) -> str | None:
    """The pool the cluster's default-pool template was built from (gke.py: the system pool's machine type and
    disk size): the one pool matching both. None if no pool or several match (the resources do not tell)."""
    if cluster is None:
        return None
    template = _dict(cluster.inputs.get("nodeConfig"))
    machine, disk = template.get("machineType"), _int(template.get("diskSizeGb"))
    if machine is None or disk is None:
        return None
    matches = [
        p
        for p in pools
        if _dict(p.inputs.get("nodeConfig")).get("machineType") == machine
        and _int(_dict(p.inputs.get("nodeConfig")).get("diskSizeGb")) == disk
    ]
    return matches[0].urn if len(matches) == 1 else None


def _pool_name(pool: Resource) -> str:
    labels = _dict(_dict(pool.inputs.get("nodeConfig")).get("labels"))
    name = labels.get(POOL_LABEL) or pool.inputs.get("name") or pool.name
    return str(name)


def node_pools(resources: list[Resource]) -> list[dict[str, Any]]:
    """One row per planned NodePool, sorted by kumo pool name (the records carry no spec order)."""
    cluster = _cluster(resources)
    pools = _of_type(resources, NODE_POOL)
    system = _system_pool(pools, cluster)
    rows: list[dict[str, Any]] = []
    for pool in pools:
        node_config = _dict(pool.inputs.get("nodeConfig"))
        machine = node_config.get("machineType")
        shape = SHAPES.get(machine) if isinstance(machine, str) else None
        zones = _pool_zones(pool, cluster)
        min_nodes, max_nodes = _counts(pool, len(zones) if zones is not None else None)
        rows.append(
            {
                "name": _pool_name(pool),
                "machine_type": machine if isinstance(machine, str) else None,
                "vcpu": shape[0] if shape else None,
                "memory_gib": shape[1] if shape else None,
                "min_nodes": min_nodes,
                "max_nodes": max_nodes,
                "spot": _spot(node_config),
                "disk_size_gb": _int(node_config.get("diskSizeGb")),
                "system": None if system is None else pool.urn == system,
                "labels": _labels(node_config),
                "taints": _taints(node_config),
            }
        )
    return sorted(rows, key=lambda row: row["name"])


def kubernetes_version(resources: list[Resource]) -> str | None:
    """The cluster's minMasterVersion as "1.NN"; None without one (the release channel would choose)."""
    cluster = _cluster(resources)
    version = cluster.inputs.get("minMasterVersion") if cluster is not None else None
    match = _MINOR.match(version) if isinstance(version, str) else None
    return f"{match.group(1)}.{match.group(2)}" if match else None


CLOUD_LABEL_PREFIXES: tuple[str, ...] = ("cloud.google.com/",)
"""Label domains GKE puts on nodes itself (spot, node group, provisioning): shown, not compared across clouds."""


def api(resources: list[Resource], data_exports: dict[str, Any] | None = None) -> dict[str, Any]:
    """{"public", "authorized_cidrs"} of the cluster's API.

    public: the IP endpoint is reachable from the internet: IP endpoints on (controlPlaneEndpointsConfig.
    ipEndpointsConfig.enabled not false, GKE's default) and privateClusterConfig.enablePrivateEndpoint not true
    (absent: GKE's public endpoint).
    authorized_cidrs: on a public endpoint, masterAuthorizedNetworksConfig.cidrBlocks (plus 0.0.0.0/0 when
    gcpPublicCidrsAccessEnabled admits every Google Cloud address, which anyone can rent, when there is no
    masterAuthorizedNetworksConfig, or when the DNS endpoint takes
    external traffic, which the allow-list does not cover); on a private endpoint, [] (its cidrBlocks are the
    private-access ranges, not an internet allow-list). No cluster: public None, authorized_cidrs [] (the brief's
    list type)."""
    del data_exports  # no address of the nodes' own is on this cloud's allow-list
    cluster = _cluster(resources)
    if cluster is None:
        return {"public": None, "authorized_cidrs": []}
    endpoints = _dict(cluster.inputs.get("controlPlaneEndpointsConfig"))
    ip = _dict(endpoints.get("ipEndpointsConfig"))
    private = _dict(cluster.inputs.get("privateClusterConfig"))
    public = ip.get("enabled") is not False and private.get("enablePrivateEndpoint") is not True
    if not public:
        return {"public": False, "authorized_cidrs": []}
    authorized = cluster.inputs.get("masterAuthorizedNetworksConfig")
    if not isinstance(authorized, dict):
        cidrs = [OPEN_TO_ALL]
    else:
        cidrs = [str(_dict(b).get("cidrBlock")) for b in authorized.get("cidrBlocks") or []]
        if authorized.get("gcpPublicCidrsAccessEnabled") is True:
            cidrs.append(OPEN_TO_ALL)
    if _dict(endpoints.get("dnsEndpointConfig")).get("allowExternalTraffic") is True:
        cidrs.append(OPEN_TO_ALL)
    return {"public": True, "authorized_cidrs": list(dict.fromkeys(cidrs))}


def zones(resources: list[Resource]) -> int | None:
    """How many distinct zones the node pools span (each pool's nodeLocations, else the cluster's); None if any
    pool's zones are unknown or there are no pools."""
    cluster = _cluster(resources)
    pools = _of_type(resources, NODE_POOL)
    if not pools:
        return None
    spanned: set[str] = set()
    for pool in pools:
        z = _pool_zones(pool, cluster)
        if z is None:
            return None
        spanned.update(z)
    return len(spanned)


SUBNETWORK = "gcp:compute/subnetwork:Subnetwork"
ROUTER_NAT = "gcp:compute/routerNat:RouterNat"


def network(resources: list[Resource]) -> dict[str, Any]:
    """The node network (the cluster's subnetwork's primary range), the pod and service ranges (its secondary
    ranges the cluster's ipAllocationPolicy names) and the NAT egress: Cloud NAT with one reserved address per
    node zone (MANUAL_ONLY) reads `per_zone`, with Google-allocated addresses (AUTO_ONLY) `single` (kumo's
    translation read in reverse). The cluster's subnetwork is the one holding its pod range; any value not
    determined is None."""
    cluster = _cluster(resources)
    policy = _dict(cluster.inputs.get("ipAllocationPolicy")) if cluster else {}
    pods, services = policy.get("clusterSecondaryRangeName"), policy.get("servicesSecondaryRangeName")
    candidates = [
        s
        for s in _of_type(resources, SUBNETWORK)
        if pods and any(_dict(r).get("rangeName") == pods for r in s.inputs.get("secondaryIpRanges") or [])
    ]
    subnet = candidates[0].inputs if len(candidates) == 1 else {}
    ranges = {_dict(r).get("rangeName"): _dict(r).get("ipCidrRange") for r in subnet.get("secondaryIpRanges") or []}
    nats = _of_type(resources, ROUTER_NAT)
    nat: str | None = None
    if len(nats) == 1:
        option, addresses = nats[0].inputs.get("natIpAllocateOption"), nats[0].inputs.get("natIps") or []
        if option == "AUTO_ONLY":
            nat = "single"
        elif option == "MANUAL_ONLY" and len(addresses) > 1 and len(addresses) == zones(resources):
            nat = "per_zone"
    return {
        "cidr": subnet.get("ipCidrRange"),
        "pod_cidr": ranges.get(pods) if pods else None,
        "service_cidr": ranges.get(services) if services else None,
        "nat": nat,
    }
