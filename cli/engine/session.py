"""A session: one Pulumi CLI runner, layer stacks opened on demand, operations run concurrently."""

from __future__ import annotations

import json
import os
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Any

from pulumi import automation as auto
from pulumi.automation import errors as auto_errors
from pulumi.automation.events import EngineEvent

from cli import gate, interrupts
from cli.engine.command import inline_program
from cli.engine.results import (
    Context,
    Interrupted,
    Reporter,
    StackResult,
    change_counts,
    event_dict,
    masked_outputs,
    planned_step,
    translate,
)


class Session:
    def __init__(self, ctx: Context, reporter: Reporter, command: auto.PulumiCommand) -> None:
        self.ctx = ctx
        self.reporter = reporter
        self.command = command
        self.cancelled = threading.Event()

    def open(self, name: str, layer: str, *, create: bool) -> auto.Stack:
        """The environment `name`'s stack in `layer`'s project (created when `create`)."""
        from components.offline import program_path

        workspace = auto.LocalWorkspace(
            work_dir=str(program_path(self.ctx.project, layer).parent),
            program=inline_program(self.ctx.project, name, layer),
            env_vars=self.ctx.env,
            secrets_provider=self.ctx.secrets_provider,
            pulumi_command=self.command,
        )
        return auto.Stack.create_or_select(name, workspace) if create else auto.Stack.select(name, workspace)

    def resources(self, name: str, layer: str) -> list[dict[str, Any]] | None:
        """The layer stack's resources from its state, or None when the stack does not exist."""
        try:
            stack = self.open(name, layer, create=False)
        except auto_errors.StackNotFoundError:
            return None
        return list((stack.export_stack().deployment or {}).get("resources", []))

    def run_all(
        self,
        results: list[StackResult],
        body: Callable[[StackResult, Callable[[EngineEvent], None]], None],
    ) -> list[StackResult]:
        """Run `body` for each stack concurrently; Ctrl-C cancels every running CLI and raises Interrupted."""

        def one(result: StackResult) -> StackResult:
            errors: list[str] = []

            def on_event(event: EngineEvent) -> None:
                data = event_dict(event)
                if data is None:
                    return
                if data["kind"] == "diag" and data["severity"] == "error":
                    errors.append(data["message"])
                self.reporter.event(result.label, data)

            started = time.monotonic()
            try:
                body(result, on_event)
            except Exception as exc:
                result.error = translate(exc, result.label, result.operation, errors)
                result.status = "cancelled" if self.cancelled.is_set() else "failed"
            result.elapsed_s = time.monotonic() - started
            self.reporter.phase(result.label, result.status)
            return result

        requested = threading.Event()  # set by the SIGINT handler: it may do no more than that
        with interrupts.cancellable(requested.set, stop=self._interrupt_clis):
            pool = ThreadPoolExecutor(max_workers=max(1, len(results)), thread_name_prefix="kumo-stack")
            try:
                pending: set[Future[StackResult]] = {pool.submit(one, r) for r in results}
                while pending:  # short waits: a cancel asked for is acted on within one
                    _, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                    if requested.is_set() and not self.cancelled.is_set():
                        self._cancel()
            finally:
                pool.shutdown(wait=True)
        if requested.is_set():  # even when every operation ended before the cancel reached it
            raise Interrupted(
                "interrupted: the running operations were cancelled; each stack's state is saved",
                hint="`kumo refresh STACK` reconciles state with the cloud before the next run",
            )
        return results

    def _cancel(self) -> None:
        """Ctrl-C: the running CLIs cancel; none is started after."""
        self.cancelled.set()
        self.reporter.note(
            "cancelling (the Pulumi CLI finishes in-flight resource operations; Ctrl-C again to stop waiting for them)"
        )
        self._interrupt_clis()

    def _interrupt_clis(self) -> None:
        """One SIGINT to each running Pulumi CLI: the first is its graceful cancel; a second (Ctrl-C again,
        sent from the signal handler just before kumo exits) stops it at once."""
        interrupt = getattr(self.command, "interrupt", None)
        if callable(interrupt):
            interrupt()

    # -- operations on one stack ---------------------------------------------------------------------

    def preview(self, result: StackResult, on_event: Callable[[EngineEvent], None]) -> None:
        self.reporter.phase(result.label, "previewing")
        stack = self.open(result.stack, result.layer, create=True)

        def collect(event: EngineEvent) -> None:
            step = planned_step(event)
            if step is not None:
                result.steps.append(step)
            on_event(event)

        preview = stack.preview(on_event=collect)
        result.changes = change_counts(preview.change_summary)

    def up(self, result: StackResult, on_event: Callable[[EngineEvent], None]) -> None:
        self.reporter.phase(result.label, "updating")
        stack = self.open(result.stack, result.layer, create=True)
        up = stack.up(on_event=on_event)
        result.changes = change_counts(up.summary.resource_changes)
        result.outputs = masked_outputs(up.outputs, show_secrets=False)

    def refresh(self, result: StackResult, on_event: Callable[[EngineEvent], None]) -> None:
        self.reporter.phase(result.label, "refreshing")
        stack = self.open(result.stack, result.layer, create=False)
        refresh = stack.refresh(on_event=on_event)
        result.changes = change_counts(refresh.summary.resource_changes)

    def destroy(self, result: StackResult, on_event: Callable[[EngineEvent], None]) -> None:
        """Destroy one layer's stack. The data layer is destroyed only on an explicit request to delete data
        (the CLI never gets here otherwise): its protect and retain_on_delete marks are cleared in the state
        first, so the durable data really goes, and what went is reported."""
        self.reporter.phase(result.label, "destroying")
        stack = self.open(result.stack, result.layer, create=False)
        if result.layer == "data":
            deployment = stack.export_stack()
            resources: list[dict[str, Any]] = list((deployment.deployment or {}).get("resources", []))
            result.deleted_data = [_brief(r) for r in gate.durable_resources(resources)]
            if any(r.get("protect") or r.get("retainOnDelete") for r in resources):
                for r in resources:
                    r["protect"], r["retainOnDelete"] = False, False
                self.import_state(stack, deployment)
        destroyed = stack.destroy(on_event=on_event)
        result.changes = change_counts(destroyed.summary.resource_changes)

    def import_state(self, stack: auto.Stack, deployment: auto.Deployment) -> None:
        """`pulumi stack import` from a private temporary file that is always removed (the SDK's own
        import_stack leaves its file behind when the import fails, with the state's secrets in it)."""
        workspace = stack.workspace
        with tempfile.TemporaryDirectory(prefix="kumo-state-") as directory:
            path = Path(directory) / "state.json"
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as file:
                json.dump({"version": deployment.version, "deployment": deployment.deployment}, file)
            self.command.run(
                ["stack", "import", "--file", str(path), "--stack", stack.name],
                workspace.work_dir,
                dict(workspace.env_vars),
            )

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
        return auto.LocalWorkspace(
            work_dir=str(self.ctx.project),
            env_vars=self.ctx.env,
            secrets_provider=self.ctx.secrets_provider,
            pulumi_command=self.command,
        )

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
        self.import_state(
            stack, auto.Deployment(version=document.get("version"), deployment=document.get("deployment"))
        )

    def remove_legacy(self, name: str) -> None:
        """Remove the legacy stack from the backend, resources and all (they live on in the layer stacks),
        keeping its stack file: that file is the environment's spec."""
        self._legacy_workspace().remove_stack(name, force=True, preserve_config=True)


def _brief(r: Mapping[str, Any]) -> dict[str, Any]:
    return {"urn": r["urn"], "type": r.get("type"), "id": r.get("id")}
