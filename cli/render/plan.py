"""`kumo plan`, `kumo stacks` and `kumo validate`: the plan tree, the equivalence table, stack lists."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from cli.render.consoles import err, out, stderr_is_terminal


def _pool_table(pools: list[dict[str, Any]]) -> Table:
    table = Table(box=None, pad_edge=False, show_edge=False)
    for column in ("pool", "machine type", "vCPU", "GiB", "min", "max", "spot", "labels", "taints"):
        table.add_column(
            column, justify="right" if column in ("vCPU", "GiB", "min", "max") else "left", overflow="fold"
        )

    def shown(value: Any) -> str:  # a value the planned resources do not determine is unknown: "?"
        return "?" if value is None else str(value)

    for p in pools:
        labels = (
            "?"
            if p["labels"] is None
            else ",".join(f"{k}={v}" for k, v in p["labels"].items() if k != "kumo.io/pool") or "-"
        )
        name = p["name"] + (" (system)" if p["system"] else "")
        spot = "?" if p["spot"] is None else "yes" if p["spot"] else "no"
        taints = "?" if p["taints"] is None else ", ".join(p["taints"]) or "-"
        table.add_row(
            name,
            shown(p["machine_type"]),
            shown(p["vcpu"]),
            shown(p["memory_gib"]),
            shown(p["min_nodes"]),
            shown(p["max_nodes"]),
            spot,
            labels,
            taints,
        )
    return table


def plan_tree(entries: list[dict[str, Any]]) -> None:
    """A readable tree of one planned environment: a branch per layer (its summary, then every resource
    under its parent)."""
    first = entries[0]
    layers = {e["layer"]: e for e in entries}
    total = sum(e["summary"]["resource_count"] for e in entries)
    cluster = layers["cluster"]["summary"]
    data = layers["data"]["summary"]
    head = (
        f"[bold]{first['stack']}[/] ({first['cloud']}, {first['location']}): cluster "
        f"[bold]{cluster['cluster']}[/], Kubernetes {cluster['kubernetes_version'] or 'the cloud default'}, "
        f"{data['zones']} zones, {total} resources in {len(entries)} layers"
    )
    root = Tree(head)
    for layer, entry in layers.items():
        summary = entry["summary"]
        branch = root.add(f"[bold]{layer}[/] layer: {summary['resource_count']} resources")
        if layer == "data":
            shared = summary["shared_storage"]
            branch.add(
                f"network {summary['network']['cidr']} ({summary['network']['nat']} NAT); shared storage: "
                + (
                    f"{shared['size_gb']} GiB, protect={shared['protect']}, "
                    f"retain_on_delete={shared['retain_on_delete']}"
                    if shared
                    else "none"
                )
            )
        elif layer == "cluster":
            api = summary["api"]
            branch.add(
                "API endpoint: "
                + ("public, allowed from " + ", ".join(api["authorized_cidrs"]) if api["public"] else "private")
            )
            branch.add(_pool_table(summary["node_pools"]))
            security = summary["security"]
            counts = ", ".join(f"{n} {status}" for status, n in security["counts"].items())
            failed = f" [bold red]failing: {', '.join(security['failed'])}[/]" if security["failed"] else ""
            branch.add(f"security rules: {counts}{failed} (`kumo check` for details)")
        else:
            classes = ", ".join(c["name"] + (" (default)" if c["default"] else "") for c in summary["storage_classes"])
            branch.add(f"storage classes: {classes or '-'}")
            lb = summary["load_balancer"]
            if lb["enabled"]:
                branch.add(
                    f"load balancer: {lb['scheme']}, ports {lb['ports']}, sources "
                    f"{', '.join(lb['source_cidrs']) or 'any'}{', static IP' if lb['static_ip'] else ''}"
                )
        _resource_tree(branch.add("resources"), entry["resources"])
    out.print(root)


def _resource_tree(branch: Tree, resources: list[dict[str, Any]]) -> None:
    """Every resource under its parent, siblings sorted by type and name (stable across runs)."""
    children: dict[str | None, list[dict[str, Any]]] = {}
    urns = {r["urn"] for r in resources}
    for r in resources:
        children.setdefault(r["parent"] if r["parent"] in urns else None, []).append(r)

    def add(node: Tree, parent: str | None) -> None:
        for r in sorted(children.get(parent, []), key=lambda r: (r["type"], r["name"])):
            flags = [flag for flag in ("protect", "retain_on_delete") if r["options"].get(flag)]
            label = f"{r['type']} [cyan]{r['name']}[/]" + (f" [yellow]({', '.join(flags)})[/]" if flags else "")
            add(node.add(label), r["urn"])

    add(branch, None)


def equivalence_table(equivalence: dict[str, Any]) -> None:
    """Per environment, a feature x stack table marking every difference."""
    for name, group in equivalence["groups"].items():
        table = Table(title=f"equivalence: {name} ({'equivalent' if group['equivalent'] else 'DIFFERENT'})")
        table.add_column("feature", overflow="fold")
        for stack in group["stacks"]:
            table.add_column(stack, overflow="fold")
        table.add_column("", overflow="fold")
        for feature, data in group["features"].items():
            cells = [_short(data["values"][s]) for s in group["stacks"]]
            diffs = data.get("differences") or []
            mark = "[green]=[/]" if data["equal"] else "[bold red]differs:[/] " + escape(", ".join(diffs))
            table.add_row(feature, *cells, mark)
        out.print(table)


def _short(value: Any) -> str:
    if isinstance(value, list) and value and isinstance(value[0], dict) and "name" in value[0]:
        return "\n".join(
            f"{v['name']}: " + " ".join(f"{k}={v[k]}" for k in v if k != "name" and not isinstance(v[k], (dict, list)))
            for v in value
        )
    if isinstance(value, dict):
        return "\n".join(f"{k}={v}" for k, v in value.items())
    return str(value)


# ---------------------------------------------------------------------------------------------------------
# Stack files


def stacks_table(rows: list[dict[str, Any]]) -> None:
    table = Table(box=None, pad_edge=False, show_edge=False)
    for column in ("stack", "cloud", "location", "pools"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(
            escape(row["stack"]),
            row["cloud"] or "?",
            escape(row["location"] or "-"),
            escape(row["pools"]) if row["problem"] is None else f"[red]{escape(row['problem'])}[/]",
        )
    out.print(table)


def validation(results: list[dict[str, Any]]) -> None:
    """Each stack's verdict (`ok` or `invalid`, with its problems) on stdout: the result of `kumo validate`;
    a warning (valid today, not for long) on stderr."""
    for r in results:
        if r["valid"]:
            out.print(f"[green]ok[/]  {escape(r['stack'])}", highlight=False, soft_wrap=True)
            for line in r.get("warnings", []):  # a diagnostic: valid today, not for long
                err.print(f"  [yellow]warning:[/] {escape(line)}", highlight=False, soft_wrap=True)
        else:
            out.print(f"[red]invalid[/]  {escape(r['stack'])}", highlight=False, soft_wrap=True)
            for line in r["problems"]:
                out.print(f"  {line}", markup=False, highlight=False, soft_wrap=True)


def plan_progress(verb: str, total: int) -> Callable[[str], None] | None:
    """`planning aws-dev (2/6)...` on stderr as each stack's plan starts, when there are several stacks and a
    person watches stderr; None (nothing printed) into a pipe or a log."""
    if total < 2 or not stderr_is_terminal():
        return None
    started = 0

    def report(stack: str) -> None:
        nonlocal started
        started += 1
        err.print(f"{verb} {stack} ({started}/{total})...", markup=False, highlight=False)

    return report
