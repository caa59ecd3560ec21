"""The only module that prints: rich tables and trees on stderr/stdout, JSON on stdout.

Results go to stdout (the plan tree, JSON); diagnostics and progress go to stderr.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.tree import Tree

out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def error(message: str, *, hint: str | None = None) -> None:
    """One clear line (plus the fix, if there is one) on stderr."""
    first, *rest = message.splitlines() or [""]
    err.print(f"[bold red]error:[/] {first}", markup=True, highlight=False)
    for line in rest:
        err.print(line, markup=False, highlight=False)
    if hint:
        err.print(f"[dim]hint:[/] {hint}", markup=True, highlight=False)


def json_document(document: Any) -> None:
    sys.stdout.write(json.dumps(document, indent=2, sort_keys=False, default=str) + "\n")


def _pool_table(pools: list[dict[str, Any]]) -> Table:
    table = Table(box=None, pad_edge=False, show_edge=False)
    for column in ("pool", "machine type", "vCPU", "GiB", "min", "max", "spot", "labels", "taints"):
        table.add_column(column, justify="right" if column in ("vCPU", "GiB", "min", "max") else "left")
    for p in pools:
        labels = ",".join(f"{k}={v}" for k, v in p["labels"].items() if k != "kumo.io/pool")
        name = p["name"] + (" (system)" if p["system"] else "")
        table.add_row(name, p["machine_type"], str(p["vcpu"]), str(p["memory_gib"]), str(p["min_nodes"]),
                      str(p["max_nodes"]), "yes" if p["spot"] else "no", labels or "-",
                      ", ".join(p["taints"]) or "-")
    return table


def plan_tree(stack: dict[str, Any]) -> None:
    """A readable tree of one planned stack: the summary, then every resource under its parent."""
    summary = stack["summary"]
    head = (f"[bold]{stack['stack']}[/] ({stack['cloud']}, {stack['location']}): cluster "
            f"[bold]{summary['cluster']}[/], Kubernetes {summary['kubernetes_version']}, "
            f"{summary['zones']} zones, {summary['resource_count']} resources")
    root = Tree(head)
    api = summary["api"]
    root.add("API endpoint: " + ("public, allowed from " + ", ".join(api["authorized_cidrs"]) if api["public"]
                                  else "private"))
    root.add(_pool_table(summary["node_pools"]))
    classes = ", ".join(c["name"] + (" (default)" if c["default"] else "") for c in summary["storage_classes"])
    root.add(f"storage classes: {classes or '-'}")
    shared = summary["shared_storage"]
    if shared:
        root.add(f"shared storage: {shared['size_gb']} GiB, protect={shared['protect']}, "
                 f"retain_on_delete={shared['retain_on_delete']}")
    lb = summary["load_balancer"]
    if lb["enabled"]:
        root.add(f"load balancer: {lb['scheme']}, ports {lb['ports']}, sources "
                 f"{', '.join(lb['source_cidrs']) or 'any'}{', static IP' if lb['static_ip'] else ''}")
    resources = root.add("resources")
    nodes: dict[str | None, Tree] = {}
    for r in stack["resources"]:
        parent = nodes.get(r["parent"], resources)
        flags = [flag for flag in ("protect", "retain_on_delete") if r["options"].get(flag)]
        label = f"{r['type']} [cyan]{r['name']}[/]" + (f" [yellow]({', '.join(flags)})[/]" if flags else "")
        nodes[r["urn"]] = parent.add(label)
    out.print(root)


def equivalence_table(equivalence: dict[str, Any]) -> None:
    """Per environment, a feature x stack table marking every difference."""
    for env, group in equivalence["groups"].items():
        table = Table(title=f"equivalence: {env} ({'equivalent' if group['equivalent'] else 'DIFFERENT'})")
        table.add_column("feature")
        for stack in group["stacks"]:
            table.add_column(stack)
        table.add_column("")
        for feature, data in group["features"].items():
            cells = [_short(data["values"][s]) for s in group["stacks"]]
            table.add_row(feature, *cells, "[green]=[/]" if data["equal"] else "[bold red]differs[/]")
        out.print(table)


def _short(value: Any) -> str:
    if isinstance(value, list) and value and isinstance(value[0], dict) and "name" in value[0]:
        return "\n".join(
            f"{v['name']}: " + " ".join(f"{k}={v[k]}" for k in v if k != "name" and not isinstance(v[k], (dict, list)))
            for v in value)
    if isinstance(value, dict):
        return "\n".join(f"{k}={v}" for k, v in value.items())
    return str(value)
