"""`kumo outputs` and `kumo kubeconfig`: what a deployed stack exports, read from its state."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from cli.errors import BadInput
from cli.layer_checks import Quiet, chosen_layers
from cli.options import BackendOpt, JsonOpt, LayerOpt, SecretsOpt, ShowSecretsOpt, StackArg
from cli.runs import open_session
from cli.selection import select_valid

OUTPUTS_FORMAT = 1


def layer_outputs(
    stack: str, layers: tuple[str, ...], backend: str | None, secrets: str | None
) -> dict[str, dict[str, Any]]:
    """{layer: {name: OutputValue}} of the layers that are deployed; none deployed is one clear error."""
    from cli import engine

    files = select_valid([stack], False, lifecycle=False)
    session = open_session(files, backend, secrets, Quiet(), cloud_credentials=False)
    found: dict[str, dict[str, Any]] = {}
    for layer in layers:
        try:
            values = session.outputs_if_deployed(stack, layer)
        except Exception as exc:
            raise engine.translate(exc, f"{stack}/{layer}", "reading outputs", []) from None
        if values is not None:
            found[layer] = values
    if not found:
        raise BadInput(
            f"{stack}: no layer of it is deployed ({', '.join(layers)})", hint=f"`kumo up {stack}` creates it"
        )
    return found


def outputs(
    stack: StackArg,
    layer: LayerOpt = None,
    show_secrets: ShowSecretsOpt = False,
    json_: JsonOpt = False,
    backend: BackendOpt = None,
    secrets_provider: SecretsOpt = None,
) -> None:
    """Show a deployed stack's outputs, layer by layer (secrets masked unless --show-secrets)."""
    from cli import render
    from cli.engine import masked_outputs

    found = layer_outputs(stack, chosen_layers(layer), backend, secrets_provider)
    layers = {name: masked_outputs(values, show_secrets) for name, values in found.items()}
    if json_:
        merged = {k: v for values in layers.values() for k, v in values.items()}
        render.json_document({"kumo_outputs": OUTPUTS_FORMAT, "stack": stack, "outputs": merged, "layers": layers})
    else:
        for name, values in layers.items():
            render.outputs_table(f"{stack}/{name}", values)


def kubeconfig(
    stack: StackArg,
    merge: Annotated[
        bool,
        typer.Option(
            "--merge",
            metavar="",
            help="Merge into $KUBECONFIG (its first file) or ~/.kube/config, keeping other contexts.",
        ),
    ] = False,
    context: Annotated[
        str | None,
        typer.Option(
            "--context",
            metavar="NAME",
            help="Name of the context (and its cluster and user entries). Default: kumo-STACK.",
            show_default=False,
        ),
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option(
            "--file",
            metavar="PATH",
            help="Write (or with --merge, merge into) this file instead. Without either, print on stdout.",
            show_default=False,
        ),
    ] = None,
    backend: BackendOpt = None,
    secrets_provider: SecretsOpt = None,
) -> None:
    """Get a deployed cluster's kubeconfig (exec-based credentials): print, write, or merge it."""
    from cli import kubeconfig as kc
    from cli import render

    name = context or f"kumo-{stack}"
    if not name.strip() or any(c.isspace() for c in name):
        raise BadInput(f"--context {name!r}: a context name has no spaces")
    values = layer_outputs(stack, ("cluster",), backend, secrets_provider)["cluster"]
    if "kubeconfig" not in values or values["kubeconfig"].value in (None, ""):
        raise BadInput(
            f"{stack}: the cluster layer has no kubeconfig output yet",
            hint=f"`kumo up {stack} --layer cluster` first",
        )
    config = kc.named(kc.parse(values["kubeconfig"].value, f"{stack} kubeconfig output"), name)
    if merge:
        path = file or kc.default_path()
        written = kc.write_private(path, kc.merge(kc.read(path), config))
        render.verdict(f"merged context {name} into {written} and made it current")
    elif file is not None:
        written = kc.write_private(file, config)
        render.verdict(f"wrote {written} (context {name})")
    else:
        render.yaml_document(config)
