"""`kumo check`: run kumo's security rules on each stack's offline plan; exit 3 on any unwaived failure."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from cli.errors import RulesFailed

StacksArg = Annotated[list[str] | None, typer.Argument(help="Stack names (see `kumo stacks`).", show_default=False)]
AllOpt = Annotated[bool, typer.Option("--all", help="Every stack in stacks/.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the check document (JSON) on stdout.")]

CHECK_FORMAT = 1


def check_document(stack_files: list[Any]) -> dict[str, Any]:
    """Every stack's report and the cross-cloud summary: rule -> cloud -> statuses of that cloud's stacks."""
    from cli.plan import plan_stacks
    from components.policy.engine import rules

    reports = [planned.report for planned in plan_stacks(stack_files)]
    summary: dict[str, dict[str, list[str]]] = {}
    for rule in rules():
        summary[rule.id] = {}
        for report in reports:
            summary[rule.id].setdefault(report.cloud, []).append(report.status(rule.id))
    return {"kumo_check": CHECK_FORMAT, "ok": all(r.ok for r in reports),
            "rules": [r.to_json() for r in rules()],
            "stacks": [r.to_json() for r in reports], "summary": summary}


def register(app: typer.Typer) -> None:
    if any((c.name or getattr(c.callback, "__name__", None)) == "check" for c in app.registered_commands):
        return  # registered already (the CLI's app and a test may both wire it)

    @app.command()
    def check(stacks: StacksArg = None, all_: AllOpt = False, json_: JsonOpt = False) -> None:
        """Check stacks against kumo's security rules offline; exit 3 on any unwaived failure."""
        from cli import render
        from cli.plan import select_stacks

        document = check_document(select_stacks(stacks, all_))
        if json_:
            render.json_document(document)
        else:
            for stack in document["stacks"]:
                render.check_table(stack)
            render.check_summary(document["summary"])
        failed = [s for s in document["stacks"] if not s["ok"]]
        if failed:
            detail = ", ".join(f"{s['stack']} ({', '.join(r['rule'] for r in s['results'] if r['status'] == 'fail')})"
                               for s in failed)
            raise RulesFailed(f"security rules failed: {detail}",
                              hint="fix the findings, or waive a rule in the stack's kumo:cluster.waivers with a reason")
