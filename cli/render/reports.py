"""`kumo check`, `kumo preflight` and `kumo backend` reports."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from cli.render.consoles import out

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
        out.print(
            f"  {stack['stack']}: {counts['passed']} checks passed, {counts['failed']} failed, "
            f"{counts['skipped']} skipped",
            highlight=False,
            soft_wrap=True,
        )


def backend_result(result: dict[str, Any]) -> None:
    """What `kumo backend create` did, the differences of a non-compliant bucket, and the URL to use."""
    status = result["status"]
    if status == "created":
        out.print(
            f"created hardened state bucket {result['bucket']} in {result['region']}", highlight=False, soft_wrap=True
        )
    elif status == "already compliant":
        out.print(f"bucket {result['bucket']} already compliant: nothing changed", highlight=False, soft_wrap=True)
    else:
        out.print(f"bucket {result['bucket']} is non-compliant (not modified):", highlight=False, soft_wrap=True)
        for difference in result["differences"]:
            out.print(f"  - {difference}", markup=False, highlight=False, soft_wrap=True)
        return
    out.print(f"export PULUMI_BACKEND_URL='{result['backend_url']}'", markup=False, highlight=False, soft_wrap=True)


# ---------------------------------------------------------------------------------------------------------
# kumo check

_STATUS_STYLE = {
    "pass": "[green]pass[/]",
    "fail": "[bold red]FAIL[/]",
    "waived": "[yellow]waived[/]",
    "n/a": "[dim]n/a[/]",
}


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
    table.add_column("rule", overflow="fold")
    for cloud in clouds:
        table.add_column(cloud, overflow="fold")
    for rule_id, per_cloud in summary.items():
        table.add_row(
            rule_id, *(" ".join(_STATUS_STYLE[s] for s in per_cloud.get(cloud, [])) or "-" for cloud in clouds)
        )
    out.print(table)
