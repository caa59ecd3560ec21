"""`kumo preview | up | refresh | destroy`: real runs through the Pulumi Automation API (cli/engine.py).

Thin commands: pick and validate the stacks, settle the backend and the passphrase, check the
prerequisites, then hand over to the engine and render what it returns. `up` refuses (exit 3) a stack that
fails kumo's rules (as `kumo check`), then previews and refuses a plan that replaces or deletes a stateful
resource unless `--allow-replace URN` names it; `up` and `destroy` ask before changing anything unless
`--yes`, and never ask without a terminal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from cli import completion
from cli.errors import BadInput, KumoError, OperationFailed, RulesFailed
from cli.layer_checks import Quiet, applied, chosen_layers, require_earlier_layers, require_reachable
from cli.plan import AllOpt, StacksArg

if TYPE_CHECKING:
    from cli.engine import Session, StackResult
    from components.stackfiles import StackFile

JsonOpt = Annotated[bool, typer.Option("--json", help="Print the result document (JSON) on stdout.")]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
BackendOpt = Annotated[
    str | None,
    typer.Option(
        "--backend",
        help="State backend URL (file://, s3://, azblob://, "
        "gs://, https://api.pulumi.com). Default: PULUMI_BACKEND_URL, "
        "Pulumi.yaml backend.url, your `pulumi login`, else "
        "~/.kumo/state.",
        show_default=False,
    ),
]
SecretsOpt = Annotated[
    str | None,
    typer.Option(
        "--secrets-provider",
        help="passphrase (default) or a KMS URL: awskms://…, azurekeyvault://…, gcpkms://…",
        show_default=False,
    ),
]

OPERATION_FORMAT = 1


def select_valid(stacks: list[str] | None, all_: bool, *, lifecycle: bool = True) -> list[StackFile]:
    """The named stacks (or --all), every spec valid: all problems of all stacks at once, exit 2. Without
    `lifecycle` the Kubernetes minor's support window is not judged: an environment whose version has left
    standard support can still be refreshed, read, migrated and destroyed."""
    from components.spec import SpecError
    from components.stackfiles import list_stacks, load_stack

    if all_ == bool(stacks):
        raise BadInput("give stack names or --all" + (", not both" if all_ else ""))
    files = [load_stack(name) for name in (list_stacks() if all_ else stacks or [])]
    problems = []
    for stack in files:
        try:
            stack.spec(lifecycle=lifecycle)
        except SpecError as exc:
            problems.append(str(exc))
    if problems:
        raise BadInput("\n".join(problems), hint="`kumo validate` lists the problems of every stack")
    return files


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
    from cli import render

    if not yes and not render.interactive():
        raise BadInput(
            f"`kumo {operation}` asks for confirmation and stdin is not a terminal",
            hint="pass --yes to proceed without asking",
        )


def finish(operation: str, results: list[StackResult], json_: bool, failure: KumoError | None = None) -> None:
    """Print the results (the JSON document, or each stack's outcome, on stdout) and fail with the first
    stack's error."""
    from cli import render

    if json_:
        render.json_document(
            {
                "kumo_operation": OPERATION_FORMAT,
                "operation": operation,
                "ok": failure is None and all(r.error is None for r in results),
                "stacks": [r.to_json() for r in results],
            }
        )
    render.operation_results(results, json_=json_)
    if failure is not None:
        raise failure
    for r in results:
        if r.error is not None:
            raise r.error


def new_results(files: list[StackFile], operation: str, layer: str) -> list[StackResult]:
    from cli.engine import StackResult

    return [StackResult(stack=f.name, cloud=f.cloud, operation=operation, layer=layer) for f in files]


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


LayerOpt = Annotated[
    str | None,
    typer.Option(
        "--layer",
        metavar="LAYER",
        autocompletion=completion.layers,
        help="Run one layer only: data, cluster or in-cluster (default: all, in order).",
        show_default=False,
    ),
]


def register(app: typer.Typer) -> None:
    @app.command()
    def preview(
        stacks: StacksArg = None,
        all_: AllOpt = False,
        layer: LayerOpt = None,
        json_: JsonOpt = False,
        backend: BackendOpt = None,
        secrets_provider: SecretsOpt = None,
    ) -> None:
        """Show what `up` would change, layer by layer, from the cloud's real state (Pulumi preview)."""
        run_read_only("preview", select_valid(stacks, all_), layer, backend, secrets_provider, json_)

    @app.command()
    def up(
        stacks: StacksArg = None,
        all_: AllOpt = False,
        layer: LayerOpt = None,
        yes: YesOpt = False,
        json_: JsonOpt = False,
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
        run_up(
            select_valid(stacks, all_),
            layer,
            backend,
            secrets_provider,
            json_,
            yes,
            list(allow_replace or []),
            skip_preflight,
        )

    @app.command()
    def refresh(
        stacks: StacksArg = None,
        all_: AllOpt = False,
        layer: LayerOpt = None,
        json_: JsonOpt = False,
        backend: BackendOpt = None,
        secrets_provider: SecretsOpt = None,
    ) -> None:
        """Reconcile each layer's state with what exists in the cloud."""
        run_read_only("refresh", select_valid(stacks, all_, lifecycle=False), layer, backend, secrets_provider, json_)

    @app.command()
    def destroy(
        stacks: StacksArg = None,
        all_: AllOpt = False,
        layer: LayerOpt = None,
        yes: YesOpt = False,
        json_: JsonOpt = False,
        delete_data: Annotated[
            bool, typer.Option("--delete-data", help="Also delete durable data (shared storage, keys). Irreversible.")
        ] = False,
        backend: BackendOpt = None,
        secrets_provider: SecretsOpt = None,
    ) -> None:
        """Delete the in-cluster and cluster layers, keeping the data layer unless --delete-data (and saying
        what it kept)."""
        from cli.destroy import run_destroy

        run_destroy(
            select_valid(stacks, all_, lifecycle=False), layer, backend, secrets_provider, json_, yes, delete_data
        )
