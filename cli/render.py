"""The only module that prints: rich tables and trees on stderr/stdout, JSON on stdout.

Results go to stdout (the plan tree, JSON); diagnostics and progress go to stderr.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

# Piped output (a file, a CI log) is not cut at 80 columns: tables keep their rows whole.
out = Console(highlight=False, soft_wrap=False, width=None if sys.stdout.isatty() or "COLUMNS" in os.environ else 160)
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
    security = summary["security"]
    counts = ", ".join(f"{n} {status}" for status, n in security["counts"].items())
    failed = f" [bold red]failing: {', '.join(security['failed'])}[/]" if security["failed"] else ""
    root.add(f"security rules: {counts}{failed} (`kumo check` for details)")
    _resource_tree(root.add("resources"), stack["resources"])
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
    for env, group in equivalence["groups"].items():
        table = Table(title=f"equivalence: {env} ({'equivalent' if group['equivalent'] else 'DIFFERENT'})")
        table.add_column("feature")
        for stack in group["stacks"]:
            table.add_column(stack)
        table.add_column("")
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
            for v in value)
    if isinstance(value, dict):
        return "\n".join(f"{k}={v}" for k, v in value.items())
    return str(value)


# ---------------------------------------------------------------------------------------------------------
# Prompts (a person at a terminal only)


def interactive() -> bool:
    """A person can answer: stdin is a terminal."""
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def confirm(question: str) -> bool:
    import typer

    return typer.confirm(question, default=False, err=True)


def ask_secret(question: str) -> str:
    import getpass

    return getpass.getpass(question + ": ", stream=sys.stderr)


def note(message: str) -> None:
    err.print(message, markup=False, highlight=False)


def warning(message: str) -> None:
    err.print(f"[yellow]warning:[/] {message}", markup=True, highlight=False)


# ---------------------------------------------------------------------------------------------------------
# Stack files

def stacks_table(rows: list[dict[str, Any]]) -> None:
    table = Table(box=None, pad_edge=False, show_edge=False)
    for column in ("stack", "cloud", "location", "pools"):
        table.add_column(column)
    for row in rows:
        table.add_row(escape(row["stack"]), row["cloud"] or "?", escape(row["location"] or "-"),
                      escape(row["pools"]) if row["problem"] is None else f"[red]{escape(row['problem'])}[/]")
    out.print(table)


def validation(results: list[dict[str, Any]]) -> None:
    for r in results:
        if r["valid"]:
            err.print(f"[green]ok[/]  {escape(r['stack'])}", highlight=False)
        else:
            err.print(f"[red]invalid[/]  {escape(r['stack'])}", highlight=False)
            for line in r["problems"]:
                err.print(f"  {line}", markup=False, highlight=False)


# ---------------------------------------------------------------------------------------------------------
# Operations: live progress (stderr), then a summary

OP_SYMBOLS = {"create": "+", "update": "~", "delete": "-", "replace": "+-", "create-replacement": "++",
              "delete-replaced": "--", "refresh": "r", "read": ">", "import": "=", "discard": "x"}
OP_DONE = {"create": "created", "update": "updated", "delete": "deleted", "replace": "replaced",
           "create-replacement": "created replacement", "delete-replaced": "deleted original",
           "read": "read", "refresh": "refreshed", "import": "imported", "discard": "forgotten"}
OP_PLANNED = {"create": "would create", "update": "would update", "delete": "would delete",
              "replace": "would replace", "create-replacement": "would create replacement",
              "delete-replaced": "would delete original", "read": "would read", "refresh": "would refresh",
              "import": "would import", "discard": "would forget"}
COUNTED = ("create", "update", "delete", "replace")


class OperationProgress:
    """One progress line per stack (phase, counts, elapsed) with a line per resource operation above them.
    Called from the engine's threads; rich's console and progress are thread-safe."""

    def __init__(self, operation: str, stacks: list[str]) -> None:
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.operation = operation
        self.width = max((len(s) for s in stacks), default=0)
        self.counts: dict[str, dict[str, int]] = {s: {op: 0 for op in COUNTED} for s in stacks}
        self.phases: dict[str, str] = {s: "waiting" for s in stacks}
        self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                                 console=err, transient=False)
        self.tasks = {s: self.progress.add_task(self._label(s), total=None) for s in stacks}

    def __enter__(self) -> OperationProgress:
        self.progress.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.progress.stop()

    def _label(self, stack: str) -> str:
        c = self.counts[stack]
        counts = " ".join(f"{OP_SYMBOLS[op]}{c[op]}" for op in COUNTED if c[op])
        return f"[bold]{stack:<{self.width}}[/] {self.operation}: {self.phases[stack]}" + (f"  {counts}" if counts else "")

    def phase(self, stack: str, text: str) -> None:
        self.phases[stack] = text
        done = text in ("succeeded", "failed", "cancelled", "refused")
        self.progress.update(self.tasks[stack], description=self._label(stack), total=1 if done else None,
                             completed=1 if done else 0)
        if done:
            self.progress.stop_task(self.tasks[stack])

    def event(self, stack: str, event: dict[str, Any]) -> None:
        kind = event["kind"]
        if kind == "diag":
            color = "red" if event["severity"] == "error" else "yellow"
            first = (event["message"].splitlines() or [""])[0]
            self.progress.console.print(f"[bold]{stack:<{self.width}}[/] [{color}]{event['severity']}:[/] {escape(first)}",
                                        highlight=False, markup=True)
            return
        if kind not in ("done", "failed") or event["op"] == "same":
            return
        op = event["op"]
        name = event["urn"].rsplit("::", 1)[-1]
        if kind == "failed":
            verb, color = f"failed to {op}", "red"
        else:
            verb = (OP_PLANNED if event["planning"] else OP_DONE).get(op, op)
            color = "red" if "delete" in op or op == "replace" else "green" if op == "create" else "yellow"
            if op in self.counts[stack]:
                self.counts[stack][op] += 1
                self.progress.update(self.tasks[stack], description=self._label(stack))
        self.progress.console.print(f"[bold]{stack:<{self.width}}[/] [{color}]{OP_SYMBOLS.get(op, ' ')} {verb}[/] "
                                    f"{escape(event['type'])} [cyan]{escape(name)}[/]", highlight=False, markup=True)

    def note(self, text: str) -> None:
        self.progress.console.print(text, markup=False, highlight=False)


def changes_summary(results: list[Any], title: str) -> None:
    """Per stack: the planned (or done) changes by kind."""
    table = Table(title=title, box=None, pad_edge=False, show_edge=False, title_justify="left")
    for column in ("stack", "create", "update", "replace", "delete", "same"):
        table.add_column(column, justify="left" if column == "stack" else "right")
    for r in results:
        c = r.changes
        table.add_row(r.stack, *(str(c.get(k, 0)) for k in ("create", "update", "replace", "delete", "same")))
    err.print(table)


def operation_results(results: list[Any]) -> None:
    for r in results:
        color = {"succeeded": "green", "refused": "yellow"}.get(r.status, "red")
        changes = ", ".join(f"{n} {k}" for k, n in r.changes.items() if n and k != "same") or "no changes"
        err.print(f"[{color}]{r.status}[/] {escape(r.stack)} {r.operation} ({changes}, {r.elapsed_s:.0f}s)",
                  highlight=False)
        for v in r.violations:
            err.print(f"  refused: would {v.op} {v.urn} ({v.reason})", markup=False, highlight=False)
        for k in r.kept:
            err.print(f"  kept: {k['type']} {k['urn'].rsplit('::', 1)[-1]} (id {k['id']}): {k['why']}",
                      markup=False, highlight=False)
        if r.kept:
            err.print("  (kept resources stay in the stack's state, protected: `kumo up` uses them again, "
                      "`kumo destroy --delete-data` deletes them)", markup=False, highlight=False)
        for d in r.deleted_data:
            err.print(f"  deleted data: {d['type']} {d['urn'].rsplit('::', 1)[-1]} (id {d['id']})",
                      markup=False, highlight=False)
        if r.error is not None and r.status != "refused":
            err.print(f"  {r.error.message}", markup=False, highlight=False)


def outputs_table(stack: str, outputs: dict[str, Any]) -> None:
    table = Table(title=f"outputs of {stack}", box=None, pad_edge=False, show_edge=False, title_justify="left")
    table.add_column("output")
    table.add_column("value")
    for key, value in outputs.items():
        table.add_row(key, value if isinstance(value, str) else json.dumps(value, indent=1))
    out.print(table)


def doctor_report(checks: list[dict[str, Any]]) -> None:
    marks = {"ok": "[green]ok[/]     ", "missing": "[red]missing[/]", "warn": "[yellow]warn[/]   "}
    for c in checks:
        out.print(f"{marks[c['status']]} {escape(c['name'])}: {escape(c['detail'])}", highlight=False)
        if c["status"] != "ok" and c.get("fix"):
            out.print(f"         [dim]fix:[/] {escape(c['fix'])}", highlight=False)


_MARKS = {"passed": "[green]✓ passed [/]", "failed": "[bold red]✗ failed [/]", "skipped": "[yellow]- skipped[/]"}


def preflight_report(report: dict[str, Any]) -> None:
    """One line per check (its result and detail), the fix under a failure, a count per stack."""
    for stack in report["stacks"]:
        out.print(f"[bold]{stack['stack']}[/] ({stack['cloud']}, {stack['location']})", highlight=False, soft_wrap=True)
        for check in stack["checks"]:
            out.print(f"  {_MARKS[check['status']]}  {check['title']}: ", end="", highlight=False, soft_wrap=True)
            out.print(check["detail"], markup=False, highlight=False, soft_wrap=True)
            if check["fix"] and check["status"] != "passed":
                out.print("      fix: ", end="", style="dim", highlight=False, soft_wrap=True)
                out.print(check["fix"], markup=False, highlight=False, soft_wrap=True)
        counts = stack["summary"]
        out.print(f"  {stack['stack']}: {counts['passed']} checks passed, {counts['failed']} failed, "
                  f"{counts['skipped']} skipped", highlight=False, soft_wrap=True)


def backend_result(result: dict[str, Any]) -> None:
    """What `kumo backend create` did, the differences of a non-compliant bucket, and the URL to use."""
    status = result["status"]
    if status == "created":
        out.print(f"created hardened state bucket {result['bucket']} in {result['region']}", highlight=False, soft_wrap=True)
    elif status == "already compliant":
        out.print(f"bucket {result['bucket']} already compliant: nothing changed", highlight=False, soft_wrap=True)
    else:
        out.print(f"bucket {result['bucket']} is non-compliant (not modified):", highlight=False, soft_wrap=True)
        for difference in result["differences"]:
            out.print(f"  - {difference}", markup=False, highlight=False, soft_wrap=True)
        return
    out.print(f"export PULUMI_BACKEND_URL='{result['backend_url']}'", markup=False, highlight=False, soft_wrap=True)


def yaml_document(document: Any) -> None:
    import yaml

    sys.stdout.write(yaml.safe_dump(json.loads(json.dumps(document)), sort_keys=False, default_flow_style=False))


# ---------------------------------------------------------------------------------------------------------
# kumo check

_STATUS_STYLE = {"pass": "[green]pass[/]", "fail": "[bold red]FAIL[/]", "waived": "[yellow]waived[/]",
                 "n/a": "[dim]n/a[/]"}


def check_table(report: dict[str, Any]) -> None:
    """One stack's rule results: status, rule, title, and for failures what was found and the fix; then
    its waivers (every report lists them)."""
    counts = ", ".join(f"{n} {status}" for status, n in sorted(report["counts"].items()))
    table = Table(title=f"{report['stack']} ({report['cloud']}): {counts}", title_justify="left")
    for column in ("status", "rule", "title", "details"):
        table.add_column(column, overflow="fold")
    for result in report["results"]:
        failures = [f for f in result["findings"] if not f["passed"]]
        if result["status"] == "n/a":
            details = result["reason"]
        elif failures:
            details = "\n".join(f"{f['name']}: {f['found']} -> {f['fix']}" for f in failures[:5])
            if len(failures) > 5:
                details += f"\n(+{len(failures) - 5} more)"
            if result["status"] == "waived":
                details = f"waived: {result['reason']}\n{details}"
        else:
            details = f"{len(result['findings'])} checked"
        table.add_row(_STATUS_STYLE[result["status"]], result["rule"], result["title"], details)
    out.print(table)
    if report["waivers"]:
        for waiver in report["waivers"]:
            used = "" if waiver["used"] else " [yellow](unused: the rule passes, the waiver can go)[/]"
            out.print(f"  waiver {waiver['rule']}: {waiver['reason']}{used}")
    else:
        out.print("  waivers: none")


def check_summary(summary: dict[str, dict[str, list[str]]]) -> None:
    """Cross-cloud summary: per rule, each cloud's stacks' statuses."""
    clouds = sorted({cloud for per_cloud in summary.values() for cloud in per_cloud})
    out.print("[bold]rules across clouds[/] (each cloud's stacks, in order)")
    table = Table()
    table.add_column("rule")
    for cloud in clouds:
        table.add_column(cloud)
    for rule_id, per_cloud in summary.items():
        table.add_row(rule_id, *(" ".join(_STATUS_STYLE[s] for s in per_cloud.get(cloud, [])) or "-"
                                 for cloud in clouds))
    out.print(table)
