"""Operations (preview, up, refresh, destroy): live progress and results; outputs and doctor."""

from __future__ import annotations

import json
from typing import Any

from rich.markup import escape
from rich.table import Table

from cli.render.consoles import err, out

# ---------------------------------------------------------------------------------------------------------
# Operations: live progress (stderr), then a summary

OP_SYMBOLS = {
    "create": "+",
    "update": "~",
    "delete": "-",
    "replace": "+-",
    "create-replacement": "++",
    "delete-replaced": "--",
    "refresh": "r",
    "read": ">",
    "import": "=",
    "discard": "x",
}
OP_DONE = {
    "create": "created",
    "update": "updated",
    "delete": "deleted",
    "replace": "replaced",
    "create-replacement": "created replacement",
    "delete-replaced": "deleted original",
    "read": "read",
    "refresh": "refreshed",
    "import": "imported",
    "discard": "forgotten",
}
OP_PLANNED = {
    "create": "would create",
    "update": "would update",
    "delete": "would delete",
    "replace": "would replace",
    "create-replacement": "would create replacement",
    "delete-replaced": "would delete original",
    "read": "would read",
    "refresh": "would refresh",
    "import": "would import",
    "discard": "would forget",
}
COUNTED = ("create", "update", "delete", "replace")


class OperationProgress:
    """One progress line per stack (phase, counts, elapsed) with a line per resource operation above them.
    Called from the engine's threads; rich's console and progress are thread-safe."""

    def __init__(self, operation: str, stacks: list[str]) -> None:
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.operation = operation
        self.width = max((len(s) for s in stacks), default=0)
        self.counts: dict[str, dict[str, int]] = {s: dict.fromkeys(COUNTED, 0) for s in stacks}
        self.phases: dict[str, str] = dict.fromkeys(stacks, "waiting")
        self.progress = Progress(
            SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err, transient=False
        )
        self.tasks = {s: self.progress.add_task(self._label(s), total=None) for s in stacks}

    def __enter__(self) -> OperationProgress:
        self.progress.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.progress.stop()

    def _label(self, stack: str) -> str:
        c = self.counts[stack]
        counts = " ".join(f"{OP_SYMBOLS[op]}{c[op]}" for op in COUNTED if c[op])
        return f"[bold]{stack:<{self.width}}[/] {self.operation}: {self.phases[stack]}" + (
            f"  {counts}" if counts else ""
        )

    def phase(self, stack: str, text: str) -> None:
        self.phases[stack] = text
        done = text in ("succeeded", "failed", "cancelled", "refused", "skipped", "kept")
        self.progress.update(
            self.tasks[stack], description=self._label(stack), total=1 if done else None, completed=1 if done else 0
        )
        if done:
            self.progress.stop_task(self.tasks[stack])

    def event(self, stack: str, event: dict[str, Any]) -> None:
        kind = event["kind"]
        if kind == "diag":
            color = "red" if event["severity"] == "error" else "yellow"
            first = (event["message"].splitlines() or [""])[0]
            self.progress.console.print(
                f"[bold]{stack:<{self.width}}[/] [{color}]{event['severity']}:[/] {escape(first)}",
                highlight=False,
                markup=True,
            )
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
        self.progress.console.print(
            f"[bold]{stack:<{self.width}}[/] [{color}]{OP_SYMBOLS.get(op, ' ')} {verb}[/] "
            f"{escape(event['type'])} [cyan]{escape(name)}[/]",
            highlight=False,
            markup=True,
        )

    def note(self, text: str) -> None:
        self.progress.console.print(text, markup=False, highlight=False)


def changes_summary(results: list[Any], title: str) -> None:
    """Per stack: the planned (or done) changes by kind."""
    table = Table(title=title, box=None, pad_edge=False, show_edge=False, title_justify="left")
    for column in ("stack", "create", "update", "replace", "delete", "same"):
        table.add_column(column, justify="left" if column == "stack" else "right", overflow="fold")
    for r in results:
        c = r.changes
        table.add_row(r.label, *(str(c.get(k, 0)) for k in ("create", "update", "replace", "delete", "same")))
    err.print(table)


def operation_results(results: list[Any], *, json_: bool = False) -> None:
    """Each stack's outcome, the command's result: on stdout, or on stderr when stdout holds the JSON document."""
    console = err if json_ else out
    for r in results:
        color = {"succeeded": "green", "refused": "yellow", "kept": "cyan", "skipped": "yellow"}.get(r.status, "red")
        if r.status in ("kept", "skipped"):
            console.print(f"[{color}]{r.status}[/] {escape(r.label)}: {escape(r.note or '')}", highlight=False)
        else:
            changes = ", ".join(f"{n} {k}" for k, n in r.changes.items() if n and k != "same") or "no changes"
            console.print(
                f"[{color}]{r.status}[/] {escape(r.label)} {r.operation} ({changes}, {r.elapsed_s:.0f}s)",
                highlight=False,
            )
        for v in r.violations:
            console.print(f"  refused: would {v.op} {v.urn} ({v.reason})", markup=False, highlight=False)
        for k in r.kept:
            console.print(
                f"  kept: {k['type']} {k['urn'].rsplit('::', 1)[-1]} (id {k['id']}): {k['why']}",
                markup=False,
                highlight=False,
            )
        for d in r.deleted_data:
            console.print(
                f"  deleted data: {d['type']} {d['urn'].rsplit('::', 1)[-1]} (id {d['id']})",
                markup=False,
                highlight=False,
            )
        if r.error is not None and r.status != "refused":
            console.print(f"  {r.error.message}", markup=False, highlight=False)


def outputs_table(stack: str, outputs: dict[str, Any]) -> None:
    table = Table(title=f"outputs of {stack}", box=None, pad_edge=False, show_edge=False, title_justify="left")
    table.add_column("output", overflow="fold")
    table.add_column("value", overflow="fold")
    for key, value in outputs.items():
        table.add_row(key, value if isinstance(value, str) else json.dumps(value, indent=1))
    out.print(table)


def doctor_report(checks: list[dict[str, Any]]) -> None:
    marks = {"ok": "[green]ok[/]     ", "missing": "[red]missing[/]", "warn": "[yellow]warn[/]   "}
    for c in checks:
        out.print(f"{marks[c['status']]} {escape(c['name'])}: {escape(c['detail'])}", highlight=False)
        if c["status"] != "ok" and c.get("fix"):
            out.print(f"         [dim]fix:[/] {escape(c['fix'])}", highlight=False)
