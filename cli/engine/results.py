"""What an operation did to each layer stack, and how engine events and failures read in kumo's terms."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pulumi import automation as auto
from pulumi.automation import errors as auto_errors
from pulumi.automation.events import EngineEvent

from cli import gate
from cli.errors import BadInput, ExitCode, KumoError, MissingPrerequisite, OperationFailed, StackBusy
from cli.prerequisites import CREDENTIAL_ERRORS, PASSPHRASE_ERRORS, PULUMI_INSTALL


class Reporter(Protocol):
    """Where progress goes (cli.render.OperationProgress)."""

    def phase(self, stack: str, text: str) -> None: ...
    def event(self, stack: str, event: dict[str, Any]) -> None: ...
    def note(self, text: str) -> None: ...


class Interrupted(KumoError):
    code = ExitCode.INTERRUPTED


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
        return {
            "stack": self.stack,
            "layer": self.layer,
            "cloud": self.cloud,
            "operation": self.operation,
            "status": self.status,
            "note": self.note,
            "changes": self.changes,
            "outputs": self.outputs,
            "kept": self.kept,
            "deleted_data": self.deleted_data,
            "violations": [v.__dict__ for v in self.violations],
            "error": None
            if self.error is None
            else {"message": self.error.message, "hint": self.error.hint, "exit_code": int(self.error.code)},
            "elapsed_s": round(self.elapsed_s, 1),
        }


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


def change_counts(summary: Mapping[Any, int] | None) -> dict[str, int]:
    return {str(getattr(k, "value", k)): int(v) for k, v in (summary or {}).items()}


def event_dict(event: EngineEvent) -> dict[str, Any] | None:
    """An engine event in render's terms (plain data)."""
    for kind, payload in (
        ("pre", event.resource_pre_event),
        ("done", event.res_outputs_event),
        ("failed", event.res_op_failed_event),
    ):
        if payload is not None:
            meta = payload.metadata
            return {
                "kind": kind,
                "op": meta.op.value,
                "urn": meta.urn,
                "type": meta.type,
                "planning": bool(getattr(payload, "planning", False)),
            }
    if event.diagnostic_event is not None and event.diagnostic_event.severity in ("error", "warning"):
        diag = event.diagnostic_event
        return {"kind": "diag", "severity": diag.severity, "message": diag.message.strip(), "urn": diag.urn}
    if event.summary_event is not None:
        return {
            "kind": "summary",
            "changes": change_counts(event.summary_event.resource_changes),
            "duration_s": event.summary_event.duration_seconds,
        }
    return None


def planned_step(event: EngineEvent) -> gate.Step | None:
    pre = event.resource_pre_event
    if pre is None:
        return None
    meta = pre.metadata
    states = [s for s in (meta.old, meta.new) if s is not None]
    parent = next((s.parent for s in states if s.parent), None)
    return gate.Step(
        op=meta.op.value,
        urn=meta.urn,
        type=meta.type,
        parent=parent,
        protect=any(bool(s.protect) for s in states),
        retain_on_delete=any(bool(s.retain_on_delete) for s in states),
    )


def translate(exc: BaseException, stack: str, operation: str, errors: list[str]) -> KumoError:
    """An Automation API failure as one clear line with its exit code (`stack` is `STACK/LAYER`)."""
    if isinstance(exc, KumoError):
        return exc
    name, _, layer = stack.partition("/")
    if isinstance(exc, auto_errors.ConcurrentUpdateError):
        where = f"--cwd stacks/{layer} " if layer else ""
        return StackBusy(
            f"{stack}: the stack is locked by another update",
            hint=f"wait for it to finish; if none is running, `pulumi cancel {where}--stack {name}` releases the lock",
        )
    if isinstance(exc, auto_errors.StackNotFoundError):
        return BadInput(f"{stack}: the backend has no such stack yet", hint=f"`kumo up {name}` creates it")
    if isinstance(exc, auto.InvalidVersionError):
        return MissingPrerequisite(f"the Pulumi CLI is too old: {exc}", hint=PULUMI_INSTALL)
    if isinstance(exc, FileNotFoundError) and "pulumi" in str(exc):
        return MissingPrerequisite("the Pulumi CLI is not installed", hint=PULUMI_INSTALL)
    text = "\n".join(errors) + "\n" + str(exc)
    if any(phrase.lower() in text.lower() for phrase in PASSPHRASE_ERRORS):
        return MissingPrerequisite(
            f"{stack}: the stack's secrets cannot be decrypted with the passphrase given",
            hint="set PULUMI_CONFIG_PASSPHRASE (or _FILE) to the stack's passphrase",
        )
    if any(phrase.lower() in text.lower() for phrase in CREDENTIAL_ERRORS):
        return MissingPrerequisite(
            f"{stack}: the cloud rejected the credentials: {_first(errors, exc)}",
            hint="`kumo doctor` shows what is missing and how to log in",
        )
    return OperationFailed(f"{stack}: {operation} failed: {_first(errors, exc)}")


def _first(errors: list[str], exc: BaseException) -> str:
    if errors:
        return errors[0].splitlines()[0]
    lines = [line.strip() for line in str(exc).splitlines() if line.strip().startswith("error")]
    return lines[0] if lines else type(exc).__name__
