"""The only module that uses `pulumi.automation`: preview, up, refresh, destroy and outputs of stacks.

An environment is three stacks, one per layer project (components/layers). For each, it runs the very
program `pulumi up` runs (stacks/<layer>/__main__.py) as an inline program in a LocalWorkspace whose
`work_dir` is that layer's project directory, so the Pulumi CLI reads the checked-in stacks/<layer>/Pulumi.yaml
and the environment's stack file under its `stackConfigDir` exactly as it would on its own. No Pulumi.yaml
is ever written (no `project_settings` is passed). Several stacks run concurrently, one thread each; the Pulumi CLI
processes run in their own session so a terminal Ctrl-C reaches kumo only, and kumo forwards exactly one
interrupt to each (the CLI's graceful cancel), waits for them to stop, then exits 130.
"""

from __future__ import annotations

import json
import os
import runpy
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pulumi import automation as auto
from pulumi.automation import errors as auto_errors
from pulumi.automation.events import EngineEvent

from cli import gate
from cli.errors import BadInput, ExitCode, KumoError, MissingPrerequisite, OperationFailed, StackBusy
from cli.prerequisites import CREDENTIAL_ERRORS, PASSPHRASE_ERRORS, PULUMI_INSTALL, require_pulumi

PROJECT = "kumo"


class Reporter(Protocol):
    """Where progress goes (cli.render.OperationProgress)."""

    def phase(self, stack: str, text: str) -> None: ...
    def event(self, stack: str, event: dict[str, Any]) -> None: ...
    def note(self, text: str) -> None: ...


class Interrupted(KumoError):
    code = ExitCode.INTERRUPTED


# ---------------------------------------------------------------------------------------------------------
# The Pulumi CLI


class InterruptiblePulumiCommand(auto.PulumiCommand):
    """The stock command runner, except that each CLI process gets its own session (a terminal Ctrl-C goes
    to kumo alone) and `interrupt()` forwards one SIGINT to every running process: the CLI's own graceful
    cancel, which finishes in-flight resource operations and releases the stack's lock."""

    def __init__(self) -> None:
        super().__init__(skip_version_check=False)
        self._live: set[subprocess.Popen[str]] = set()
        self._lock = threading.Lock()

    def run(self, args: list[str], cwd: str, additional_env: Mapping[str, str],
            on_output: Callable[[str], Any] | None = None,
            on_error: Callable[[str], Any] | None = None) -> auto.CommandResult:
        end = args.index("--") if "--" in args else len(args)
        if "--non-interactive" not in args[:end]:
            args.insert(0, "--non-interactive")
        env = {**os.environ, **additional_env, "PULUMI_AUTOMATION_API": "true"}
        chunks: dict[str, list[str]] = {"out": [], "err": []}

        def consume(stream: Any, callback: Callable[[str], Any] | None, into: list[str]) -> None:
            for line in iter(stream.readline, ""):
                line = line.rstrip()
                if callback:
                    callback(line)
                into.append(line)
            stream.close()

        with subprocess.Popen([self.command, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd,
                              env=env, encoding="utf-8", start_new_session=True) as process:
            with self._lock:
                self._live.add(process)
            readers = [threading.Thread(target=consume, args=(process.stdout, on_output, chunks["out"])),
                       threading.Thread(target=consume, args=(process.stderr, on_error, chunks["err"]))]
            for reader in readers:
                reader.start()
            for reader in readers:
                reader.join()
            process.wait()
            with self._lock:
                self._live.discard(process)
        result = auto.CommandResult(stdout="\n".join(chunks["out"]), stderr="\n".join(chunks["err"]),
                                    code=process.returncode)
        if process.returncode != 0:
            raise auto_errors.create_command_error(result)
        return result

    def interrupt(self) -> None:
        with self._lock:
            for process in self._live:
                try:
                    process.send_signal(signal.SIGINT)
                except ProcessLookupError:
                    pass


def make_command() -> auto.PulumiCommand:
    """The Pulumi CLI runner (tests replace this with a fake). Checks the CLI exists first, so no
    workspace is created (and no temporary directory leaked) when it does not."""
    require_pulumi()
    try:
        return InterruptiblePulumiCommand()
    except auto.InvalidVersionError as exc:
        raise MissingPrerequisite(f"the Pulumi CLI is too old: {exc}", hint=PULUMI_INSTALL) from None


def inline_program(project: Path, stack: str, layer: str) -> Callable[[], None]:
    """A layer's program (stacks/<layer>/__main__.py) as an inline program: the same file `pulumi up` runs.
    Run under a private module name: `__main__` would be swapped process-wide under concurrent stacks."""
    from components.offline import program_path

    path = program_path(project, layer)
    module = "kumo_program_" + "".join(c if c.isalnum() else "_" for c in f"{stack}_{layer}")

    def program() -> None:
        runpy.run_path(str(path), run_name=module)

    return program


# ---------------------------------------------------------------------------------------------------------
# Results


@dataclass
class StackResult:
    """What one operation did to one stack."""

    stack: str
    cloud: str
    operation: str
    layer: str = "data"
    status: str = "succeeded"  # succeeded | failed | refused | cancelled | skipped | kept
    changes: dict[str, int] = field(default_factory=dict)
    outputs: dict[str, Any] | None = None
    kept: list[dict[str, Any]] = field(default_factory=list)
    deleted_data: list[dict[str, Any]] = field(default_factory=list)
    violations: list[gate.Violation] = field(default_factory=list)
    steps: list[gate.Step] = field(default_factory=list)
    error: KumoError | None = None
    note: str | None = None
    """Why a layer was skipped or kept, in one line."""
    elapsed_s: float = 0.0

    @property
    def label(self) -> str:
        """The environment's stack in one layer, as progress and messages name it: `aws-prod/cluster`."""
        return f"{self.stack}/{self.layer}"

    def to_json(self) -> dict[str, Any]:
        return {"stack": self.stack, "layer": self.layer, "cloud": self.cloud, "operation": self.operation,
                "status": self.status, "note": self.note,
                "changes": self.changes, "outputs": self.outputs, "kept": self.kept,
                "deleted_data": self.deleted_data,
                "violations": [v.__dict__ for v in self.violations],
                "error": None if self.error is None else {"message": self.error.message, "hint": self.error.hint,
                                                          "exit_code": int(self.error.code)},
                "elapsed_s": round(self.elapsed_s, 1)}


@dataclass(frozen=True)
class Context:
    """Everything a run needs besides the stacks."""

    project: Path
    env: dict[str, str]
    """Extra environment for the CLI: the backend and the passphrase, when kumo supplies them."""
    backend: str
    secrets_provider: str | None = None


def masked_outputs(outputs: Mapping[str, Any], show_secrets: bool) -> dict[str, Any]:
    return {k: (v.value if show_secrets or not v.secret else "[secret]") for k, v in outputs.items()}


def _changes(summary: Mapping[Any, int] | None) -> dict[str, int]:
    return {str(getattr(k, "value", k)): int(v) for k, v in (summary or {}).items()}


def _event_dict(event: EngineEvent) -> dict[str, Any] | None:
    """An engine event in render's terms (plain data)."""
    for kind, payload in (("pre", event.resource_pre_event), ("done", event.res_outputs_event),
                          ("failed", event.res_op_failed_event)):
        if payload is not None:
            meta = payload.metadata
            return {"kind": kind, "op": meta.op.value, "urn": meta.urn, "type": meta.type,
                    "planning": bool(getattr(payload, "planning", False))}
    if event.diagnostic_event is not None and event.diagnostic_event.severity in ("error", "warning"):
        diag = event.diagnostic_event
        return {"kind": "diag", "severity": diag.severity, "message": diag.message.strip(), "urn": diag.urn}
    if event.summary_event is not None:
        return {"kind": "summary", "changes": _changes(event.summary_event.resource_changes),
                "duration_s": event.summary_event.duration_seconds}
    return None


def _step(event: EngineEvent) -> gate.Step | None:
    pre = event.resource_pre_event
    if pre is None:
        return None
    meta = pre.metadata
    states = [s for s in (meta.old, meta.new) if s is not None]
    parent = next((s.parent for s in states if s.parent), None)
    return gate.Step(op=meta.op.value, urn=meta.urn, type=meta.type, parent=parent,
                     protect=any(bool(s.protect) for s in states),
                     retain_on_delete=any(bool(s.retain_on_delete) for s in states))


def translate(exc: BaseException, stack: str, operation: str, errors: list[str]) -> KumoError:
    """An Automation API failure as one clear line with its exit code (`stack` is `STACK/LAYER`)."""
    if isinstance(exc, KumoError):
        return exc
    name, _, layer = stack.partition("/")
    if isinstance(exc, auto_errors.ConcurrentUpdateError):
        where = f"--cwd stacks/{layer} " if layer else ""
        return StackBusy(f"{stack}: the stack is locked by another update",
                         hint=f"wait for it to finish; if none is running, `pulumi cancel {where}--stack {name}` "
                              "releases the lock")
    if isinstance(exc, auto_errors.StackNotFoundError):
        return BadInput(f"{stack}: the backend has no such stack yet", hint=f"`kumo up {name}` creates it")
    if isinstance(exc, auto.InvalidVersionError):
        return MissingPrerequisite(f"the Pulumi CLI is too old: {exc}", hint=PULUMI_INSTALL)
    if isinstance(exc, FileNotFoundError) and "pulumi" in str(exc):
        return MissingPrerequisite("the Pulumi CLI is not installed", hint=PULUMI_INSTALL)
    text = "\n".join(errors) + "\n" + str(exc)
    if any(phrase.lower() in text.lower() for phrase in PASSPHRASE_ERRORS):
        return MissingPrerequisite(f"{stack}: the stack's secrets cannot be decrypted with the passphrase given",
                                   hint="set PULUMI_CONFIG_PASSPHRASE (or _FILE) to the stack's passphrase")
    if any(phrase.lower() in text.lower() for phrase in CREDENTIAL_ERRORS):
        return MissingPrerequisite(f"{stack}: the cloud rejected the credentials: {_first(errors, exc)}",
                                   hint="`kumo doctor` shows what is missing and how to log in")
    return OperationFailed(f"{stack}: {operation} failed: {_first(errors, exc)}")


def _first(errors: list[str], exc: BaseException) -> str:
    if errors:
        return errors[0].splitlines()[0]
    lines = [line.strip() for line in str(exc).splitlines() if line.strip().startswith("error")]
    return lines[0] if lines else type(exc).__name__


# ---------------------------------------------------------------------------------------------------------
# A session: one Pulumi CLI runner, stacks opened on demand, operations run concurrently


class Session:
    def __init__(self, ctx: Context, reporter: Reporter, command: auto.PulumiCommand) -> None:
        self.ctx = ctx
        self.reporter = reporter
        self.command = command
        self.cancelled = threading.Event()

    def open(self, name: str, layer: str, *, create: bool) -> auto.Stack:
        """The environment `name`'s stack in `layer`'s project (created when `create`)."""
        from components.offline import program_path

        workspace = auto.LocalWorkspace(work_dir=str(program_path(self.ctx.project, layer).parent),
                                        program=inline_program(self.ctx.project, name, layer),
                                        env_vars=self.ctx.env, secrets_provider=self.ctx.secrets_provider,
                                        pulumi_command=self.command)
        return auto.Stack.create_or_select(name, workspace) if create else auto.Stack.select(name, workspace)

    def resources(self, name: str, layer: str) -> list[dict[str, Any]] | None:
        """The layer stack's resources from its state, or None when the stack does not exist."""
        try:
            stack = self.open(name, layer, create=False)
        except auto_errors.StackNotFoundError:
            return None
        return list((stack.export_stack().deployment or {}).get("resources", []))

    def run_all(self, results: list[StackResult], body: Callable[[StackResult, Callable[[EngineEvent], None]], None],
                ) -> list[StackResult]:
        """Run `body` for each stack concurrently; Ctrl-C cancels every running CLI and raises Interrupted."""

        def one(result: StackResult) -> StackResult:
            errors: list[str] = []

            def on_event(event: EngineEvent) -> None:
                data = _event_dict(event)
                if data is None:
                    return
                if data["kind"] == "diag" and data["severity"] == "error":
                    errors.append(data["message"])
                self.reporter.event(result.label, data)

            started = time.monotonic()
            try:
                body(result, on_event)
            except Exception as exc:  # noqa: BLE001 - every failure becomes this stack's result
                result.error = translate(exc, result.label, result.operation, errors)
                result.status = "cancelled" if self.cancelled.is_set() else "failed"
            result.elapsed_s = time.monotonic() - started
            self.reporter.phase(result.label, result.status)
            return result

        pool = ThreadPoolExecutor(max_workers=max(1, len(results)), thread_name_prefix="kumo-stack")
        futures: list[Future[StackResult]] = [pool.submit(one, r) for r in results]
        try:
            pending = set(futures)
            while pending:  # short waits keep the main thread able to take Ctrl-C
                _, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
        except KeyboardInterrupt:
            self._cancel(futures)
        finally:
            pool.shutdown(wait=True)
        if self.cancelled.is_set():
            raise Interrupted("interrupted: the running operations were cancelled; each stack's state is saved",
                              hint="`kumo refresh STACK` reconciles state with the cloud before the next run")
        return results

    def _cancel(self, futures: list[Future[StackResult]]) -> None:
        self.cancelled.set()
        self.reporter.note("cancelling (the Pulumi CLI finishes in-flight resource operations; Ctrl-C again "
                           "to stop waiting for them)")
        interrupt = getattr(self.command, "interrupt", None)
        if callable(interrupt):
            interrupt()
        try:
            wait(futures)
        except KeyboardInterrupt:
            if callable(interrupt):
                interrupt()  # the CLI's second interrupt: stop now
            wait(futures)

    # -- operations on one stack ---------------------------------------------------------------------

    def preview(self, result: StackResult, on_event: Callable[[EngineEvent], None]) -> None:
        self.reporter.phase(result.label, "previewing")
        stack = self.open(result.stack, result.layer, create=True)

        def collect(event: EngineEvent) -> None:
            step = _step(event)
            if step is not None:
                result.steps.append(step)
            on_event(event)

        preview = stack.preview(on_event=collect)
        result.changes = _changes(preview.change_summary)

    def up(self, result: StackResult, on_event: Callable[[EngineEvent], None]) -> None:
        self.reporter.phase(result.label, "updating")
        stack = self.open(result.stack, result.layer, create=True)
        up = stack.up(on_event=on_event)
        result.changes = _changes(up.summary.resource_changes)
        result.outputs = masked_outputs(up.outputs, show_secrets=False)

    def refresh(self, result: StackResult, on_event: Callable[[EngineEvent], None]) -> None:
        self.reporter.phase(result.label, "refreshing")
        stack = self.open(result.stack, result.layer, create=False)
        refresh = stack.refresh(on_event=on_event)
        result.changes = _changes(refresh.summary.resource_changes)

    def destroy(self, result: StackResult, on_event: Callable[[EngineEvent], None]) -> None:
        """Destroy one layer's stack. The data layer is destroyed only on an explicit request to delete data
        (the CLI never gets here otherwise): its protect and retain_on_delete marks are cleared in the state
        first, so the durable data really goes, and what went is reported."""
        self.reporter.phase(result.label, "destroying")
        stack = self.open(result.stack, result.layer, create=False)
        if result.layer == "data":
            deployment = stack.export_stack()
            resources: list[dict[str, Any]] = list((deployment.deployment or {}).get("resources", []))
            result.deleted_data = [_brief(r) for r in gate.durable_resources(resources, ())]
            if any(r.get("protect") or r.get("retainOnDelete") for r in resources):
                for r in resources:
                    r["protect"], r["retainOnDelete"] = False, False
                self.import_state(stack, deployment)
        destroyed = stack.destroy(on_event=on_event)
        result.changes = _changes(destroyed.summary.resource_changes)

    def import_state(self, stack: auto.Stack, deployment: auto.Deployment) -> None:
        """`pulumi stack import` from a private temporary file that is always removed (the SDK's own
        import_stack leaves its file behind when the import fails, with the state's secrets in it)."""
        workspace = stack.workspace
        with tempfile.TemporaryDirectory(prefix="kumo-state-") as directory:
            path = Path(directory) / "state.json"
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as file:
                json.dump({"version": deployment.version, "deployment": deployment.deployment}, file)
            self.command.run(["stack", "import", "--file", str(path), "--stack", stack.name], workspace.work_dir,
                             dict(workspace.env_vars))

    def outputs(self, name: str, layer: str) -> dict[str, auto.OutputValue]:
        return dict(self.open(name, layer, create=False).outputs())

    def outputs_if_deployed(self, name: str, layer: str) -> dict[str, auto.OutputValue] | None:
        """The layer stack's outputs, or None when the stack does not exist."""
        try:
            return self.outputs(name, layer)
        except auto_errors.StackNotFoundError:
            return None

    # -- single-stack environments from before layers (the top-level project `kumo`) -------------------

    def _legacy_workspace(self) -> auto.LocalWorkspace:
        return auto.LocalWorkspace(work_dir=str(self.ctx.project), env_vars=self.ctx.env,
                                   secrets_provider=self.ctx.secrets_provider, pulumi_command=self.command)

    def legacy_state(self, name: str) -> dict[str, Any] | None:
        """`pulumi stack export` of the legacy stack `name`, or None when there is none."""
        try:
            exported = auto.Stack.select(name, self._legacy_workspace()).export_stack()
        except auto_errors.StackNotFoundError:
            return None
        return {"version": exported.version, "deployment": exported.deployment}

    def import_layer(self, name: str, layer: str, document: Mapping[str, Any]) -> None:
        """Create the layer stack (if needed) and import a whole state into it."""
        stack = self.open(name, layer, create=True)
        self.import_state(stack, auto.Deployment(version=document.get("version"),
                                                 deployment=document.get("deployment")))

    def remove_legacy(self, name: str) -> None:
        """Remove the legacy stack from the backend, resources and all (they live on in the layer stacks),
        keeping its stack file: that file is the environment's spec."""
        self._legacy_workspace().remove_stack(name, force=True, preserve_config=True)


def _brief(r: Mapping[str, Any]) -> dict[str, Any]:
    return {"urn": r["urn"], "type": r.get("type"), "id": r.get("id")}
