"""The Pulumi CLI as kumo runs it: one process per command in its own session, interruptible, and the
layer programs as inline programs."""

from __future__ import annotations

import contextlib
import os
import runpy
import signal
import subprocess
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pulumi import automation as auto
from pulumi.automation import errors as auto_errors

from cli.engine.results import Interrupted
from cli.errors import MissingPrerequisite
from cli.prerequisites import PULUMI_INSTALL, require_pulumi


class InterruptiblePulumiCommand(auto.PulumiCommand):
    """The stock command runner, except that each CLI process gets its own session (a terminal Ctrl-C goes
    to kumo alone) and `interrupt()` forwards one SIGINT to every running process: the CLI's own graceful
    cancel, which finishes in-flight resource operations and releases the stack's lock (a second one stops
    it at once). No process starts after an interrupt: an operation still to begin is not begun."""

    def __init__(self) -> None:
        super().__init__(skip_version_check=False)
        self._live: set[subprocess.Popen[str]] = set()
        # Reentrant: a second Ctrl-C's handler calls `interrupt()` on the main thread, maybe inside the first.
        self._lock = threading.RLock()
        self._interrupted = False

    def run(
        self,
        args: list[str],
        cwd: str,
        additional_env: Mapping[str, str],
        on_output: Callable[[str], Any] | None = None,
        on_error: Callable[[str], Any] | None = None,
    ) -> auto.CommandResult:
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

        with self._lock:  # started under the lock: `interrupt()` either reaches it or prevents it
            if self._interrupted:
                raise Interrupted(f"pulumi {args[1]}: not started (interrupted)")
            process = subprocess.Popen(
                [self.command, *args],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                cwd=cwd,
                env=env,
                encoding="utf-8",
                start_new_session=True,
            )
            self._live.add(process)
        with process:
            readers = [
                threading.Thread(target=consume, args=(process.stdout, on_output, chunks["out"])),
                threading.Thread(target=consume, args=(process.stderr, on_error, chunks["err"])),
            ]
            for reader in readers:
                reader.start()
            for reader in readers:
                reader.join()
            process.wait()
            with self._lock:
                self._live.discard(process)
        result = auto.CommandResult(
            stdout="\n".join(chunks["out"]), stderr="\n".join(chunks["err"]), code=process.returncode
        )
        if process.returncode != 0:
            raise auto_errors.create_command_error(result)
        return result

    def interrupt(self) -> None:
        with self._lock:
            self._interrupted = True
            for process in self._live:
                with contextlib.suppress(ProcessLookupError):
                    process.send_signal(signal.SIGINT)


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
