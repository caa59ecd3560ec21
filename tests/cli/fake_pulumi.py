"""A fake `pulumi` CLI for the Automation API: records every argv and replays engine events.

It answers the commands the SDK's LocalWorkspace/Stack run (stack select/init, preview, up, refresh,
destroy, stack output, stack history, stack export/import) from an in-memory backend, and streams engine
events over the SDK's gRPC event-log channel (`--event-log tcp://...`, what CLI versions > 3.205 use). Each
event dict is first parsed with `EngineEvent.from_json`, so a malformed event fails the test. (An executable
fake `pulumi`, for a real kumo process: tests/cli/kumo_process.py.)
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grpc
from pulumi.automation import CommandResult, PulumiCommand
from pulumi.automation.errors import create_command_error
from pulumi.automation.events import EngineEvent
from pulumi.runtime.proto import events_pb2, events_pb2_grpc
from semver import VersionInfo


def project_of(cwd: str) -> str:
    """The name in the Pulumi.yaml of the directory the CLI runs in (each layer is its own project)."""

    import yaml

    return str(yaml.safe_load((Path(cwd) / "Pulumi.yaml").read_text())["name"])


LOCKED = (
    "error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end "
    "or delete the lock file with `pulumi cancel`."
)
PROJECT = "kumo"


def urn(stack: str, type_: str, name: str, parent_type: str | None = None, project: str = "kumo-data") -> str:
    qualified = f"{parent_type}${type_}" if parent_type else type_
    return f"urn:pulumi:{stack}::{project}::{qualified}::{name}"


def step(
    op: str,
    urn_: str,
    type_: str,
    *,
    kind: str = "resourcePreEvent",
    parent: str = "",
    protect: bool = False,
    retain: bool = False,
    planning: bool = False,
) -> dict[str, Any]:
    state = {
        "type": type_,
        "urn": urn_,
        "parent": parent,
        "protect": protect,
        "retainOnDelete": retain,
        "custom": True,
        "inputs": {},
        "outputs": {},
    }
    metadata = {
        "op": op,
        "urn": urn_,
        "type": type_,
        "provider": "",
        "old": None if op == "create" else state,
        "new": None if op == "delete" else state,
    }
    return {kind: {"metadata": metadata, "planning": planning}}


def summary(changes: Mapping[str, int]) -> dict[str, Any]:
    return {
        "summaryEvent": {
            "maybeCorrupt": False,
            "durationSeconds": 1,
            "resourceChanges": dict(changes),
            "PolicyPacks": {},
        }
    }


def diagnostic(message: str, severity: str = "error") -> dict[str, Any]:
    return {"diagnosticEvent": {"message": message, "color": "never", "severity": severity}}


@dataclass
class Script:
    """What one operation does: events to stream, then exit with `code` and `stderr`."""

    events: list[dict[str, Any]] = field(default_factory=list)
    code: int = 0
    stderr: str = ""
    block_until_interrupted: bool = False
    on_start: Callable[[], None] | None = None


class FakePulumi(PulumiCommand):
    """Stands in for the Pulumi CLI; no process is ever started."""

    def __init__(self, version: str = "3.272.0") -> None:  # no super(): it would run `pulumi version`
        self.command = "pulumi"
        self.version = VersionInfo.parse(version)
        self.calls: list[list[str]] = []
        self.envs: list[dict[str, str]] = []
        self.cwds: list[str] = []
        self.projects: list[str] = []
        # "kumo-<layer>/<stack>" -> {"resources": [...], "outputs": {...}, "secret": set}
        self.stacks: dict[str, dict[str, Any]] = {}
        self.scripts: dict[tuple[str, str], Script] = {}  # (operation, "kumo-<layer>/<stack>") -> script
        self.imports: list[dict[str, Any]] = []
        self.interrupted = threading.Event()
        self.lock = threading.Lock()

    # -- setup -----------------------------------------------------------------------------------------

    def add_stack(
        self,
        name: str,
        resources: list[dict[str, Any]] | None = None,
        outputs: dict[str, Any] | None = None,
        secret: tuple[str, ...] = (),
        layer: str = "data",
    ) -> None:
        self.stacks[f"kumo-{layer}/{name}"] = {
            "resources": list(resources or []),
            "outputs": dict(outputs or {}),
            "secret": set(secret),
        }

    def script(self, operation: str, stack: str, layer: str = "data", **kwargs: Any) -> Script:
        self.scripts[(operation, f"kumo-{layer}/{stack}")] = Script(**kwargs)
        return self.scripts[(operation, f"kumo-{layer}/{stack}")]

    def layer_calls(self, verb: str) -> list[str]:
        """`project/stack` of each call of one verb (preview, up, destroy, ...), in order."""
        found = []
        for args, project in zip(self.calls, self.projects, strict=True):
            if args[1] == verb and "--stack" in args:
                found.append(f"{project}/{args[args.index('--stack') + 1]}")
        return found

    def interrupt(self) -> None:
        self.interrupted.set()

    # -- the CLI -----------------------------------------------------------------------------------------

    def run(
        self,
        args: list[str],
        cwd: str,
        additional_env: Mapping[str, str],
        on_output: Callable[[str], Any] | None = None,
        on_error: Callable[[str], Any] | None = None,
    ) -> CommandResult:
        args = ["--non-interactive", *args] if "--non-interactive" not in args else list(args)
        project = project_of(cwd)
        with self.lock:
            self.calls.append(list(args))
            self.envs.append(dict(additional_env))
            self.cwds.append(cwd)
            self.projects.append(project)
        name = args[args.index("--stack") + 1] if "--stack" in args else ""
        stack = f"{project}/{name}"
        verb = args[1]
        if verb == "stack":
            return self._stack_command(args[2], args, stack)
        if verb in ("preview", "up", "refresh", "destroy"):
            return self._operation(verb, stack, args)
        raise AssertionError(f"fake pulumi: unexpected command {args}")

    def _fail(self, stderr: str, code: int = 255, stdout: str = "") -> CommandResult:
        raise create_command_error(CommandResult(stdout=stdout, stderr=stderr, code=code))

    def _stack_command(self, sub: str, args: list[str], stack: str) -> CommandResult:
        if sub == "rm":
            name = f"{stack.split('/')[0]}/{args[-1]}"
            if name not in self.stacks:
                return self._fail(f"error: no stack named '{args[-1]}' found")
            if self.stacks[name]["resources"] and "--force" not in args:
                return self._fail(f"error: '{args[-1]}' still has resources; removal rejected")
            del self.stacks[name]
            return CommandResult("", "", 0)
        if sub == "init":
            name = f"{stack.split('/')[0]}/{args[3]}"
            self.stacks.setdefault(name, {"resources": [], "outputs": {}, "secret": set()})
            return CommandResult("", "", 0)
        if stack not in self.stacks:
            return self._fail(f"error: no stack named '{stack.split('/')[1]}' found")
        state = self.stacks[stack]
        if sub == "select":
            return CommandResult("", "", 0)
        if sub == "output":
            shown = {
                k: (v if "--show-secrets" in args or k not in state["secret"] else "[secret]")
                for k, v in state["outputs"].items()
            }
            return CommandResult(json.dumps(shown), "", 0)
        if sub == "history":
            entry = {
                "kind": "update",
                "startTime": "2025-01-01T00:00:00.000Z",
                "message": "",
                "environment": {},
                "config": {},
                "result": "succeeded",
                "endTime": "2025-01-01T00:00:01.000Z",
                "version": 1,
                "resourceChanges": state.get("last_changes", {}),
            }
            return CommandResult(json.dumps([entry]), "", 0)
        if sub == "export":
            return CommandResult(json.dumps({"version": 3, "deployment": {"resources": state["resources"]}}), "", 0)
        if sub == "import":
            with open(args[args.index("--file") + 1]) as file:
                document = json.load(file)
            self.imports.append(document)
            state["resources"] = document["deployment"]["resources"]
            return CommandResult("", "", 0)
        raise AssertionError(f"fake pulumi: unexpected stack command {args}")

    def _operation(self, verb: str, stack: str, args: list[str]) -> CommandResult:
        if stack not in self.stacks:
            return self._fail(f"error: no stack named '{stack.split('/')[1]}' found")
        script = self.scripts.get((verb, stack), Script(events=[summary({"same": 1})]))
        if script.on_start:
            script.on_start()
        events = list(script.events)
        if script.block_until_interrupted:
            assert self.interrupted.wait(10), "fake pulumi: never interrupted"
            events.append({"cancelEvent": {}})
        self._stream(args, events)
        if verb == "destroy" and script.code == 0:
            keep = "--exclude-protected" in args
            self.stacks[stack]["resources"] = [r for r in self.stacks[stack]["resources"] if keep and r.get("protect")]
        changes = next((e["summaryEvent"]["resourceChanges"] for e in events if "summaryEvent" in e), {})
        self.stacks[stack]["last_changes"] = changes
        if script.code:
            return self._fail(script.stderr or "error: update failed", script.code)
        return CommandResult("", "", 0)

    def _stream(self, args: list[str], events: list[dict[str, Any]]) -> None:
        if "--event-log" not in args:
            return
        address = args[args.index("--event-log") + 1]
        assert address.startswith("tcp://"), address
        for sequence, event in enumerate(events):
            event.setdefault("sequence", sequence)
            event.setdefault("timestamp", 0)
            EngineEvent.from_json(event)  # the SDK must be able to read what we send
        with grpc.insecure_channel(address.removeprefix("tcp://")) as channel:
            stub = events_pb2_grpc.EventsStub(channel)
            stub.StreamEvents(iter([events_pb2.EventRequest(event=json.dumps(e)) for e in events]))
