"""`kumo destroy`: the in-cluster layer, then the cluster layer, and the data layer only when asked in so
many words (`--delete-data`); otherwise the data layer is kept and the result says what it holds."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cli.errors import BadInput, OperationFailed
from cli.layer_checks import Quiet, applied, chosen_layers, require_reachable
from cli.runs import finish, new_results, open_session, require_answerable

if TYPE_CHECKING:
    from cli.engine import StackResult
    from components.stackfiles import StackFile


def run_destroy(
    files: list[StackFile],
    layer: str | None,
    backend: str | None,
    secrets: str | None,
    json_: bool,
    yes: bool,
    delete_data: bool,
) -> None:
    """in-cluster, then cluster, then (only with --delete-data) data. Without it the data layer is kept, and
    the result says what it holds. A layer is destroyed only once every layer after it is gone."""
    from cli import gate, render
    from components.layers import LAYERS

    if layer == "data" and not delete_data:
        raise BadInput(
            "the data layer holds the durable data (shared storage, keys, network); destroying it needs --delete-data",
            hint="`kumo destroy STACK` removes the other layers and keeps it",
        )
    layers = chosen_layers(layer, reverse=True)
    if layer is None and not delete_data:
        layers = tuple(name for name in layers if name != "data")
    require_answerable(yes, "destroy")
    names = ", ".join(f.name for f in files)
    if not yes:
        data = (
            "and DELETE their durable data (shared storage, keys)"
            if delete_data and "data" in layers
            else "keeping the data layer (shared storage, keys; --delete-data deletes it)"
        )
        if not render.confirm(f"Destroy the {', '.join(layers)} layer(s) of {names}, {data}?"):
            raise OperationFailed("not confirmed: nothing was changed")
    session = open_session(files, backend, secrets, Quiet(), cloud_credentials=True)
    results: list[StackResult] = []
    gone: set[str] = set()
    for current in layers:
        session.reporter = Quiet()
        later = LAYERS[LAYERS.index(current) + 1 :]
        blocking = [
            f"{f.name}/{after}"
            for f in files
            for after in later
            if after not in gone and applied(session, f.name, after)
        ]
        if blocking:
            raise BadInput(
                f"{', '.join(blocking)} still exists and depends on the {current} layer",
                hint=f"destroy it first: `kumo destroy STACK --layer {blocking[0].split('/')[1]}` "
                "(or leave --layer out to go in order)",
            )
        batch = new_results(files, "destroy", current)
        for r in batch:
            if session.resources(r.stack, current) is None:
                r.status, r.note = "skipped", "not deployed"
        todo = [r for r in batch if r.status != "skipped"]
        if current == "in-cluster" and todo:
            require_reachable(session, [f for f in files if any(r.stack == f.name for r in todo)], "destroy")
        if todo:
            with render.OperationProgress(f"destroy {current}", [r.label for r in todo]) as progress:
                session.reporter = progress
                session.run_all(todo, session.destroy)
        results.extend(batch)
        if any(r.error for r in batch):
            return finish("destroy", results, json_)
        gone.add(current)
    if "data" not in layers and layer is None:
        from cli.engine import StackResult

        for f in files:
            kept = gate.durable_resources(session.resources(f.name, "data") or [])
            results.append(
                StackResult(
                    stack=f.name,
                    cloud=f.cloud,
                    operation="destroy",
                    layer="data",
                    status="kept",
                    kept=[{**_brief(r), "why": r["reason"]} for r in kept],
                    note=(
                        f"the data layer is kept with its {len(kept)} durable resources: `kumo up {f.name}` uses it "
                        f"again, `kumo destroy {f.name} --delete-data` deletes it"
                    ),
                )
            )
    finish("destroy", results, json_)


def _brief(r: dict[str, Any]) -> dict[str, Any]:
    return {"urn": r["urn"], "type": r.get("type"), "id": r.get("id")}
