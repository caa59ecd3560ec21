"""What must hold before kumo runs a layer: the layer exists, the layers it reads are applied, the
cluster's API answers from here (before the in-cluster layer), and no later layer still depends on one
being destroyed. Each check raises one clear error with its exit code before anything changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cli.errors import BadInput

if TYPE_CHECKING:
    from cli.engine import Session
    from components.stackfiles import StackFile


def chosen_layers(layer: str | None, *, reverse: bool = False) -> tuple[str, ...]:
    """`--layer NAME` (checked), else every layer in apply order (reversed for destroy)."""
    from components.layers import LAYERS, UnknownLayerError, check_layer

    if layer is None:
        return LAYERS[::-1] if reverse else LAYERS
    try:
        return (check_layer(layer),)
    except UnknownLayerError as exc:
        raise BadInput(str(exc), hint="leave --layer out to run every layer in order") from None


class Quiet:
    """No progress (state reads between phases)."""

    def phase(self, stack: str, text: str) -> None: ...
    def event(self, stack: str, event: dict[str, Any]) -> None: ...
    def note(self, text: str) -> None: ...


def applied(session: Session, stack: str, layer: str) -> bool:
    """The layer's stack exists and holds resources (beyond its Stack and providers)."""
    resources = session.resources(stack, layer)
    return bool(resources) and any(
        r.get("custom") and not str(r.get("type", "")).startswith("pulumi:providers:") for r in resources or []
    )


def require_earlier_layers(session: Session, files: list[StackFile], layer: str, done: set[str]) -> None:
    """Every layer `layer` reads from must exist (or have been applied earlier in this run): exit 2 if not."""
    from components.layers import previous

    missing = [
        f"{f.name}/{before}"
        for f in files
        for before in previous(layer)
        if before not in done and not applied(session, f.name, before)
    ]
    if missing:
        first = missing[0].split("/")[1]
        raise BadInput(
            f"the {layer} layer reads {', '.join(missing)}, which has not been applied",
            hint=f"`kumo up STACK` applies the layers in order (or `--layer {first}` first); nothing was changed",
        )


def require_reachable(session: Session, files: list[StackFile], operation: str) -> None:
    """Before the in-cluster layer changes anything: every cluster's API endpoint answers from here, or exit 4
    with the ways in (the data and cluster layers are left as they are)."""
    from cli import reachability
    from cli.errors import MissingPrerequisite

    for f in files:
        values = session.outputs(f.name, "cluster")
        access = values["api_access"].value if "api_access" in values else None
        if not isinstance(access, dict) or not access.get("host"):
            raise BadInput(f"{f.name}/cluster has no api_access output", hint=f"`kumo up {f.name} --layer cluster`")
        found = reachability.probe(str(access["host"]), int(access.get("port", 443)))
        if not found.ok:
            message, hint = reachability.unreachable_message(f.name, access, found)
            raise MissingPrerequisite(f"{operation}: {message}", hint=hint)
