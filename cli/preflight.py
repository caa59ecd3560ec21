"""`kumo preflight`: ask the clouds, before `up`, about what would make it fail (quotas, zones, names...).

Exit codes (ARCHITECTURE.md): 0 every check passed or was not applicable; 1 a check failed (the cloud
said something that would make `up` fail: that is "the operation ran and failed"); 4 nothing failed but a
check could not run for a missing prerequisite (credentials, the az / gcloud CLI, a permission); 2 bad
input (unknown stack, a spec that does not validate, an unknown region) before any cloud is asked.

`kumo up` calls `run_preflight(stack_files)` and then `require_ready(report)` unless --skip-preflight.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cli.errors import BadInput, MissingPrerequisite, OperationFailed
from cli.options import AllOpt, CheckedBackendOpt, PreflightJsonOpt, StacksArg

if TYPE_CHECKING:
    from components.preflight import CheckResult, PreflightReport, Target
    from components.stackfiles import StackFile


def resolve_backend_url(explicit: str | None = None) -> str | None:
    """The state backend `up` would use: --backend, PULUMI_BACKEND_URL, Pulumi.yaml backend.url, the current
    `pulumi login`, else kumo's local default (cli/settings.py decides, for every command alike)."""
    from cli.settings import resolve_backend
    from components.stackfiles import project_dir

    return resolve_backend(explicit, project_dir()).url


def targets(stack_files: Sequence[StackFile], backend_url: str | None) -> list[Target]:
    """Validate every stack before asking any cloud; every problem at once, as bad input."""
    from components.preflight import Target
    from components.sizes import pool_machine_types
    from components.spec import SpecError

    problems: list[str] = []
    found: list[Target] = []
    for stack in stack_files:
        try:
            spec = stack.spec()
        except SpecError as exc:
            problems.append(str(exc))
            continue
        location = stack.location
        problem = _location_problem(stack)
        if problem:
            problems.append(f"{stack.path.name}: {problem}")
            continue
        found.append(
            Target(
                stack=stack.name,
                cloud=stack.cloud,
                location=location,
                spec=spec,
                config=dict(stack.config),
                backend_url=backend_url,
                machine_types=pool_machine_types(stack.cloud, spec),
            )
        )
    if problems:
        raise BadInput("\n".join(problems))
    return found


def _location_problem(stack: StackFile) -> str | None:
    """The cloud's own check of its location keys (`components/<cloud>/preflight.location_problem`)."""
    from components.clouds import cloud

    return cloud(stack.cloud).preflight.load().location_problem(stack.config)


def check_target(target: Target, **options: Any) -> list[CheckResult]:
    """Run the check list of the target's cloud. `options` go to the cloud's `context()` (tests pass a
    recorded command runner or boto3 session there)."""
    from components.clouds import cloud
    from components.preflight import run_checks

    module: Any = cloud(target.cloud).preflight.load()  # Any: `options` are the cloud's own test seams
    return run_checks(module.CHECKS, module.context(target, **options))


def run_preflight(
    stack_files: Sequence[StackFile],
    *,
    backend_url: str | None = None,
    options: dict[str, dict[str, Any]] | None = None,
) -> PreflightReport:
    """Run every cloud's checks for every stack and collect every result (never stops at a failure).

    `backend_url` defaults to the one in use (`resolve_backend_url`). `options` maps a cloud to keyword
    arguments for its `context()` (tests pass a recorded runner or a boto3 session). Raises `BadInput`
    when a stack does not validate; otherwise returns the report, whatever it says.
    """
    from components.preflight import PreflightReport, StackReport

    url = resolve_backend_url(backend_url)
    reports = [
        StackReport(t.stack, t.cloud, t.location, check_target(t, **(options or {}).get(t.cloud, {})))
        for t in targets(stack_files, url)
    ]
    return PreflightReport(stacks=reports, backend_url=url)


def require_ready(report: PreflightReport, *, shown: bool = True) -> None:
    """Raise the error `kumo up` (or `kumo preflight`) exits with, if the report is not all clear. The hint
    points at the checks "above" only when they were `shown`; otherwise at `kumo preflight`, which lists them."""
    where = "above" if shown else "in `kumo preflight STACK`"
    if report.failed:
        names = ", ".join(f"{stack}: {r.id}" for stack, r in report.failed)
        raise OperationFailed(
            f"preflight failed ({names})",
            hint=f"fix what each failed check {where} says, or pass --skip-preflight to `kumo up`",
        )
    if report.missing:
        raise MissingPrerequisite(
            f"preflight could not run every check: missing {', '.join(report.missing)}",
            hint=f"each skipped check {where} says how to make it runnable",
        )


def preflight(
    stacks: StacksArg = None, all_: AllOpt = False, json_: PreflightJsonOpt = False, backend: CheckedBackendOpt = None
) -> None:
    """Check with the clouds what would make `up` fail: credentials, region, zones, machine types, quotas,
    cluster name, Kubernetes version, state backend."""
    from cli import render
    from cli.selection import select_stacks

    report = run_preflight(select_stacks(stacks, all_), backend_url=backend)
    if json_:
        render.json_document(report.to_json())
    else:
        render.preflight_report(report.to_json())
    require_ready(report)
