"""A real `kumo` process for the signal tests (tests/cli/test_interrupt.py): started in its own process group
(a terminal's foreground job), paused where a test wants it, and an executable fake `pulumi` it can run.

Nothing here waits on a clock: every wait ends as soon as its condition holds (`TIMEOUT` only guards
against a hang).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

# The console script's two lines (`from cli import main; sys.exit(main())`), with an optional pause: at
# the first audited EVENT whose first argument contains MATCH, or once `main` has returned (EVENT `returned`),
# write READY and wait there for the signal.
BOOT = """
import os, sys, time
event, match, ready = sys.argv[1:4]
del sys.argv[1:4]

def pause(paused=[]):
    if not paused:
        paused.append(True)
        with open(ready + ".part", "w") as file:
            file.write(str(os.getpid()))
        os.replace(ready + ".part", ready)
        while True:
            time.sleep(0.05)

if event and event != "returned":
    sys.addaudithook(lambda name, args: name == event and match in str(args[0] if args else "") and pause())
from cli import main
code = main()
if event == "returned":
    pause()
sys.exit(code)
"""
# A layer program that says it is running (inside the offline engine, in whichever process plans it), then
# never ends on its own. Were a KeyboardInterrupt raised inside the Pulumi runtime, it would unwind the program
# and say so.
BLOCKING_PROGRAM = """import os, time
with open({ready!r} + "/" + str(os.getpid()), "w") as file:
    file.write("running")
try:
    while True:
        time.sleep(0.05)
finally:
    with open({unwound!r} + "/" + str(os.getpid()), "w") as file:
        file.write("unwound by a KeyboardInterrupt")
"""
TIMEOUT = 180.0  # a guard against a hang only: every wait ends as soon as its condition holds
NOISE = ("Traceback", "Exception ignored", "never awaited", "Task was destroyed")


class Kumo:
    """A `kumo` process in its own process group (a terminal's foreground job), and what it printed."""

    def __init__(
        self, project: Path, *args: str, pause: tuple[str, str] = ("", ""), env: dict[str, str] | None = None
    ) -> None:
        self.ready = project / "ready"
        self.ready.mkdir(exist_ok=True)
        self.process = subprocess.Popen(
            [sys.executable, "-c", BOOT, pause[0], pause[1], str(self.ready / "paused"), *args],
            cwd=project,
            env={**os.environ, **(env or {})},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        self.out = self.err = ""

    def wait_until(self, condition: Callable[[], bool], what: str) -> None:
        """Until `condition` holds while kumo runs (it ending first fails the test)."""

        def holds() -> bool:
            if self.process.poll() is not None:
                self.finish()
                pytest.fail(f"kumo ended before {what}: exit {self.process.returncode}\n{self.err}")
            return condition()

        eventually(holds, what)

    def wait_ready(self) -> list[int]:
        """The pids of the processes that reached the pause or the blocking program."""

        def arrived() -> list[Path]:
            return [p for p in self.ready.iterdir() if p.suffix != ".part"]  # each written whole, then renamed

        self.wait_until(lambda: bool(arrived()), "ready")
        return [int(p.read_text()) if p.name == "paused" else int(p.name) for p in arrived()]

    def ctrl_c(self) -> None:
        os.killpg(self.process.pid, signal.SIGINT)

    def finish(self) -> int:
        self.out, self.err = self.process.communicate(timeout=TIMEOUT)
        return self.process.returncode

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.communicate()


def eventually(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, f"never {what}"
        time.sleep(0.02)


def block_in_data_layer(project: Path) -> Path:
    """The data layer's program blocks; the folder where it would say a KeyboardInterrupt unwound it."""
    unwound = project / "unwound"
    unwound.mkdir()
    (project / "ready").mkdir()
    (project / "stacks" / "data" / "__main__.py").write_text(
        BLOCKING_PROGRAM.format(ready=str(project / "ready"), unwound=str(unwound))
    )
    return unwound


def gone(pid: int) -> bool:
    """Exited (a zombie waiting for its new parent to reap it counts)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True


def sigint_blocked(pid: int) -> bool:
    """Whether the process's main thread holds SIGINT blocked (bit 2 of its mask)."""
    status = Path(f"/proc/{pid}/status").read_text()
    mask = next(line.split()[1] for line in status.splitlines() if line.startswith("SigBlk:"))
    return bool(int(mask, 16) & (1 << (signal.SIGINT - 1)))


def assert_interrupted(kumo: Kumo) -> None:
    code = kumo.finish()
    assert [n for n in NOISE if n in kumo.err] == [], kumo.err
    assert (code, kumo.err) == (130, "error: interrupted\n")


# ---------------------------------------------------------------------------------------------------------
# An executable `pulumi`, for a real kumo process

# What a kumo process's Automation API runs: `version`, `stack` commands and operations. An operation logs
# `running PID`, then each SIGINT as `SIGINT n`; it stops on the first (MODE graceful: the CLI's cancel) or
# never (MODE stuck: a provider that does not return).
EXECUTABLE = """#!{python}
import json, os, signal, sys, time
LOG, MODE = {log!r}, {mode!r}

def log(line):
    with open(LOG, "a") as file:
        file.write(line + "\\n")

args = [a for a in sys.argv[1:] if a != "--non-interactive"]
log("argv " + " ".join(args))
if args[:1] == ["version"]:
    print("v3.272.0")
elif args[:2] == ["stack", "export"]:
    print(json.dumps({{"version": 3, "deployment": {{"resources": []}}}}))
elif args[0] in ("preview", "up", "refresh", "destroy"):
    received = []

    def on_sigint(signum, frame):
        received.append(signum)
        log(f"SIGINT {{len(received)}}")
        if MODE == "graceful":
            sys.stderr.write("error: update canceled\\n")
            sys.stderr.flush()
            os._exit(255)

    signal.signal(signal.SIGINT, on_sigint)
    log(f"running {{os.getpid()}}")
    while True:
        time.sleep(0.05)
"""


def fake_pulumi_cli(directory: Path, mode: str) -> tuple[dict[str, str], Path]:
    """An executable `pulumi` in DIRECTORY/bin (MODE graceful or stuck), the environment that puts it first
    on PATH, and its log. kumo runs it in its own session: a terminal's Ctrl-C reaches kumo only."""
    bin_dir, log = directory / "bin", directory / "pulumi.log"
    bin_dir.mkdir()
    script = bin_dir / "pulumi"
    script.write_text(EXECUTABLE.format(python=sys.executable, log=str(log), mode=mode))
    script.chmod(0o755)
    return {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}, log


def log_lines(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


def operation_pid(log: Path) -> int | None:
    """The pid of the operation (preview, up, refresh, destroy) the executable is running, once it runs."""
    return next((int(line.split()[1]) for line in log_lines(log) if line.startswith("running ")), None)
