"""`kumo migrate STACK`: move a single-stack environment (from before layers) into its three layer stacks.

The legacy stack lives in the top-level project `kumo`. kumo exports its state, plans the layered program
offline for the same stack file, re-addresses every resource (components/migration.py), imports one state
per layer, keeps a private backup of the legacy state, and removes the legacy stack from the backend
(its stack file, the environment's spec, stays). Nothing in the cloud is touched; `kumo preview STACK`
afterwards shows no replacement.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from cli.errors import BadInput
from cli.layer_checks import Quiet, applied
from cli.options import BackendOpt, OperationJsonOpt, SecretsOpt, StackArg, YesOpt
from cli.runs import open_session, require_answerable
from cli.selection import select_valid

MIGRATE_FORMAT = 1


def backup_path(stack: str) -> Path:
    directory = Path.home() / ".kumo" / "backups"
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    return directory / f"{stack}-{time.strftime('%Y%m%dT%H%M%S')}.json"


def write_private(path: Path, document: Any) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as file:
        json.dump(document, file)


def run_migrate(stack: str, backend: str | None, secrets: str | None, json_: bool, yes: bool) -> None:
    from cli import engine, render
    from components.layers import LAYERS, LEGACY_PROJECT
    from components.migration import MigrationError, split
    from components.offline import plan_stack

    require_answerable(yes, "migrate")
    [file] = select_valid([stack], False, lifecycle=False)
    session = open_session([file], backend, secrets, Quiet(), cloud_credentials=False)
    try:
        document = session.legacy_state(stack)
    except Exception as exc:
        raise engine.translate(exc, stack, "migrate", []) from None
    if document is None:
        raise BadInput(
            f"{stack}: project {LEGACY_PROJECT!r} has no such stack: nothing to migrate",
            hint=f"`kumo up {stack}` creates the layers of a new environment",
        )
    existing = [layer for layer in LAYERS if applied(session, stack, layer)]
    if existing:
        raise BadInput(
            f"{stack}: the {', '.join(existing)} layer already holds resources; migrating would overwrite it",
            hint="nothing was changed; `kumo outputs STACK` shows what is there",
        )
    try:
        migration = split(document, plan_stack(file).layers, stack)
    except MigrationError as exc:
        raise BadInput(f"{stack}: cannot migrate: {exc}", hint="nothing was changed") from None
    counts = {layer: sum(1 for v in migration.layer_of.values() if v == layer) for layer in LAYERS}
    if not yes and not render.confirm(
        f"Move {stack}'s {len(migration.layer_of)} resources into its layer stacks "
        f"({', '.join(f'{layer}: {n}' for layer, n in counts.items())}) and remove the legacy stack?"
    ):
        from cli.errors import OperationFailed

        raise OperationFailed("not confirmed: nothing was changed")
    backup = backup_path(stack)
    write_private(backup, document)
    for layer in LAYERS:
        session.import_layer(stack, layer, migration.deployments[layer])
    session.remove_legacy(stack)
    result = {
        "kumo_migrate": MIGRATE_FORMAT,
        "stack": stack,
        "layers": counts,
        "backup": str(backup),
        "dropped_components": migration.dropped,
    }
    if json_:
        render.json_document(result)
    render.verdict(
        f"{stack}: moved {', '.join(f'{n} resources to {layer}' for layer, n in counts.items())}; "
        f"the legacy state is saved in {backup}; `kumo preview {stack}` should show no replacement",
        json_=json_,
    )


def migrate(
    stack: StackArg,
    yes: YesOpt = False,
    json_: OperationJsonOpt = False,
    backend: BackendOpt = None,
    secrets_provider: SecretsOpt = None,
) -> None:
    """Move a single-stack environment from before layers into its data, cluster and in-cluster stacks,
    without touching the cloud."""
    run_migrate(stack, backend, secrets_provider, json_, yes)
