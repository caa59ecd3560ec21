"""The only place that prints: rich tables, trees and progress, and JSON on stdout.

Results go to stdout (the plan tree, tables, JSON); diagnostics, prompts and progress go to stderr. The
renderers for each command family live in the submodules and are re-exported here, so commands call
`render.<function>` and tests can replace a prompt in one place.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from cli.render.consoles import err, out

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


def yaml_document(document: Any) -> None:
    import yaml

    sys.stdout.write(yaml.safe_dump(json.loads(json.dumps(document)), sort_keys=False, default_flow_style=False))


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


from cli.render.operations import (  # noqa: E402 - after the prompts the submodules use
    OperationProgress,
    changes_summary,
    doctor_report,
    operation_results,
    outputs_table,
)
from cli.render.plan import equivalence_table, plan_tree, stacks_table, validation  # noqa: E402
from cli.render.reports import backend_result, check_summary, check_table, preflight_report  # noqa: E402

__all__ = [
    "OperationProgress", "ask_secret", "backend_result", "changes_summary", "check_summary", "check_table",
    "confirm", "doctor_report", "equivalence_table", "err", "error", "interactive", "json_document", "note",
    "operation_results", "out", "outputs_table", "plan_tree", "preflight_report", "stacks_table", "validation",
    "warning", "yaml_document",
]
