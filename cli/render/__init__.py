"""The only place that prints: rich tables, trees and progress, and JSON on stdout.

Results go to stdout (the plan tree, tables, JSON); diagnostics, prompts and progress go to stderr. The
renderers for each command family live in the submodules and are re-exported here, so commands call
`render.<function>` and tests can replace a prompt in one place.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.markup import escape

from cli.render.consoles import err, out, stderr_is_terminal, widen


def error(message: str, *, hint: str | None = None) -> None:
    """One clear line (plus the fix, if there is one) on stderr. The message is text, never markup: it may
    quote a user's value (a key such as `[/red]` in a stack file)."""
    first, *rest = message.splitlines() or [""]
    err.print(f"[bold red]error:[/] {escape(first)}", markup=True, highlight=False)
    for line in rest:
        err.print(line, markup=False, highlight=False)
    if hint:
        err.print(f"[dim]hint:[/] {escape(hint)}", markup=True, highlight=False)


def whole_numbers(value: Any) -> Any:
    """`value` with every integral float as an int (3.0 -> 3), through dicts and lists.

    Pulumi's wire format (a protobuf Struct) has only doubles, so the offline engine hands the program's
    counts, sizes, ports and replicas back as 3.0. A property value is a JSON number to the engine and the
    providers alike, so 3 and 3.0 are one value: nothing changes meaning, and the documents print what
    `pulumi preview --json` would. A fraction stays a float."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: whole_numbers(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [whole_numbers(item) for item in value]
    return value


def json_document(document: Any) -> None:
    """A JSON document on stdout, byte-for-byte the same for the same input: keys sorted. (The plan and check
    documents have their whole numbers as integers already: `whole_numbers`.)"""
    sys.stdout.write(json.dumps(document, indent=2, sort_keys=True, default=str) + "\n")


def verdict(message: str, *, json_: bool = False) -> None:
    """A command's final result line: on stdout, the results' stream (on stderr when stdout holds a JSON
    document, which stays pure JSON). Text, never markup."""
    (err if json_ else out).print(message, markup=False, highlight=False, soft_wrap=True)


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
    err.print(f"[yellow]warning:[/] {escape(message)}", markup=True, highlight=False)


from cli.render.cost import cost_rows  # noqa: E402
from cli.render.operations import (  # noqa: E402 - after the prompts the submodules use
    OperationProgress,
    changes_summary,
    doctor_report,
    operation_results,
    outputs_table,
)
from cli.render.plan import equivalence_table, plan_progress, plan_tree, stacks_table, validation  # noqa: E402
from cli.render.reports import backend_result, check_summary, check_table, preflight_report  # noqa: E402

__all__ = [
    "OperationProgress",
    "ask_secret",
    "backend_result",
    "changes_summary",
    "check_summary",
    "check_table",
    "confirm",
    "cost_rows",
    "doctor_report",
    "equivalence_table",
    "err",
    "error",
    "interactive",
    "json_document",
    "note",
    "operation_results",
    "out",
    "outputs_table",
    "plan_progress",
    "plan_tree",
    "preflight_report",
    "stacks_table",
    "stderr_is_terminal",
    "validation",
    "verdict",
    "warning",
    "whole_numbers",
    "widen",
    "yaml_document",
]
