"""The planned AWS resources read back into kumo's neutral terms (issue 13).

Pure: no Pulumi, no AWS SDK. Each function takes every resource the offline engine recorded for one stack (all
layers, `components.records.Resource`, inputs in the engine's camelCase) and returns what those resources say,
never what the spec asked for: a value the resources do not determine is None. Only the translation tables of
this cloud (traits) are read, in reverse.

What is read:
- node pools: each `aws:eks/nodeGroup:NodeGroup` with the `aws:ec2/launchTemplate:LaunchTemplate` its
  `launchTemplate.id` names (instance type and root volume may live there);
- the system pool: the pool kumo's kube-system controllers (the Helm releases of traits.LB_CONTROLLER_CHART and
  traits.CLUSTER_AUTOSCALER_CHART) are pinned to by their `nodeSelector` (EKS itself has no system pool);
- zones: the `availabilityZone` of the `aws:ec2/subnet:Subnet` records whose ids the node groups' `subnetIds` list;
- version and API exposure: the `aws:eks/cluster:Cluster`.
"""

from __future__ import annotations

import re
from typing import Any

from components.aws import traits
from components.records import Resource
from components.spec import POOL_LABEL

NODE_GROUP = "aws:eks/nodeGroup:NodeGroup"
LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate"
CLUSTER = "aws:eks/cluster:Cluster"
SUBNET = "aws:ec2/subnet:Subnet"
HELM_RELEASE = "kubernetes:helm.sh/v3:Release"

SYSTEM_CHARTS: tuple[str, ...] = (traits.LB_CONTROLLER_CHART["chart"], traits.CLUSTER_AUTOSCALER_CHART["chart"])
"""kumo's controllers that run on the system pool (components/aws/controllers.py: system_placement)."""

# EKS API defaults, applied by EKS when the input is absent (CreateNodegroup, CreateCluster API references).
EKS_DEFAULT_CAPACITY_TYPE = "ON_DEMAND"
EKS_DEFAULT_INSTANCE_TYPE = "t3.medium"  # a node group with no instance type anywhere (not in traits: no shape)
EKS_DEFAULT_PUBLIC_ACCESS = True  # vpcConfig.endpointPublicAccess
EKS_DEFAULT_PUBLIC_ACCESS_CIDRS = ["0.0.0.0/0"]  # vpcConfig.publicAccessCidrs

_SPOT: dict[str, bool] = {capacity: spot for spot, capacity in traits.CAPACITY_TYPES.items()}
_EFFECTS: dict[str, str] = {eks: kubernetes for kubernetes, eks in traits.TAINT_EFFECTS.items()}
_MINOR = re.compile(r"^(\d+\.\d+)(?:\.\d+)?$")


def _of_type(resources: list[Resource], type_: str) -> list[Resource]:
    return [r for r in resources if r.type == type_]


def _int(value: Any) -> int | None:
    """An engine number (floats: 12.0) as an int; None when absent or not a number."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return int(value)


def _launch_template(group: Resource, resources: list[Resource]) -> Resource | None:
    """The launch template the node group names: by id, else by name, else through its input dependency."""
    spec = group.inputs.get("launchTemplate") or {}
    templates = _of_type(resources, LAUNCH_TEMPLATE)
    if spec.get("id"):
        found = [t for t in templates if t.id == spec["id"]]
        if found:
            return found[0]
    if spec.get("name"):
        found = [t for t in templates if t.inputs.get("name") == spec["name"]]
        if found:
            return found[0]
    urns = set(group.property_dependencies.get("launchTemplate") or [])
    found = [t for t in templates if t.urn in urns]
    return found[0] if len(found) == 1 else None


def _instance_types(group: Resource, template: Resource | None) -> list[str]:
    """The node group's instance types; else the launch template's; else EKS's default."""
    types = [str(t) for t in group.inputs.get("instanceTypes") or []]
    if types:
        return types
    if template is not None and template.inputs.get("instanceType"):
        return [str(template.inputs["instanceType"])]
    return [EKS_DEFAULT_INSTANCE_TYPE]


def _shape(types: list[str]) -> tuple[int, int] | None:
    """The one (vCPU, GiB) every instance type has (traits.INSTANCE_SHAPES); None if any is unknown or they differ."""
    shapes = {traits.INSTANCE_SHAPES.get(t) for t in types}
    if len(shapes) != 1:
        return None
    return next(iter(shapes))


def _disk_size(group: Resource, template: Resource | None) -> int | None:
    """The root volume's GiB: the launch template's mapping of the AMI's root device, else the node group's
    diskSize (only allowed without a launch template). None when neither says (the AMI's own default)."""
    if template is not None:
        for mapping in template.inputs.get("blockDeviceMappings") or []:
            if mapping.get("deviceName") == traits.ROOT_DEVICE_NAME:
                return _int((mapping.get("ebs") or {}).get("volumeSize"))
        return None
    return _int(group.inputs.get("diskSize"))


def _spot(group: Resource) -> bool | None:
    capacity = group.inputs.get("capacityType") or EKS_DEFAULT_CAPACITY_TYPE
    return _SPOT.get(str(capacity))


def _taint(taint: dict[str, Any]) -> str:
    """kubectl's spelling, with the Kubernetes effect name (an unknown EKS effect is kept as written)."""
    effect = _EFFECTS.get(str(taint.get("effect")), str(taint.get("effect")))
    value = taint.get("value")
    return f"{taint.get('key')}={value}:{effect}" if value else f"{taint.get('key')}:{effect}"


def _pool_name(group: Resource) -> str:
    """The kumo pool: the node label, else the node group's tag, else its name less the cluster's prefix."""
    labels = group.inputs.get("labels") or {}
    tags = group.inputs.get("tags") or {}
    for source in (labels, tags):
        if source.get(POOL_LABEL):
            return str(source[POOL_LABEL])
    cluster = group.inputs.get("clusterName")
    return group.name.removeprefix(f"{cluster}-") if isinstance(cluster, str) else group.name


def _system_pools(resources: list[Resource]) -> set[str] | None:
    """Pools kumo's kube-system controllers are pinned to; None when no such controller is planned."""
    pools: set[str] = set()
    found = False
    for release in _of_type(resources, HELM_RELEASE):
        if release.inputs.get("chart") not in SYSTEM_CHARTS:
            continue
        found = True
        selector = (release.inputs.get("values") or {}).get("nodeSelector") or {}
        if selector.get(POOL_LABEL):
            pools.add(str(selector[POOL_LABEL]))
    return pools if found else None


def node_pools(resources: list[Resource]) -> list[dict[str, Any]]:
    """One row per managed node group, sorted by pool name (the records do not keep the spec's order).

    min/max are EKS's pool-wide scalingConfig; labels and taints are the node group's own (EKS adds no label or
    taint of kumo's vocabulary: its eks.amazonaws.com/* labels are its own and left out)."""
    system = _system_pools(resources)
    rows = []
    for group in _of_type(resources, NODE_GROUP):
        template = _launch_template(group, resources)
        types = _instance_types(group, template)
        shape = _shape(types)
        scaling = group.inputs.get("scalingConfig") or {}
        name = _pool_name(group)
        rows.append(
            {
                "name": name,
                "machine_type": types[0],
                "vcpu": shape[0] if shape else None,
                "memory_gib": shape[1] if shape else None,
                "min_nodes": _int(scaling.get("minSize")),
                "max_nodes": _int(scaling.get("maxSize")),
                "spot": _spot(group),
                "disk_size_gb": _disk_size(group, template),
                "system": None if system is None else name in system,
                "labels": {str(k): str(v) for k, v in (group.inputs.get("labels") or {}).items()},
                "taints": [_taint(t) for t in group.inputs.get("taints") or []],
            }
        )
    return sorted(rows, key=lambda row: row["name"])


def _cluster(resources: list[Resource]) -> Resource | None:
    clusters = _of_type(resources, CLUSTER)
    return clusters[0] if len(clusters) == 1 else None


def kubernetes_version(resources: list[Resource]) -> str | None:
    """The cluster's pinned minor; None when no version is pinned (EKS's default at creation) or no cluster."""
    cluster = _cluster(resources)
    version = cluster.inputs.get("version") if cluster else None
    match = _MINOR.match(str(version)) if version else None
    return match.group(1) if match else None


CLOUD_LABEL_PREFIXES: tuple[str, ...] = ("eks.amazonaws.com/",)
"""Label domains EKS puts on nodes itself (spot, node group, provisioning): shown, not compared across clouds."""


def api(resources: list[Resource], data_exports: dict[str, Any] | None = None) -> dict[str, Any]:
    """The public endpoint and who may reach it, as vpcConfig says (EKS's defaults where it is silent).

    A private endpoint has no authorized CIDRs on the cluster resource ([]): what reaches it privately is a
    security-group matter, not the API's exposure."""
    del data_exports  # no address of the nodes' own is on this cloud's allow-list
    cluster = _cluster(resources)
    if cluster is None:
        return {"public": None, "authorized_cidrs": []}
    vpc = cluster.inputs.get("vpcConfig") or {}
    public = vpc.get("endpointPublicAccess")
    public = EKS_DEFAULT_PUBLIC_ACCESS if public is None else bool(public)
    if not public:
        return {"public": False, "authorized_cidrs": []}
    cidrs = vpc.get("publicAccessCidrs")
    authorized = [str(c) for c in cidrs] if cidrs else list(EKS_DEFAULT_PUBLIC_ACCESS_CIDRS)
    return {"public": True, "authorized_cidrs": authorized}


def zones(resources: list[Resource]) -> int | None:
    """How many zones the node groups' subnets are in; None without node groups or when a subnet the node
    groups name is not among the records (or has no zone)."""
    subnets = {r.id: r for r in _of_type(resources, SUBNET) if r.id}
    groups = _of_type(resources, NODE_GROUP)
    if not groups:
        return None
    found: set[str] = set()
    for group in groups:
        for subnet_id in group.inputs.get("subnetIds") or []:
            subnet = subnets.get(subnet_id)
            inputs = subnet.inputs if subnet else {}
            zone = inputs.get("availabilityZone") or inputs.get("availabilityZoneId")
            if not zone:
                return None
            found.add(str(zone))
    return len(found) or None


VPC = "aws:ec2/vpc:Vpc"
NAT_GATEWAY = "aws:ec2/natGateway:NatGateway"


def network(resources: list[Resource]) -> dict[str, Any]:
    """The node network (the VPC's `cidrBlock`), the service range (the cluster's
    `kubernetesNetworkConfig.serviceIpv4Cidr`; absent, EKS picks one itself: unknown) and the NAT egress:
    `per_zone` when the NAT gateways' public subnets cover every zone the node groups are in, `single` with
    one gateway. EKS pods take node-subnet addresses (VPC CNI): there is no separate pod range (None)."""
    vpcs = _of_type(resources, VPC)
    cluster = _cluster(resources)
    service = (
        (cluster.inputs.get("kubernetesNetworkConfig") or {}).get("serviceIpv4Cidr") if cluster is not None else None
    )
    subnets = {r.id: r for r in _of_type(resources, SUBNET) if r.id}
    gateways = _of_type(resources, NAT_GATEWAY)
    nat_zones = {
        str(subnets[g.inputs["subnetId"]].inputs.get("availabilityZone"))
        for g in gateways
        if g.inputs.get("subnetId") in subnets
    }
    node_zones = zones(resources)
    nat: str | None = None
    if len(gateways) == 1:
        nat = "single"
    elif len(gateways) > 1 and len(nat_zones) == len(gateways) and node_zones == len(nat_zones):
        nat = "per_zone"
    return {
        "cidr": vpcs[0].inputs.get("cidrBlock") if len(vpcs) == 1 else None,
        "pod_cidr": None,
        "service_cidr": service,
        "nat": nat,
    }
