"""Ctrl-C in a real `kumo` process (issue 14): exit 130 with one `interrupted` line and no Python noise;
Automation API operations cancelled through the Pulumi CLI's own graceful cancel; a second Ctrl-C ends at once.

No test sends a signal after a sleep: each waits until the child shows it is where the test wants it (a
stack's program writing a ready file from inside the offline engine, a pause at an audited event, the fake
Pulumi CLI's log), then sends SIGINT. Like a terminal's Ctrl-C, the signal goes to kumo's process group.
"""

from __future__ import annotations

import os
import re
import signal
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.conftest import no_temp_leaks
from tests.cli.kumo_process import (
    Kumo,
    assert_interrupted,
    block_in_data_layer,
    eventually,
    fake_pulumi_cli,
    gone,
    log_lines,
    operation_pid,
    sigint_blocked,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and process groups")


@pytest.fixture
def launch(project: Path) -> Iterator[object]:
    started: list[Kumo] = []

    def start(*args: str, **kwargs: object) -> Kumo:
        started.append(Kumo(project, *args, **kwargs))  # type: ignore[arg-type]
        return started[-1]

    yield start
    for kumo in started:
        kumo.kill()


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
