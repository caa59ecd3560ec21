"""A planned stack, summarised in cloud-neutral terms: what `kumo plan` shows and compares across clouds.

What the equivalence report compares is read from the PLANNED resources (each cloud's `readback.py` turns
its node pools, cluster version, API exposure, zones and network back into neutral terms; StorageClasses and the
Service are read from the Kubernetes objects), never filled in from the spec: a bug in one cloud's
translation shows as a difference. A value the resources do not determine is None (unknown). Fields that
must match across clouds are kept apart from each cloud's own vocabulary (machine types, provisioners,
annotations, the labels a cloud puts on its nodes itself).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from components.clouds import CloudReadback, cloud
from components.policy.engine import Report
from components.records import Plan
from components.spec import ClusterSpec

STORAGE_CLASS = "kubernetes:storage.k8s.io/v1:StorageClass"
SERVICE = "kubernetes:core/v1:Service"
DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class"


def readback(name: str) -> CloudReadback:
    """The cloud's plan readback (components/<cloud>/readback.py)."""
    return cloud(name).readback.load()


def pool_rows(cloud: str, plan: Plan) -> list[dict[str, Any]]:
    """Per planned pool: machine type, vCPU, memory (the size tables in reverse), pool-wide min/max, spot, disk,
    system, and the labels and taints its nodes end up with; labels in the domains the cloud puts on nodes
    itself go to `cloud_labels`, shown but not compared."""
    module = readback(cloud)
    prefixes = tuple(getattr(module, "CLOUD_LABEL_PREFIXES", ()))
    rows = []
    for row in module.node_pools(plan.resources):
        labels = row.get("labels")
        if isinstance(labels, dict):
            row = {
                **row,
                "labels": {k: v for k, v in labels.items() if not k.startswith(prefixes)},
                "cloud_labels": {k: v for k, v in labels.items() if k.startswith(prefixes)},
            }
        rows.append(row)
    return rows


def capacity(rows: list[dict[str, Any]]) -> dict[str, int | None]:
    """Most vCPU and GiB the pools may reach; None when a pool's shape or maximum is unknown."""

    def total(key: str) -> int | None:
        if any(r.get(key) is None or r.get("max_nodes") is None for r in rows):
            return None
        return sum(int(r[key]) * int(r["max_nodes"]) for r in rows)

    return {"max_vcpu": total("vcpu"), "max_memory_gib": total("memory_gib")}


def storage_class_rows(plan: Plan) -> list[dict[str, Any]]:
    rows = []
    for r in plan.of_type(STORAGE_CLASS):
        meta = r.inputs.get("metadata") or {}
        rows.append(
            {
                "name": meta.get("name"),
                "provisioner": r.inputs.get("provisioner"),
                "default": (meta.get("annotations") or {}).get(DEFAULT_CLASS_ANNOTATION) == "true",
                "reclaim_policy": r.inputs.get("reclaimPolicy"),
                "volume_binding_mode": r.inputs.get("volumeBindingMode"),
                "allow_volume_expansion": r.inputs.get("allowVolumeExpansion"),
            }
        )
    return sorted(rows, key=lambda row: str(row["name"]))


STATIC_ADDRESS_ANNOTATIONS = (
    "service.beta.kubernetes.io/aws-load-balancer-eip-allocations",
    "service.beta.kubernetes.io/azure-load-balancer-ipv4",
)
"""Annotations that pin a Service's load balancer to a reserved address (GCP takes spec.loadBalancerIP)."""


def load_balancer_row(cloud: str, plan: Plan) -> dict[str, Any]:
    """The app's Service as planned: its scheme (internal when the cloud's internal-LB annotation says so, by
    the rule engine's own table, kept apart from the clouds' traits), source ranges, ports, reserved address."""
    from components.policy.exposure import INTERNAL_LB

    services = plan.of_type(SERVICE)
    if not services:
        return {"enabled": False, "scheme": None, "source_cidrs": [], "ports": [], "static_ip": None, "annotations": {}}
    service = services[0]
    annotations = (service.inputs.get("metadata") or {}).get("annotations") or {}
    spec = service.inputs.get("spec") or {}
    static = bool(spec.get("loadBalancerIP")) or any(k in annotations for k in STATIC_ADDRESS_ANNOTATIONS)
    annotation, value = INTERNAL_LB[cloud]
    return {
        "enabled": True,
        "scheme": "internal" if annotations.get(annotation) == value else "public",
        "source_cidrs": list(spec.get("loadBalancerSourceRanges") or []),
        "ports": [p.get("port") for p in spec.get("ports") or []],
        "static_ip": static,
        "annotations": annotations,
    }


PERSISTENT_VOLUME = "kubernetes:core/v1:PersistentVolume"


def shared_storage_row(plan: Plan) -> dict[str, Any] | None:
    """The shared store as planned: the size its static PersistentVolume declares, and whether the data layer's
    durable resources (what outlives the stack) are all protected / kept on delete. None without one."""
    volumes = [
        r
        for r in plan.of_type(PERSISTENT_VOLUME)
        if ((r.inputs.get("spec") or {}).get("accessModes") or []) == ["ReadWriteMany"]
    ]
    if not volumes:
        return None
    storage = str(((volumes[0].inputs.get("spec") or {}).get("capacity") or {}).get("storage") or "")
    size = int(storage[:-2]) if storage.endswith("Gi") and storage[:-2].isdigit() else None
    durable = [r for r in plan.in_layer("data") if r.custom and r.options["retain_on_delete"]]
    return {
        "size_gb": size,
        "protect": all(r.options["protect"] for r in durable) if durable else None,
        "retain_on_delete": bool(durable),
    }


def durable_rows(plan: Plan) -> list[dict[str, Any]]:
    """Resources kept when the stack forgets them (retain_on_delete), with their protection."""
    return [
        {"type": r.type, "name": r.name, "protect": r.options["protect"]}
        for r in plan.resources
        if r.custom and r.options["retain_on_delete"]
    ]


ENCRYPTION_RULES = ("ENC-01", "ENC-03", "ENC-04", "ENC-05", "ENC-06")


def security_row(report: Report) -> dict[str, Any]:
    """Rule counts and each rule's status (pass, fail, waived, n/a) from the rule engine."""
    statuses = report.statuses()
    counts: dict[str, int] = {}
    for status in statuses.values():
        counts[status] = counts.get(status, 0) + 1
    return {"counts": dict(sorted(counts.items())), "failed": [r.rule.id for r in report.failed], "statuses": statuses}


LAYER_FEATURES: dict[str, tuple[str, ...]] = {
    "data": ("cluster", "zones", "network", "shared_storage", "durable_resources"),
    "cluster": (
        "cluster",
        "kubernetes_version",
        "api",
        "node_pools",
        "capacity",
        "deletion_protection",
        # The rule engine's verdict is the environment's (rules read every layer's resources); it is
        # reported once, with the cluster.
        "encryption",
        "security",
        "waivers",
    ),
    "in-cluster": ("cluster", "storage_classes", "load_balancer", "app"),
}
"""Which summary features each layer's plan entry carries (the equivalence report compares like layers)."""


def layer_summaries(
    cloud: str, location: str, spec: ClusterSpec, plan: Plan, report: Report
) -> dict[str, dict[str, Any]]:
    """The environment's summary cut by layer, each with its own resource counts."""
    whole = summarize(cloud, location, spec, plan, report)
    result = {}
    for layer, features in LAYER_FEATURES.items():
        resources = plan.in_layer(layer)
        result[layer] = {
            **{f: whole[f] for f in features},
            "resource_count": len(resources),
            "resource_types": dict(sorted(Counter(r.type for r in resources).items())),
        }
    return result


def summarize(cloud: str, location: str, spec: ClusterSpec, plan: Plan, report: Report) -> dict[str, Any]:
    """The plan document's per-stack `summary`; `report` is the rule engine's verdict on the same plan."""
    statuses = report.statuses()
    module = readback(cloud)
    data_exports = plan.layers["data"].exports if "data" in plan.layers else {}
    pools = pool_rows(cloud, plan)
    return {
        "cluster": spec.name,
        "kubernetes_version": module.kubernetes_version(plan.resources),
        "zones": module.zones(plan.resources),
        "network": module.network(plan.resources),
        "api": module.api(plan.resources, data_exports),
        "node_pools": pools,
        "capacity": capacity(pools),
        "storage_classes": storage_class_rows(plan),
        "shared_storage": shared_storage_row(plan),
        "durable_resources": durable_rows(plan),
        "load_balancer": load_balancer_row(cloud, plan),
        "app": {
            "enabled": spec.app.enabled,
            "replicas": spec.app.replicas,
            "image": spec.app.image,
            "port": spec.app.port,
        },
        "deletion_protection": spec.deletion_protection,
        # Encryption as the rules see it in the planned resources: secrets, node disks, block classes and
        # the shared store at rest and in transit (pass / fail / waived / n/a per rule).
        "encryption": {rule_id: statuses[rule_id] for rule_id in ENCRYPTION_RULES},
        "security": security_row(report),
        "waivers": [w.model_dump() for w in spec.waivers],
        "resource_count": len(plan.resources),
        "resource_types": dict(sorted(Counter(r.type for r in plan.resources).items())),
    }
