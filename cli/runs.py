"""What every real run shares (preview, up, refresh, destroy, migrate, outputs, and up's rule gate): the
session it runs in, the confirmation it may ask for, and the result document it ends with.

The bottom of the run modules: cli/operations.py, cli/up.py, cli/destroy.py, cli/check.py and the others
import it, and it imports none of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cli.errors import BadInput, KumoError

if TYPE_CHECKING:
    from cli.engine import Session, StackResult
    from components.stackfiles import StackFile

OPERATION_FORMAT = 1
"""`kumo_operation` in the result document of preview, up, refresh and destroy."""


def open_session(
    files: list[StackFile],
    backend_flag: str | None,
    secrets_flag: str | None,
    reporter: Any,
    *,
    cloud_credentials: bool,
) -> Session:
    """Settle everything a run needs, in the order a user fixes things: the Pulumi CLI, the cloud
    credentials, the backend, the passphrase."""
    from cli import engine, render, settings
    from cli.prerequisites import require_credentials
    from components.stackfiles import project_dir, read_document

    settings.check_secrets_provider(secrets_flag)
    command = engine.make_command()
    if cloud_credentials:
        for stack in files:
            require_credentials(stack.cloud, stack.name)
    project = project_dir()
    backend = settings.resolve_backend(backend_flag, project)
    settings.ensure_default_state_dir(backend)
    documents = [read_document(stack.path) or {} for stack in files]
    required = any(settings.needs_passphrase(backend, secrets_flag, doc) for doc in documents)
    env = {
        **backend.env,
        **settings.passphrase_env(
            required,
            interactive=render.interactive(),
            prompt=lambda: render.ask_secret("passphrase for the stacks' secrets"),
        ),
    }
    ctx = engine.Context(project=project, env=env, backend=backend.describe(), secrets_provider=secrets_flag)
    return engine.Session(ctx, reporter, command)


def require_answerable(yes: bool, operation: str) -> None:
    """A command that asks before it changes anything needs a terminal to ask at, or --yes."""
    from cli import render

    if not yes and not render.interactive():
        raise BadInput(
            f"`kumo {operation}` asks for confirmation and stdin is not a terminal",
            hint="pass --yes to proceed without asking",
        )


def operation_document(operation: str, results: list[StackResult], ok: bool, **extra: Any) -> dict[str, Any]:
    """The versioned result document of a run (`--json`)."""
    return {
        "kumo_operation": OPERATION_FORMAT,
        "operation": operation,
        "ok": ok,
        "stacks": [r.to_json() for r in results],
        **extra,
    }


def finish(operation: str, results: list[StackResult], json_: bool, failure: KumoError | None = None) -> None:
    """Print the results (the JSON document, or each stack's outcome, on stdout) and fail with the first
    stack's error."""
    from cli import render

    if json_:
        ok = failure is None and all(r.error is None for r in results)
        render.json_document(operation_document(operation, results, ok))
    render.operation_results(results, json_=json_)
    if failure is not None:
        raise failure
    for r in results:
        if r.error is not None:
            raise r.error


def new_results(files: list[StackFile], operation: str, layer: str) -> list[StackResult]:
    """One pending result per stack for `operation` on `layer`."""
    from cli.engine import StackResult

    return [StackResult(stack=f.name, cloud=f.cloud, operation=operation, layer=layer) for f in files]
