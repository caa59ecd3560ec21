"""Side-by-side comparison of planned stacks: the product's central promise, checked.

Stacks are compared within an environment: `aws-dev`, `azure-dev` and `gcp-dev` form the group `dev`
(the stack name less its cloud). For each feature the neutral values of every stack are listed and marked
equal or not. Cloud vocabulary (machine types, CSI provisioners, annotations) is shown but never compared.
"""

from __future__ import annotations

from typing import Any

# feature -> how to take the comparable value out of a stack's summary
FEATURES: dict[str, Any] = {
    "node_pools": lambda s: [
        {k: v for k, v in p.items() if k not in ("machine_type", "cloud_labels")} for p in s["node_pools"]
    ],
    "capacity": lambda s: s["capacity"],
    "zones": lambda s: s["zones"],
    "kubernetes_version": lambda s: s["kubernetes_version"],
    # EKS pods take node-subnet addresses (VPC CNI): there is no pod range to compare on every cloud; it is
    # shown, and the node and service ranges and the NAT egress are compared.
    "network": lambda s: {k: v for k, v in s["network"].items() if k != "pod_cidr"},
    # The nodes' own egress address a cloud must admit (AKS's NAT IP) is shown, not compared.
    "api": lambda s: {k: v for k, v in s["api"].items() if k != "node_egress_cidrs"},
    "storage_classes": lambda s: [{k: v for k, v in c.items() if k != "provisioner"} for c in s["storage_classes"]],
    "shared_storage": lambda s: s["shared_storage"],
    "load_balancer": lambda s: {k: v for k, v in s["load_balancer"].items() if k != "annotations"},
    "app": lambda s: s["app"],
    "deletion_protection": lambda s: s["deletion_protection"],
    "encryption": lambda s: s["encryption"],
    # The same rules fail (none, ideally) and the same are waived; a rule a cloud cannot express ("n/a",
    # documented with the rule) is a cloud limit, shown by `kumo check`, not a difference in the spec.
    "security": lambda s: {
        "failed": s["security"]["failed"],
        "waived": sorted(k for k, v in s["security"]["statuses"].items() if v == "waived"),
    },
}


def differences(values: dict[str, Any]) -> list[str]:
    """Paths (`[apps].spot`, `.scheme`) at which the stacks' values differ; lists of named entries are
    matched by name, so a missing or extra pool is one difference, not a shifted list."""
    found: list[str] = []

    def walk(path: str, items: dict[str, Any]) -> None:
        present = list(items.values())
        if all(isinstance(v, dict) for v in present):
            for key in sorted({k for v in present for k in v}, key=str):
                walk(f"{path}.{key}", {s: v.get(key, _ABSENT) for s, v in items.items()})
        elif all(isinstance(v, list) and all(isinstance(e, dict) and "name" in e for e in v) for v in present) and any(
            present
        ):
            names = list(dict.fromkeys(e["name"] for v in present for e in v))
            for name in names:
                walk(
                    f"{path}[{name}]", {s: next((e for e in v if e["name"] == name), _ABSENT) for s, v in items.items()}
                )
        elif len({repr(v) for v in present}) > 1:
            found.append(path or "(value)")

    walk("", values)
    return found


_ABSENT = "(absent)"


def environment(stack: str, cloud: str) -> str:
    """`aws-dev` -> `dev`; a stack name without its cloud in it is its own environment."""
    parts = [p for p in stack.split("-") if p != cloud]
    return "-".join(parts) if len(parts) < len(stack.split("-")) else stack


def compare(stacks: list[dict[str, Any]]) -> dict[str, Any]:
    """`stacks`: [{"stack", "layer", "cloud", "summary"}] -> {"groups": {"ENV/LAYER": {"environment",
    "layer", "stacks": [...], "features": {...}, "equivalent": bool}}}: like layers of one environment
    compared across clouds, each on the features its summary carries. A group of one stack has nothing to
    compare and is left out."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for entry in stacks:
        groups.setdefault((environment(entry["stack"], entry["cloud"]), entry["layer"]), []).append(entry)
    order = {"data": 0, "cluster": 1, "in-cluster": 2}
    result: dict[str, Any] = {}
    for (env, layer), members in sorted(groups.items(), key=lambda g: (g[0][0], order.get(g[0][1], 9))):
        if len(members) < 2:
            continue
        features = {}
        for feature, pick in FEATURES.items():
            if feature not in members[0]["summary"]:
                continue
            values = {m["stack"]: pick(m["summary"]) for m in members}
            diffs = differences(values)
            features[feature] = {"equal": not diffs, "values": values, "differences": diffs}
        result[f"{env}/{layer}"] = {
            "environment": env,
            "layer": layer,
            "stacks": [m["stack"] for m in members],
            "features": features,
            "equivalent": all(f["equal"] for f in features.values()),
        }
    return {"groups": result}
