"""A planned stack, summarised in cloud-neutral terms: what `kumo plan` shows and compares across clouds.

Everything here is derived from the validated spec, the cloud's traits tables and the offline engine's
records; nothing is re-decided. Fields that must match across clouds for two stacks to be equivalent are
kept apart from the cloud's own vocabulary (machine types, provisioners, annotations).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from components.offline import Plan
from components.policy.engine import Report
from components.sizes import machine_type
from components.spec import ClusterSpec, node_labels, node_taints

STORAGE_CLASS = "kubernetes:storage.k8s.io/v1:StorageClass"
SERVICE = "kubernetes:core/v1:Service"
DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class"


def pool_rows(cloud: str, spec: ClusterSpec) -> list[dict[str, Any]]:
    """Per pool: machine type, vCPU, memory, min/max, spot, and the labels and taints its nodes end up with
    (the same on every cloud: spec.node_labels / spec.node_taints), taints spelt as kubectl does."""
    return [{
        "name": pool.name,
        "machine_type": machine_type(cloud, pool),
        "vcpu": pool.vcpu,
        "memory_gib": pool.memory_gib,
        "min_nodes": pool.min_nodes,
        "max_nodes": pool.max_nodes,
        "disk_size_gb": pool.disk_size_gb,
        "spot": pool.spot,
        "system": pool.system,
        "labels": node_labels(pool),
        "taints": [f"{t.key}={t.value}:{t.effect}" if t.value else f"{t.key}:{t.effect}" for t in node_taints(pool)],
    } for pool in spec.node_pools]


def storage_class_rows(plan: Plan) -> list[dict[str, Any]]:
    rows = []
    for r in plan.of_type(STORAGE_CLASS):
        meta = r.inputs.get("metadata") or {}
        rows.append({
            "name": meta.get("name"),
            "provisioner": r.inputs.get("provisioner"),
            "default": (meta.get("annotations") or {}).get(DEFAULT_CLASS_ANNOTATION) == "true",
            "reclaim_policy": r.inputs.get("reclaimPolicy"),
            "volume_binding_mode": r.inputs.get("volumeBindingMode"),
            "allow_volume_expansion": r.inputs.get("allowVolumeExpansion"),
        })
    return sorted(rows, key=lambda row: str(row["name"]))


def load_balancer_row(spec: ClusterSpec, plan: Plan) -> dict[str, Any]:
    services = plan.of_type(SERVICE)
    annotations = {}
    for service in services:
        annotations.update((service.inputs.get("metadata") or {}).get("annotations") or {})
    lb = spec.load_balancer
    return {"enabled": bool(services), "scheme": lb.scheme, "source_cidrs": list(lb.source_cidrs),
            "ports": list(lb.ports), "static_ip": lb.static_ip, "annotations": annotations}


def durable_rows(plan: Plan) -> list[dict[str, Any]]:
    """Resources kept when the stack forgets them (retain_on_delete), with their protection."""
    return [{"type": r.type, "name": r.name, "protect": r.options["protect"]}
            for r in plan.resources if r.custom and r.options["retain_on_delete"]]


ENCRYPTION_RULES = ("ENC-01", "ENC-03", "ENC-04", "ENC-05", "ENC-06")


def security_row(report: Report) -> dict[str, Any]:
    """Rule counts and each rule's status (pass, fail, waived, n/a) from the rule engine."""
    statuses = report.statuses()
    counts: dict[str, int] = {}
    for status in statuses.values():
        counts[status] = counts.get(status, 0) + 1
    return {"counts": dict(sorted(counts.items())), "failed": [r.rule.id for r in report.failed],
            "statuses": statuses}


LAYER_FEATURES: dict[str, tuple[str, ...]] = {
    "data": ("cluster", "zones", "network", "shared_storage", "durable_resources"),
    "cluster": ("cluster", "kubernetes_version", "api", "node_pools", "capacity", "deletion_protection",
                # The rule engine's verdict is the environment's (rules read every layer's resources); it is
                # reported once, with the cluster.
                "encryption", "security", "waivers"),
    "in-cluster": ("cluster", "storage_classes", "load_balancer", "app"),
}
"""Which summary features each layer's plan entry carries (the equivalence report compares like layers)."""


def layer_summaries(cloud: str, location: str, spec: ClusterSpec, plan: Plan, report: Report
                    ) -> dict[str, dict[str, Any]]:
    """The environment's summary cut by layer, each with its own resource counts."""
    whole = summarize(cloud, location, spec, plan, report)
    result = {}
    for layer, features in LAYER_FEATURES.items():
        resources = plan.in_layer(layer)
        result[layer] = {**{f: whole[f] for f in features}, "resource_count": len(resources),
                         "resource_types": dict(sorted(Counter(r.type for r in resources).items()))}
    return result


def summarize(cloud: str, location: str, spec: ClusterSpec, plan: Plan, report: Report) -> dict[str, Any]:
    """The plan document's per-stack `summary`; `report` is the rule engine's verdict on the same plan."""
    shared = spec.storage.shared
    statuses = report.statuses()
    return {
        "cluster": spec.name,
        "kubernetes_version": spec.kubernetes_version or "cloud default",
        "zones": spec.network.zones,
        "network": {"cidr": spec.network.cidr, "pod_cidr": spec.network.pod_cidr,
                    "service_cidr": spec.network.service_cidr, "nat": spec.network.nat},
        "api": {"public": spec.api.public, "authorized_cidrs": list(spec.api.authorized_cidrs)},
        "node_pools": pool_rows(cloud, spec),
        "capacity": {"max_vcpu": sum(p.vcpu * p.max_nodes for p in spec.node_pools),
                     "max_memory_gib": sum(p.memory_gib * p.max_nodes for p in spec.node_pools)},
        "storage_classes": storage_class_rows(plan),
        "shared_storage": None if shared is None else {
            "size_gb": shared.size_gb, "protect": shared.protect, "retain_on_delete": shared.retain_on_delete},
        "durable_resources": durable_rows(plan),
        "load_balancer": load_balancer_row(spec, plan),
        "app": {"enabled": spec.app.enabled, "replicas": spec.app.replicas, "image": spec.app.image,
                "port": spec.app.port},
        "deletion_protection": spec.deletion_protection,
        # Encryption as the rules see it in the planned resources: secrets, node disks, block classes and
        # the shared store at rest and in transit (pass / fail / waived / n/a per rule).
        "encryption": {rule_id: statuses[rule_id] for rule_id in ENCRYPTION_RULES},
        "security": security_row(report),
        "waivers": [w.model_dump() for w in spec.waivers],
        "resource_count": len(plan.resources),
        "resource_types": dict(sorted(Counter(r.type for r in plan.resources).items())),
    }
