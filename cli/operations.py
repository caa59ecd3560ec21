"""`kumo preview | up | refresh | destroy`: real runs through the Pulumi Automation API (cli/engine.py).

Thin commands: pick and validate the stacks, settle the backend and the passphrase, check the
prerequisites, then hand over to the engine and render what it returns. `up` previews first and refuses
(exit 3) a plan that replaces or deletes a stateful resource unless `--allow-replace URN` names it; `up`
and `destroy` ask before changing anything unless `--yes`, and never ask without a terminal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from cli.errors import BadInput, KumoError, OperationFailed, RulesFailed
from cli.plan import AllOpt, StacksArg

if TYPE_CHECKING:
    from cli.engine import Session, StackResult
    from components.offline import StackFile

JsonOpt = Annotated[bool, typer.Option("--json", help="Print the result document (JSON) on stdout.")]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
BackendOpt = Annotated[str | None, typer.Option("--backend", help="State backend URL (file://, s3://, azblob://, "
                                                "gs://, https://api.pulumi.com). Default: PULUMI_BACKEND_URL, "
                                                "Pulumi.yaml backend.url, your `pulumi login`, else "
                                                "~/.kumo/state.", show_default=False)]
SecretsOpt = Annotated[str | None, typer.Option("--secrets-provider", help="passphrase (default) or a KMS URL: "
                                                "awskms://…, azurekeyvault://…, gcpkms://…", show_default=False)]

OPERATION_FORMAT = 1


def select_valid(stacks: list[str] | None, all_: bool) -> list[StackFile]:
    """The named stacks (or --all), every spec valid: all problems of all stacks at once, exit 2."""
    from components.offline import list_stacks, load_stack
    from components.spec import SpecError

    if all_ == bool(stacks):
        raise BadInput("give stack names or --all" + (", not both" if all_ else ""))
    files = [load_stack(name) for name in (list_stacks() if all_ else stacks or [])]
    problems = []
    for stack in files:
        try:
            stack.spec()
        except SpecError as exc:
            problems.append(str(exc))
    if problems:
        raise BadInput("\n".join(problems), hint="`kumo validate` lists the problems of every stack")
    return files


def open_session(files: list[StackFile], backend_flag: str | None, secrets_flag: str | None, reporter: Any,
                 *, cloud_credentials: bool) -> Session:
    """Settle everything a run needs, in the order a user fixes things: the Pulumi CLI, the cloud
    credentials, the backend, the passphrase."""
    import yaml

    from cli import engine, render, settings
    from cli.prerequisites import require_credentials
    from components.offline import project_dir

    settings.check_secrets_provider(secrets_flag)
    command = engine.make_command()
    if cloud_credentials:
        for stack in files:
            require_credentials(stack.cloud, stack.name)
    project = project_dir()
    backend = settings.resolve_backend(backend_flag, project)
    settings.ensure_default_state_dir(backend)
    documents = [yaml.safe_load(stack.path.read_text()) or {} for stack in files]
    required = any(settings.needs_passphrase(backend, secrets_flag, doc) for doc in documents)
    env = {**backend.env, **settings.passphrase_env(
        required, interactive=render.interactive(),
        prompt=lambda: render.ask_secret("passphrase for the stacks' secrets"))}
    ctx = engine.Context(project=project, env=env, backend=backend.describe(), secrets_provider=secrets_flag)
    return engine.Session(ctx, reporter, command)


def _require_answerable(yes: bool, operation: str) -> None:
    from cli import render

    if not yes and not render.interactive():
        raise BadInput(f"`kumo {operation}` asks for confirmation and stdin is not a terminal",
                       hint="pass --yes to proceed without asking")


def _finish(operation: str, results: list[StackResult], json_: bool, failure: KumoError | None = None) -> None:
    """Print the results (JSON on stdout, a summary on stderr) and fail with the first stack's error."""
    from cli import render

    if json_:
        render.json_document({"kumo_operation": OPERATION_FORMAT, "operation": operation,
                              "ok": failure is None and all(r.error is None for r in results),
                              "stacks": [r.to_json() for r in results]})
    render.operation_results(results)
    if failure is not None:
        raise failure
    for r in results:
        if r.error is not None:
            raise r.error


def _results(files: list[StackFile], operation: str) -> list[StackResult]:
    from cli.engine import StackResult

    return [StackResult(stack=f.name, cloud=f.cloud, operation=operation) for f in files]


def run_read_only(operation: str, files: list[StackFile], backend: str | None, secrets: str | None,
                  json_: bool) -> None:
    """preview or refresh: run on every stack concurrently with progress, nothing to confirm or gate."""
    from cli import render

    results = _results(files, operation)
    with render.OperationProgress(operation, [f.name for f in files]) as progress:
        session = open_session(files, backend, secrets, progress, cloud_credentials=True)
        session.run_all(results, getattr(session, operation))
    _finish(operation, results, json_)


def run_up(files: list[StackFile], backend: str | None, secrets: str | None, json_: bool, yes: bool,
           allowed: list[str], skip_preflight: bool = False) -> None:
    from cli import gate, render

    _require_answerable(yes, "up")
    if not skip_preflight:  # ask the clouds about quotas, zones, names... before touching anything
        from cli.preflight import require_ready, run_preflight

        require_ready(run_preflight(files, backend_url=backend))
    names = [f.name for f in files]
    previews = _results(files, "up")
    with render.OperationProgress("up (preview)", names) as progress:
        session = open_session(files, backend, secrets, progress, cloud_credentials=True)
        session.run_all(previews, session.preview)
        for r in previews:  # the gate: every stack, every violation, before anything changes
            r.violations = gate.violations(r.steps, gate.stateful_types(r.cloud), allowed)
            if r.violations and r.error is None:
                r.status = "refused"
                progress.phase(r.stack, "refused")
    if any(r.error for r in previews):
        return _finish("up", previews, json_)
    refused = [f"  {r.stack}: would {v.op} {v.type} {v.urn} ({v.reason})" for r in previews for v in r.violations]
    if refused:
        return _finish("up", previews, json_, RulesFailed(
            "up refused: the plan replaces or deletes stateful resources:\n" + "\n".join(refused),
            hint="if that is intended (the data goes with it), name each URN with --allow-replace URN"))
    if not any(n for r in previews for k, n in r.changes.items() if k != "same"):
        render.note("no changes to apply")
        return _finish("up", previews, json_)
    if not yes:
        render.changes_summary(previews, "planned changes")
        if not render.confirm(f"Apply these changes to {', '.join(names)}?"):
            raise OperationFailed("not confirmed: nothing was changed")
    results = _results(files, "up")
    with render.OperationProgress("up", names) as progress:
        session.reporter = progress
        session.run_all(results, session.up)
    _finish("up", results, json_)


def run_destroy(files: list[StackFile], backend: str | None, secrets: str | None, json_: bool, yes: bool,
                delete_data: bool) -> None:
    from cli import gate, render

    _require_answerable(yes, "destroy")
    names = ", ".join(f.name for f in files)
    if not yes:
        data = ("and DELETE their durable data (shared storage, keys)" if delete_data else
                "keeping their durable data (shared storage, keys; --delete-data deletes it)")
        if not render.confirm(f"Destroy every resource of {names}, {data}?"):
            raise OperationFailed("not confirmed: nothing was changed")
    results = _results(files, "destroy")
    with render.OperationProgress("destroy", [f.name for f in files]) as progress:
        session = open_session(files, backend, secrets, progress, cloud_credentials=True)
        session.run_all(results, lambda r, on_event: session.destroy(
            r, on_event, delete_data=delete_data, stateful=gate.stateful_types(r.cloud)))
    _finish("destroy", results, json_)


def register(app: typer.Typer) -> None:
    @app.command()
    def preview(stacks: StacksArg = None, all_: AllOpt = False, json_: JsonOpt = False,
                backend: BackendOpt = None, secrets_provider: SecretsOpt = None) -> None:
        """Show what `up` would change, from the cloud's real state (Pulumi preview)."""
        run_read_only("preview", select_valid(stacks, all_), backend, secrets_provider, json_)

    @app.command()
    def up(stacks: StacksArg = None, all_: AllOpt = False, yes: YesOpt = False, json_: JsonOpt = False,
           allow_replace: Annotated[list[str] | None, typer.Option(
               "--allow-replace", help="URN of a stateful resource the plan may replace or delete (repeatable).",
               show_default=False)] = None,
           skip_preflight: Annotated[bool, typer.Option("--skip-preflight", help="Do not run `kumo preflight` "
                                                        "first.")] = False,
           backend: BackendOpt = None, secrets_provider: SecretsOpt = None) -> None:
        """Create or update the stacks' clusters: preflight, preview, refuse stateful replacements, confirm,
        apply."""
        run_up(select_valid(stacks, all_), backend, secrets_provider, json_, yes, list(allow_replace or []),
               skip_preflight)

    @app.command()
    def refresh(stacks: StacksArg = None, all_: AllOpt = False, json_: JsonOpt = False,
                backend: BackendOpt = None, secrets_provider: SecretsOpt = None) -> None:
        """Reconcile the stacks' state with what exists in the cloud."""
        run_read_only("refresh", select_valid(stacks, all_), backend, secrets_provider, json_)

    @app.command()
    def destroy(stacks: StacksArg = None, all_: AllOpt = False, yes: YesOpt = False, json_: JsonOpt = False,
                delete_data: Annotated[bool, typer.Option("--delete-data", help="Also delete durable data "
                                                          "(shared storage, keys). Irreversible.")] = False,
                backend: BackendOpt = None, secrets_provider: SecretsOpt = None) -> None:
        """Delete the stacks' resources, keeping durable data unless --delete-data (and saying what it kept)."""
        run_destroy(select_valid(stacks, all_), backend, secrets_provider, json_, yes, delete_data)
