"""The CLI's one error boundary: every failure a user can cause or fix is one line and a named exit code."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """kumo's exit codes (ARCHITECTURE.md)."""

    OK = 0
    FAILED = 1  # the operation ran and failed (cloud or engine error)
    BAD_INPUT = 2  # unknown stack, invalid spec, bad flag
    RULES_FAILED = 3  # security rules failed, or the stateful-resource gate refused a plan
    MISSING_PREREQUISITE = 4  # Pulumi CLI, credentials, passphrase, cloud CLI
    BUSY = 5  # another update holds the stack's lock
    INTERRUPTED = 130  # Ctrl-C; the running operation was cancelled cleanly


class KumoError(Exception):
    """A failure with its exit code and, where there is one, the fix."""

    code: ExitCode = ExitCode.FAILED

    def __init__(self, message: str, *, hint: str | None = None, code: ExitCode | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        if code is not None:
            self.code = code


class BadInput(KumoError):
    code = ExitCode.BAD_INPUT


class RulesFailed(KumoError):
    code = ExitCode.RULES_FAILED


class MissingPrerequisite(KumoError):
    code = ExitCode.MISSING_PREREQUISITE


class StackBusy(KumoError):
    code = ExitCode.BUSY


class OperationFailed(KumoError):
    code = ExitCode.FAILED


def classify(exc: BaseException) -> KumoError | None:
    """Map a known library exception to a KumoError; None for a bug (shown with --debug)."""
    from components.spec import SpecError
    from components.stackfiles import StackFileError, UnknownStackError

    if isinstance(exc, KumoError):
        return exc
    if isinstance(exc, SpecError):
        return BadInput(str(exc))
    if isinstance(exc, UnknownStackError):
        return BadInput(str(exc).strip("'\""), hint="`kumo stacks` lists them; `kumo init` writes a new one")
    if isinstance(exc, StackFileError):
        return BadInput(str(exc))
    return None
