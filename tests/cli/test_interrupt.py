"""Ctrl-C in a real `kumo` process (issue 14): exit 130 with one `interrupted` line and no Python noise;
Automation API operations cancelled through the Pulumi CLI's own graceful cancel; a second Ctrl-C ends at once.

No test sends a signal after a sleep: each waits until the child shows it is where the test wants it (a
stack's program writing a ready file from inside the offline engine, a pause at an audited event, the fake
Pulumi CLI's log), then sends SIGINT. Like a terminal's Ctrl-C, the signal goes to kumo's process group.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.cli.conftest import no_temp_leaks
from tests.cli.fake_pulumi import fake_pulumi_cli, log_lines, operation_pid

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and process groups")

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


@pytest.fixture
def launch(project: Path) -> Iterator[object]:
    started: list[Kumo] = []

    def start(*args: str, **kwargs: object) -> Kumo:
        started.append(Kumo(project, *args, **kwargs))  # type: ignore[arg-type]
        return started[-1]

    yield start
    for kumo in started:
        kumo.kill()


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


def test_a_ctrl_c_while_kumo_starts_is_one_line(project: Path, launch) -> None:
    """Before the Typer app is even imported (the console script's first ~0.2 s), Ctrl-C already ends kumo with
    the line and 130, not Python's KeyboardInterrupt traceback."""
    kumo = launch("plan", "t-aws", pause=("import", "cli.app"))
    assert kumo.wait_ready() == [kumo.process.pid]
    kumo.ctrl_c()
    assert_interrupted(kumo)


# -- commands that run in this process: plan, check, validate, preflight -------------------------------------


def test_plan_interrupted_inside_the_offline_engine(project: Path, launch) -> None:
    """kumo ends at once: no KeyboardInterrupt is raised inside the Pulumi runtime (it can hang there)."""
    unwound = block_in_data_layer(project)
    kumo = launch("plan", "t-aws")
    assert kumo.wait_ready() == [kumo.process.pid]  # the program runs in kumo's own process
    kumo.ctrl_c()
    assert_interrupted(kumo)
    assert kumo.out == ""
    assert list(unwound.iterdir()) == []


def test_check_all_interrupted_while_stacks_are_planned(project: Path, launch) -> None:
    """With two clouds and two CPUs the stacks are planned in worker processes: they are stopped too."""
    unwound = block_in_data_layer(project)
    kumo = launch("check", "--all")
    planners = kumo.wait_ready()
    workers = [pid for pid in planners if pid != kumo.process.pid]
    assert [pid for pid in workers if not sigint_blocked(pid)] == []  # kumo answers Ctrl-C for them
    kumo.ctrl_c()
    assert_interrupted(kumo)
    assert kumo.out == ""
    # Killed before kumo exited; gone once the kernel has finished with them.
    eventually(lambda: all(gone(pid) for pid in planners), "every planning process is gone")
    assert list(unwound.iterdir()) == []


def test_validate_interrupted_while_reading_a_stack_file(project: Path, launch) -> None:
    kumo = launch("validate", "t-aws", pause=("open", "Pulumi.t-aws.yaml"))
    kumo.wait_ready()
    kumo.ctrl_c()
    assert_interrupted(kumo)
    assert kumo.out == ""


def test_preflight_interrupted_while_asking_the_cloud(project: Path, launch) -> None:
    kumo = launch("preflight", "t-aws", pause=("socket.getaddrinfo", ""))
    kumo.wait_ready()
    kumo.ctrl_c()
    assert_interrupted(kumo)
    assert kumo.out == ""


def test_a_ctrl_c_after_the_result_leaves_the_result(project: Path, launch) -> None:
    """Once the command has printed its result, a Ctrl-C while Python shuts down ends the process quietly
    with the command's own exit code (Python would otherwise print a KeyboardInterrupt traceback)."""
    kumo = launch("validate", "t-aws", pause=("returned", ""))
    kumo.wait_ready()
    kumo.ctrl_c()
    assert kumo.finish() == 0, kumo.err
    assert (kumo.out, kumo.err) == ("ok  t-aws\n", "")


def test_a_ctrl_c_dropped_by_a_finalizer_is_raised_again(capfd: pytest.CaptureFixture[str]) -> None:
    """Python drops an exception raised inside a finalizer and prints "Exception ignored in ...": kumo raises
    the KeyboardInterrupt again at the next call, and prints nothing."""
    from cli import interrupts

    class InterruptedWhileFinalized:
        def __del__(self) -> None:
            os.kill(os.getpid(), signal.SIGINT)  # kumo's handler raises before this method returns

    with interrupts.handled():
        finalized = InterruptedWhileFinalized()
        with pytest.raises(KeyboardInterrupt):
            del finalized
            os.getpid()  # the next call
        assert interrupts.interrupted()
        with pytest.raises(KeyboardInterrupt), interrupts.cancellable(lambda: None, lambda: None):
            pytest.fail("an operation started after a Ctrl-C")
    assert sys.getprofile() is None
    assert capfd.readouterr().err == ""


# -- Automation API operations: the Pulumi CLI cancels ------------------------------------------------------


def test_refresh_interrupted_cancels_the_pulumi_cli(project: Path, launch) -> None:
    env, log = fake_pulumi_cli(project.parent, "graceful")
    before = set(os.listdir(tempfile.gettempdir()))
    kumo = launch("refresh", "t-aws", "--layer", "data", env=env)
    kumo.wait_until(lambda: operation_pid(log) is not None, "pulumi refresh runs")
    kumo.ctrl_c()
    assert kumo.finish() == 130, kumo.err
    err = re.sub(r"cancelled \d+:\d\d:\d\d$", "cancelled H:MM:SS", kumo.err, flags=re.MULTILINE)
    assert err.splitlines() == [
        "cancelling (the Pulumi CLI finishes in-flight resource operations; Ctrl-C again to stop waiting for them)",
        "  t-aws/data refresh: cancelled H:MM:SS",
        "error: interrupted: the running operations were cancelled; each stack's state is saved",
        "hint: `kumo refresh STACK` reconciles state with the cloud before the next run",
    ]
    assert [line for line in log_lines(log) if line.startswith("SIGINT")] == ["SIGINT 1"]  # forwarded once
    assert no_temp_leaks(before) == set()


def test_a_second_ctrl_c_ends_at_once(project: Path, launch) -> None:
    """The CLI is stuck (a provider that never returns): kumo forwards the second Ctrl-C and exits 130 at
    once, without waiting for a CLI that would never end."""
    env, log = fake_pulumi_cli(project.parent, "stuck")
    kumo = launch("refresh", "t-aws", "--layer", "data", env=env)
    kumo.wait_until(lambda: operation_pid(log) is not None, "pulumi refresh runs")
    pulumi = operation_pid(log)
    assert pulumi is not None
    try:
        kumo.ctrl_c()
        kumo.wait_until(lambda: "SIGINT 1" in log_lines(log), "the first Ctrl-C reaches the Pulumi CLI")
        kumo.ctrl_c()
        assert kumo.finish() == 130
        assert kumo.err.splitlines() == [
            "cancelling (the Pulumi CLI finishes in-flight resource operations; Ctrl-C again to stop waiting for them)",
            "error: interrupted",
        ]
        # Forwarded before kumo exited; the CLI logs it when its handler runs.
        eventually(lambda: "SIGINT 2" in log_lines(log), "the second Ctrl-C reaches the Pulumi CLI")
    finally:
        os.kill(pulumi, signal.SIGKILL)


def test_no_pulumi_process_starts_after_an_interrupt(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cli.engine.command import InterruptiblePulumiCommand
    from cli.engine.results import Interrupted

    env, log = fake_pulumi_cli(project.parent, "graceful")
    monkeypatch.setenv("PATH", env["PATH"])
    command = InterruptiblePulumiCommand()
    command.interrupt()
    with pytest.raises(Interrupted) as raised:
        command.run(["stack", "select", "--stack", "t-aws"], str(project), {})
    assert raised.value.message == "pulumi stack: not started (interrupted)"
    assert int(raised.value.code) == 130
    assert log_lines(log) == ["argv version"]
