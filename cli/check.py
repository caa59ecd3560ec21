"""`kumo check`: run kumo's security rules on each stack's offline plan; exit 3 on any unwaived failure.

`kumo up` runs the same evaluation (`require_rules`) before it touches any layer, and `kumo init` prints
the verdict of the stack it wrote (`check_document`): one engine, one set of waivers, one verdict.
"""

from __future__ import annotations

from typing import Any

from cli.errors import RulesFailed
from cli.options import AllOpt, CheckJsonOpt, StacksArg, WideOpt
from cli.plan import Progress

CHECK_FORMAT = 1
WAIVE_HINT = "fix the findings, or waive a rule in the stack's kumo:cluster.waivers with a reason"


def check_document(stack_files: list[Any], *, progress: Progress | None = None) -> dict[str, Any]:
    """Every stack's report and the cross-cloud summary: rule -> cloud -> statuses of that cloud's stacks.
    Whole numbers are integers (`render.whole_numbers`), as in the plan document."""
    from cli.plan import plan_stacks
    from cli.render import whole_numbers
    from components.policy.engine import rules

    reports = [planned.report for planned in plan_stacks(stack_files, progress=progress)]
    summary: dict[str, dict[str, list[str]]] = {}
    for rule in rules():
        summary[rule.id] = {}
        for report in reports:
            summary[rule.id].setdefault(report.cloud, []).append(report.status(rule.id))
    return whole_numbers(
        {
            "kumo_check": CHECK_FORMAT,
            "ok": all(r.ok for r in reports),
            "rules": [r.to_json() for r in rules()],
            "stacks": [r.to_json() for r in reports],
            "summary": summary,
        }
    )


def failed_rules(document: dict[str, Any]) -> str | None:
    """`aws-dev (NET-01, GOV-03), gcp-dev (NET-01)`: each stack with unwaived failures, or None."""
    failed = [s for s in document["stacks"] if not s["ok"]]
    if not failed:
        return None
    return ", ".join(
        f"{s['stack']} ({', '.join(r['rule'] for r in s['results'] if r['status'] == 'fail')})" for s in failed
    )


def require_rules(stack_files: list[Any], *, json_: bool) -> None:
    """`kumo up`'s rule gate, before any layer is touched: the rules on each stack's offline plan of the same
    program and config (what `kumo check` runs: the preview's events carry no property dependencies, and
    a first `up` cannot preview a layer whose earlier layers do not exist yet). On any unwaived failure,
    print the failed stacks' tables (or, with --json, the operation document with every stack's report)
    and refuse with exit 3."""
    from cli import render
    from cli.runs import operation_document

    document = check_document(stack_files, progress=render.plan_progress("checking", len(stack_files)))
    detail = failed_rules(document)
    if detail is None:
        return
    if json_:
        render.json_document(operation_document("up", [], False, rules=document["stacks"]))
    else:
        for stack in document["stacks"]:
            if not stack["ok"]:
                render.check_table(stack)
    raise RulesFailed(
        f"up refused: security rules failed: {detail}",
        hint=f"{WAIVE_HINT}; `kumo check` shows the same verdict; nothing was changed",
    )


def check(stacks: StacksArg = None, all_: AllOpt = False, json_: CheckJsonOpt = False, wide: WideOpt = False) -> None:
    """Check stacks against kumo's security rules offline; exit 3 on any unwaived failure."""
    from cli import render
    from cli.selection import select_stacks

    files = select_stacks(stacks, all_)
    document = check_document(files, progress=render.plan_progress("checking", len(files)))
    detail = failed_rules(document)
    if json_:
        render.json_document(document)
    else:
        if wide:
            render.widen()
        for stack in document["stacks"]:
            render.check_table(stack)
        render.check_summary(document["summary"])
        render.verdict(verdict_line(document))
    if detail is not None:
        raise RulesFailed(f"security rules failed: {detail}", hint=WAIVE_HINT)


def verdict_line(document: dict[str, Any]) -> str:
    """The check's result in one line: `rules passed: aws-dev, gcp-dev (no unwaived failure)` or
    `rules failed: public (NET-01)`."""
    detail = failed_rules(document)
    if detail is None:
        return f"rules passed: {', '.join(s['stack'] for s in document['stacks'])} (no unwaived failure)"
    return f"rules failed: {detail}"
