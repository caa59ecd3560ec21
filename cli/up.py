"""`kumo up`: the security rules (as `kumo check`), preflight, then layer after layer: preview, refuse a plan
that replaces or deletes a stateful resource unless `--allow-replace URN` names it, confirm, apply."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cli.errors import KumoError, OperationFailed, RulesFailed
from cli.layer_checks import Quiet, applied, chosen_layers, require_earlier_layers, require_reachable
from cli.runs import finish, new_results, open_session, require_answerable

if TYPE_CHECKING:
    from cli.engine import Session, StackResult
    from components.stackfiles import StackFile


def _preview_and_gate(
    session: Session, files: list[StackFile], layer: str, allowed: list[str], title: str
) -> list[StackResult]:
    """Preview one layer of every stack concurrently and mark the stateful replacements nobody allowed."""
    from cli import gate, render

    previews = new_results(files, "up", layer)
    with render.OperationProgress(title, [r.label for r in previews]) as progress:
        session.reporter = progress
        session.run_all(previews, session.preview)
        for r in previews:
            r.violations = gate.violations(r.steps, gate.stateful_types(r.cloud), allowed)
            if r.violations and r.error is None:
                r.status = "refused"
                progress.phase(r.label, "refused")
    return previews


def _refusal(previews: list[StackResult]) -> KumoError | None:
    refused = [f"  {r.label}: would {v.op} {v.type} {v.urn} ({v.reason})" for r in previews for v in r.violations]
    if not refused:
        return None
    return RulesFailed(
        "up refused: the plan replaces or deletes stateful resources:\n" + "\n".join(refused),
        hint="if that is intended (the data goes with it), name each URN with --allow-replace URN; "
        "nothing was changed in this layer or after it",
    )


def gate_every_layer(
    session: Session, files: list[StackFile], layers: tuple[str, ...], allowed: list[str]
) -> tuple[list[StackResult], KumoError] | None:
    """When every layer to apply already exists (an update, not a first deployment), preview them all and
    refuse before changing any: a spec change that would replace or delete durable data in a later layer
    stops the run before an earlier layer is touched. Each layer is previewed again right before it is
    applied, against the outputs the layers before it then have."""
    if len(layers) < 2 or not all(applied(session, f.name, name) for f in files for name in layers):
        return None
    if "in-cluster" in layers:  # its preview talks to the API server too
        require_reachable(session, files, "up")
    previews = [
        r for current in layers for r in _preview_and_gate(session, files, current, allowed, f"up {current} (gate)")
    ]
    if any(r.error for r in previews):
        return previews, next(r.error for r in previews if r.error is not None)
    refusal = _refusal(previews)
    return None if refusal is None else (previews, refusal)


def require_preflight(files: list[StackFile], backend: str | None, json_: bool) -> None:
    """Run preflight; when it is not all clear, show its report (not with --json: stdout is the JSON) and
    refuse, the hint pointing at checks only when they were printed."""
    from cli import render
    from cli.preflight import require_ready, run_preflight

    report = run_preflight(files, backend_url=backend)
    if (report.failed or report.missing) and not json_:
        render.preflight_report(report.to_json())
    require_ready(report, shown=not json_)


def run_up(
    files: list[StackFile],
    layer: str | None,
    backend: str | None,
    secrets: str | None,
    json_: bool,
    yes: bool,
    allowed: list[str],
    skip_preflight: bool = False,
) -> None:
    """The security rules on every stack (offline, as `kumo check`), preflight, then layer after layer
    (data -> cluster -> in-cluster): check what the layer reads exists, check the API answers (in-cluster),
    preview every stack, refuse stateful replacements, confirm, apply. A failure or a refusal stops before
    the next layer; finished layers stay as they are."""
    from cli import render
    from cli.check import require_rules

    layers = chosen_layers(layer)  # bad input first: before preflight asks any cloud
    require_answerable(yes, "up")
    require_rules(files, json_=json_)  # no cloud needed: an unwaived failure stops the run before anything
    if not skip_preflight:  # ask the clouds about quotas, zones, names... before touching anything
        require_preflight(files, backend, json_)
    session = open_session(files, backend, secrets, Quiet(), cloud_credentials=True)
    done: set[str] = set()
    results: list[StackResult] = []
    refusal = gate_every_layer(session, files, layers, allowed)
    if refusal is not None:
        return finish("up", refusal[0], json_, refusal[1])
    for current in layers:
        session.reporter = Quiet()
        require_earlier_layers(session, files, current, done)
        if current == "in-cluster":
            require_reachable(session, files, "up")
        previews = _preview_and_gate(session, files, current, allowed, f"up {current} (preview)")
        if any(r.error for r in previews):
            return finish("up", [*results, *previews], json_)
        refusal = _refusal(previews)
        if refusal is not None:
            return finish("up", [*results, *previews], json_, refusal)
        if not any(n for r in previews for k, n in r.changes.items() if k != "same"):
            render.note(f"{current}: no changes to apply")
            results.extend(previews)
            done.add(current)
            continue
        if not yes:
            render.changes_summary(previews, f"planned changes ({current} layer)")
            if not render.confirm(f"Apply these changes to the {current} layer of {', '.join(f.name for f in files)}?"):
                raise OperationFailed(
                    "not confirmed: nothing was changed in this layer"
                    + (f" (applied before it: {', '.join(sorted(done))})" if done else "")
                )
        batch = new_results(files, "up", current)
        with render.OperationProgress(f"up {current}", [r.label for r in batch]) as progress:
            session.reporter = progress
            session.run_all(batch, session.up)
        results.extend(batch)
        if any(r.error for r in batch):
            break
        done.add(current)
    finish("up", results, json_)
