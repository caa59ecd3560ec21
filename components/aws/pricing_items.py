"""The charges of each AWS resource type kumo prices (components/aws/pricing.py reads the plan with them).

Each handler takes one planned resource and the plan being read and says what it costs, in the SKU keys and
units components/aws/pricing.py documents.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from components.aws import traits
from components.cost import Charge, PriceTable, Span, hourly
from components.facts import minor_table, support_on

if TYPE_CHECKING:
    from components.records import Plan, Resource
    from components.spec import ClusterSpec

GP3_FREE_IOPS = 3000
GP3_FREE_THROUGHPUT = 125  # MiB/s
LB_SCHEME = "service.beta.kubernetes.io/aws-load-balancer-scheme"
PUBLIC_ELB_ROLE = "kubernetes.io/role/elb"


@dataclass
class Reading:
    """One plan being read: what the handlers share."""

    plan: Plan
    spec: ClusterSpec
    region: str
    today: date
    table: PriceTable
    by_id: dict[str, Resource] = field(default_factory=dict)
    lb_services: set[str] = field(default_factory=set)


def _control_plane(r: Resource, at: Reading) -> list[Charge]:
    minor = r.inputs.get("version")
    support = support_on("aws", minor, at.today)
    fact = minor_table("aws").get(minor) if minor else None
    if fact is None:
        note = "a Kubernetes minor kumo has no support dates for: priced as standard support"
    elif support == "standard":
        note = f"standard support of {minor} ends {fact.end_of_standard.isoformat()}; extended support costs more"
    else:
        note = f"{minor} left standard support on {fact.end_of_standard.isoformat()}"
        if (r.inputs.get("upgradePolicy") or {}).get("supportType") == "STANDARD":
            note += "; the planned upgrade policy STANDARD would have EKS upgrade the cluster instead"
    what = f"EKS control plane {r.name} (Kubernetes {minor or 'default'}, {support} support)"
    return [hourly(_layer(r), what, f"eks:cluster:{support}", at.region, Span.exactly(1), note)]


def _node_group(r: Resource, at: Reading) -> list[Charge]:
    scaling = r.inputs.get("scalingConfig") or {}
    count = Span(float(scaling.get("minSize", 0)), float(scaling.get("maxSize", 0)))
    types: list[str] = list(r.inputs.get("instanceTypes") or [])
    if not types:
        raise ValueError(f"node group {r.name} names no instance type: kumo always names them")
    spot = r.inputs.get("capacityType") == "SPOT"
    pool = (r.inputs.get("labels") or {}).get("kumo.io/pool", r.name)
    chosen = _dearest(types, at)
    notes = []
    if spot:
        notes.append(f"spot price varies and is not in the AWS Price List: on-demand {chosen} shown as the upper bound")
    if len(types) > 1:
        notes.append(f"the pool may run {', '.join(types)}; {chosen} is the dearest on demand")
    kind = "spot" if spot else "on-demand"
    what = f"node group {pool}: {_range(count)} x {chosen} ({kind})"
    found = [hourly(_layer(r), what, f"ec2:{chosen}:on-demand", at.region, count, "; ".join(notes))]
    template = at.by_id.get(str((r.inputs.get("launchTemplate") or {}).get("id")))
    if template is None:
        raise ValueError(f"node group {r.name} has no launch template in the plan: kumo always creates one")
    for mapping in template.inputs.get("blockDeviceMappings") or []:
        found.extend(_volume(r, f"node disks of {pool}", mapping.get("ebs") or {}, count, at))
    return found


def _volume(r: Resource, what: str, ebs: dict[str, Any], count: Span, at: Reading) -> list[Charge]:
    kind = str(ebs.get("volumeType", "gp3"))
    size = float(ebs.get("volumeSize", 0))
    layer = _layer(r)
    found = [
        Charge(
            layer,
            f"{what}: {_range(count)} x {size:g} GB {kind}",
            f"ebs:{kind}",
            at.region,
            "GB-month",
            count.times(size),
        )
    ]
    iops, throughput = float(ebs.get("iops") or 0), float(ebs.get("throughput") or 0)
    if kind == "gp3" and iops > GP3_FREE_IOPS:
        extra = iops - GP3_FREE_IOPS
        found.append(
            Charge(
                layer,
                f"{what}: {extra:g} IOPS above gp3's 3,000 each",
                "ebs:gp3:iops",
                at.region,
                "IOPS-month",
                count.times(extra),
            )
        )
    if kind == "gp3" and throughput > GP3_FREE_THROUGHPUT:
        extra = throughput - GP3_FREE_THROUGHPUT
        found.append(
            Charge(
                layer,
                f"{what}: {extra:g} MiB/s above gp3's 125 each",
                "ebs:gp3:throughput",
                at.region,
                "MiBps-month",
                count.times(extra),
            )
        )
    return found


def _nat_gateway(r: Resource, at: Reading) -> list[Charge]:
    return [hourly(_layer(r), f"NAT gateway {r.name}", "vpc:nat-gateway", at.region, Span.exactly(1))]


def _elastic_ip(r: Resource, at: Reading) -> list[Charge]:
    what = f"Elastic IP {r.name} (public IPv4 address)"
    return [hourly(_layer(r), what, "vpc:public-ipv4", at.region, Span.exactly(1))]


def _service(r: Resource, at: Reading) -> list[Charge]:
    if r.urn not in at.lb_services:
        return []
    annotations = (r.inputs.get("metadata") or {}).get("annotations") or {}
    scheme = annotations.get(LB_SCHEME, "internal")  # the AWS Load Balancer Controller's default
    name = (r.inputs.get("metadata") or {}).get("name", r.name)
    found = [
        hourly(
            _layer(r),
            f"Network Load Balancer of Service {name} ({scheme})",
            "elb:nlb",
            at.region,
            Span.exactly(1),
            "created by the AWS Load Balancer Controller",
        )
    ]
    if scheme == "internet-facing" and not annotations.get(traits.EIP_ALLOCATIONS_ANNOTATION):
        subnets = [s for s in str(annotations.get(traits.SUBNETS_ANNOTATION, "")).split(",") if s]
        zones = len(subnets) or len(_public_zones(at.plan))
        found.append(
            hourly(
                _layer(r),
                f"public IPv4 addresses of the load balancer of Service {name}",
                "vpc:public-ipv4",
                at.region,
                Span.exactly(zones),
                "one per zone it serves",
            )
        )
    return found


def _file_system(r: Resource, at: Reading) -> list[Charge]:
    size = _shared_size(r, at)
    note = "EFS bills the average bytes stored, not a provisioned size: the declared size is priced, all Standard"
    if any("transitionToIa" in p for p in r.inputs.get("lifecyclePolicies") or []):
        note += "; files left unread move to Infrequent Access, which costs less"
    return [
        Charge(
            _layer(r),
            f"EFS file system {r.name}: {size:g} GB Standard",
            "efs:standard",
            at.region,
            "GB-month",
            Span.exactly(size),
            note,
        )
    ]


def _key(r: Resource, at: Reading) -> list[Charge]:
    note = ""
    if r.inputs.get("enableKeyRotation"):
        days = f"{float(r.inputs.get('rotationPeriodInDays', 365)):g}"
        note = f"rotated every {days} days: AWS KMS bills each new backing key too, from the first rotation on"
    return [
        Charge(_layer(r), f"KMS key {r.name} (customer managed)", "kms:key", at.region, "month", Span.exactly(1), note)
    ]


def _claim(r: Resource, at: Reading) -> list[Charge]:
    spec = r.inputs.get("spec") or {}
    classes = {(c.inputs.get("metadata") or {}).get("name"): c for c in at.plan.of_type(STORAGE_CLASS)}
    storage_class = classes.get(spec.get("storageClassName"))
    if storage_class is None or storage_class.inputs.get("provisioner") != traits.EBS_CSI_DRIVER:
        return []  # an EFS claim is billed with its file system
    params = storage_class.inputs.get("parameters") or {}
    size = _gib(str(((spec.get("resources") or {}).get("requests") or {}).get("storage", "0")))
    kind = str(params.get("type", "gp3"))
    what = f"EBS volume of claim {(r.inputs.get('metadata') or {}).get('name', r.name)}"
    found = _volume(r, what, {"volumeType": kind, "volumeSize": size, **_gp3_extras(params)}, Span.exactly(1), at)
    if kind == "io2":
        iops = size * float(params.get("iopsPerGB", 0)) if "iopsPerGB" in params else float(params.get("iops", 0))
        found.append(
            Charge(
                _layer(r),
                f"{what}: {iops:g} provisioned IOPS",
                "ebs:io2:iops",
                at.region,
                "IOPS-month",
                Span.exactly(iops),
                "IOPS above 32,000 on one volume cost less: this is the upper bound",
            )
        )
    return found


def _gp3_extras(params: dict[str, Any]) -> dict[str, Any]:
    return {"iops": params.get("iops"), "throughput": params.get("throughput")}


def _dearest(types: Sequence[str], at: Reading) -> str:
    """The instance type with the highest on-demand price in the region (the first when none is priced)."""
    priced = [(p.usd, -i, t) for i, t in enumerate(types) if (p := at.table.get(f"ec2:{t}:on-demand", at.region))]
    return max(priced)[2] if priced else types[0]


def _public_zones(plan: Plan) -> set[str]:
    """The zones of the public subnets the controller discovers (tagged for internet-facing load balancers)."""
    return {
        str(s.inputs.get("availabilityZone"))
        for s in plan.of_type("aws:ec2/subnet:Subnet")
        if (s.inputs.get("tags") or {}).get(PUBLIC_ELB_ROLE) == "1"
    }


def _shared_size(r: Resource, at: Reading) -> float:
    """The size the shared volume declares (its PersistentVolume), else the spec's shared.size_gb."""
    for pv in at.plan.of_type("kubernetes:core/v1:PersistentVolume"):
        csi = (pv.inputs.get("spec") or {}).get("csi") or {}
        if csi.get("driver") == traits.EFS_CSI_DRIVER and str(csi.get("volumeHandle", "")).startswith(f"{r.id}:"):
            return _gib(str(((pv.inputs.get("spec") or {}).get("capacity") or {}).get("storage", "0")))
    if at.spec.storage.shared is None:
        raise ValueError(f"EFS file system {r.name} has no declared size in the plan or the spec")
    return float(at.spec.storage.shared.size_gb)


_QUANTITY = re.compile(r"^(\d+(?:\.\d+)?)(Gi|Ti)$")


def _gib(quantity: str) -> float:
    """A Kubernetes storage quantity in GiB (kumo writes Gi; Ti is accepted)."""
    found = _QUANTITY.match(quantity)
    if found is None:
        raise ValueError(f"storage quantity {quantity!r} is not in Gi or Ti")
    return float(found.group(1)) * (1024 if found.group(2) == "Ti" else 1)


def _layer(r: Resource) -> str:
    return r.layer or ""


def _range(count: Span) -> str:
    return f"{count.min:g}" if count.min == count.max else f"{count.min:g}-{count.max:g}"


STORAGE_CLASS = "kubernetes:storage.k8s.io/v1:StorageClass"

HANDLERS: dict[str, Callable[[Resource, Reading], list[Charge]]] = {
    "aws:eks/cluster:Cluster": _control_plane,
    "aws:eks/nodeGroup:NodeGroup": _node_group,
    "aws:ec2/natGateway:NatGateway": _nat_gateway,
    "aws:ec2/eip:Eip": _elastic_ip,
    "aws:efs/fileSystem:FileSystem": _file_system,
    "aws:kms/key:Key": _key,
    "kubernetes:core/v1:Service": _service,
    "kubernetes:core/v1:PersistentVolumeClaim": _claim,
}
"""Resource type -> what it charges. Every other type kumo creates is free (VPC, subnets, routes, security
groups, IAM, access entries, add-ons, mount targets, backup vault, plan and selection) or billed by use
(NOT_INCLUDED: log groups, flow logs, backups)."""
