"""`kumo preview | up | refresh | destroy`: real runs through the Pulumi Automation API (cli/engine).

Thin commands: pick and validate the stacks (cli/selection.py), then hand over. preview and refresh run
here, layer after layer; `up` (cli/up.py) refuses (exit 3) a stack that fails kumo's rules (as `kumo check`),
then previews and refuses a plan that replaces or deletes a stateful resource unless `--allow-replace URN`
names it; `destroy` (cli/destroy.py) keeps the data layer unless `--delete-data`. `up` and `destroy` ask
before changing anything unless `--yes`, and never ask without a terminal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from cli.errors import BadInput
from cli.layer_checks import Quiet, applied, chosen_layers
from cli.options import AllOpt, BackendOpt, LayerOpt, OperationJsonOpt, SecretsOpt, StacksArg, YesOpt
from cli.runs import finish, new_results, open_session
from cli.selection import select_valid

if TYPE_CHECKING:
    from cli.engine import StackResult
    from components.stackfiles import StackFile


def run_read_only(
    operation: str, files: list[StackFile], layer: str | None, backend: str | None, secrets: str | None, json_: bool
) -> None:
    """preview or refresh, layer after layer, each on every stack concurrently, nothing to confirm or gate.
    A layer whose earlier layers are not applied yet (preview) or that does not exist (refresh) is skipped,
    and said so."""
    from cli import render
    from components.layers import previous

    layers = chosen_layers(layer)  # bad input first: before any prerequisite is looked for
    session = open_session(files, backend, secrets, Quiet(), cloud_credentials=True)
    if operation == "refresh":
        for f in files:
            if all(session.resources(f.name, name) is None for name in layers):
                raise BadInput(
                    f"{f.name}: the backend has no such stack yet ({', '.join(layers)})",
                    hint=f"`kumo up {f.name}` creates it",
                )
    results: list[StackResult] = []
    for current in layers:
        batch = new_results(files, operation, current)
        for r in batch:
            if operation == "refresh" and session.resources(r.stack, current) is None:
                r.status, r.note = "skipped", "not deployed"
            elif operation == "preview":
                missing = [b for b in previous(current) if not applied(session, r.stack, b)]
                if missing:
                    r.status, r.note = (
                        "skipped",
                        (
                            f"reads the {missing[0]} layer, which is not applied yet: "
                            f"`kumo up {r.stack}` applies the layers in order"
                        ),
                    )
        todo = [r for r in batch if r.status != "skipped"]
        if todo:
            with render.OperationProgress(operation, [r.label for r in todo]) as progress:
                session.reporter = progress
                session.run_all(todo, getattr(session, operation))
        results.extend(batch)
        if any(r.error for r in batch):
            break
    finish(operation, results, json_)


def preview(
    stacks: StacksArg = None,
    all_: AllOpt = False,
    layer: LayerOpt = None,
    json_: OperationJsonOpt = False,
    backend: BackendOpt = None,
    secrets_provider: SecretsOpt = None,
) -> None:
    """Show what `up` would change, layer by layer, from the cloud's real state (Pulumi preview)."""
    run_read_only("preview", select_valid(stacks, all_), layer, backend, secrets_provider, json_)


def up(
    stacks: StacksArg = None,
    all_: AllOpt = False,
    layer: LayerOpt = None,
    yes: YesOpt = False,
    json_: OperationJsonOpt = False,
    allow_replace: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-replace",
            help="URN of a stateful resource the plan may replace or delete (repeatable).",
            show_default=False,
        ),
    ] = None,
    skip_preflight: Annotated[
        bool, typer.Option("--skip-preflight", help="Do not run `kumo preflight` first.")
    ] = False,
    backend: BackendOpt = None,
    secrets_provider: SecretsOpt = None,
) -> None:
    """Create or update the stacks, layer by layer (data, cluster, in-cluster): the security rules (as
    `kumo check`; exit 3), preflight, then for each layer preview, refuse stateful replacements, confirm, apply."""
    from cli.up import run_up

    files = select_valid(stacks, all_)
    run_up(files, layer, backend, secrets_provider, json_, yes, list(allow_replace or []), skip_preflight)


def refresh(
    stacks: StacksArg = None,
    all_: AllOpt = False,
    layer: LayerOpt = None,
    json_: OperationJsonOpt = False,
    backend: BackendOpt = None,
    secrets_provider: SecretsOpt = None,
) -> None:
    """Reconcile each layer's state with what exists in the cloud."""
    run_read_only("refresh", select_valid(stacks, all_, lifecycle=False), layer, backend, secrets_provider, json_)


def destroy(
    stacks: StacksArg = None,
    all_: AllOpt = False,
    layer: LayerOpt = None,
    yes: YesOpt = False,
    json_: OperationJsonOpt = False,
    delete_data: Annotated[
        bool, typer.Option("--delete-data", help="Also delete durable data (shared storage, keys). Irreversible.")
    ] = False,
    backend: BackendOpt = None,
    secrets_provider: SecretsOpt = None,
) -> None:
    """Delete the in-cluster and cluster layers, keeping the data layer unless --delete-data (and saying
    what it kept)."""
    from cli.destroy import run_destroy

    files = select_valid(stacks, all_, lifecycle=False)
    run_destroy(files, layer, backend, secrets_provider, json_, yes, delete_data)
