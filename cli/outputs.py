"""`kumo outputs` and `kumo kubeconfig`: what a deployed stack exports, read from its state."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from cli.errors import BadInput
from cli.operations import BackendOpt, SecretsOpt, select_valid

StackArg = Annotated[str, typer.Argument(help="Stack name (see `kumo stacks`).")]
OUTPUTS_FORMAT = 1


def stack_outputs(stack: str, backend: str | None, secrets: str | None) -> dict[str, Any]:
    """The stack's outputs, {name: OutputValue}; failures as one line with their exit code."""
    from cli import engine
    from cli.operations import open_session

    files = select_valid([stack], False)
    session = open_session(files, backend, secrets, _Quiet(), cloud_credentials=False)
    try:
        return session.outputs(stack)
    except Exception as exc:  # noqa: BLE001 - translated into a KumoError below
        raise engine.translate(exc, stack, "reading outputs", []) from None


class _Quiet:
    """No progress for a state read."""

    def phase(self, stack: str, text: str) -> None: ...
    def event(self, stack: str, event: dict[str, Any]) -> None: ...
    def note(self, text: str) -> None: ...


def register(app: typer.Typer) -> None:
    @app.command()
    def outputs(stack: StackArg,
                show_secrets: Annotated[bool, typer.Option("--show-secrets", help="Show secret values.")] = False,
                json_: Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")] = False,
                backend: BackendOpt = None, secrets_provider: SecretsOpt = None) -> None:
        """Show a deployed stack's outputs (secrets masked unless --show-secrets)."""
        from cli import render
        from cli.engine import masked_outputs

        values = masked_outputs(stack_outputs(stack, backend, secrets_provider), show_secrets)
        if json_:
            render.json_document({"kumo_outputs": OUTPUTS_FORMAT, "stack": stack, "outputs": values})
        else:
            render.outputs_table(stack, values)

    @app.command()
    def kubeconfig(
        stack: StackArg,
        merge: Annotated[bool, typer.Option("--merge", help="Merge into $KUBECONFIG (its first file) or "
                                            "~/.kube/config, keeping other contexts.")] = False,
        context: Annotated[str | None, typer.Option("--context", help="Name of the context (and its cluster "
                                                    "and user entries). Default: kumo-STACK.",
                                                    show_default=False)] = None,
        file: Annotated[Path | None, typer.Option("--file", help="Write (or with --merge, merge into) this "
                                                  "file instead. Without either, print on stdout.",
                                                  show_default=False)] = None,
        backend: BackendOpt = None, secrets_provider: SecretsOpt = None,
    ) -> None:
        """Get a deployed cluster's kubeconfig (exec-based credentials): print, write, or merge it."""
        from cli import kubeconfig as kc
        from cli import render

        name = context or f"kumo-{stack}"
        if not name.strip() or any(c.isspace() for c in name):
            raise BadInput(f"--context {name!r}: a context name has no spaces")
        values = stack_outputs(stack, backend, secrets_provider)
        if "kubeconfig" not in values or values["kubeconfig"].value in (None, ""):
            raise BadInput(f"{stack}: the stack has no kubeconfig output yet", hint=f"`kumo up {stack}` first")
        config = kc.named(kc.parse(values["kubeconfig"].value, f"{stack} kubeconfig output"), name)
        if merge:
            path = file or kc.default_path()
            written = kc.write_private(path, kc.merge(kc.read(path), config))
            render.note(f"merged context {name} into {written} and made it current")
        elif file is not None:
            written = kc.write_private(file, config)
            render.note(f"wrote {written} (context {name})")
        else:
            render.yaml_document(config)
