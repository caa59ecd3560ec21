"""Output users can trust: verdicts on stdout and diagnostics on stderr, whole values in piped tables (folded,
never cut, at a width; whole with --wide), progress only at a terminal. (The JSON documents: test_output.py.)

The commands run on the repository's stacks, planned once per session (tests/conftest.py) in this process; the
commands' own parallel planning is exercised by the subprocess tests at the end.
"""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import cli.check
from cli import render
from tests.cli.conftest import DAY, REPO

PAIR = ("aws-dev", "azure-dev")

pytestmark = pytest.mark.usefixtures("result_width")


# ---------------------------------------------------------------------------------------------------------
# Verdicts on stdout, diagnostics on stderr


def test_check_prints_its_verdict_on_stdout(repo_stacks: None, kumo: Any) -> None:
    r = kumo("check", *PAIR, "--wide")
    assert r.code == 0 and r.stderr == "", r
    assert r.stdout.endswith("\nrules passed: aws-dev, azure-dev (no unwaived failure)\n")


def test_a_failed_check_says_so_on_stdout_and_gives_the_reason_on_stderr() -> None:
    document = {
        "stacks": [
            {"stack": "dev", "ok": True, "results": [{"rule": "NET-01", "status": "waived"}]},
            {
                "stack": "public",
                "ok": False,
                "results": [{"rule": "NET-01", "status": "fail"}, {"rule": "GOV-03", "status": "fail"}],
            },
        ]
    }
    assert cli.check.verdict_line(document) == "rules failed: public (NET-01, GOV-03)"


def test_plan_prints_the_tree_and_the_equivalence_on_stdout(repo_stacks: None, kumo: Any) -> None:
    r = kumo("plan", *PAIR, "--wide")
    assert r.code == 0 and r.stderr == "", r
    assert "equivalence: dev/cluster (equivalent)" in r.stdout
    assert "load balancer: public, ports [80], sources 203.0.113.0/24" in r.stdout  # not [80.0]


def test_validate_prints_each_verdict_on_stdout_and_the_failure_on_stderr(
    project: Path, kumo: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("components.facts.today", lambda: DAY)
    assert (r := kumo("validate", "--all")).code == 0, r
    assert (r.stdout, r.stderr) == ("ok  t-aws\nok  t-gcp\n", "")
    (project / "stacks" / "Pulumi.bad.yaml").write_text(
        "config:\n  kumo:cloud: aws\n  aws:region: us-east-1\n  kumo:cluster: {network: {zones: 9}}\n"
    )
    r = kumo("validate", "bad", "t-aws")
    assert r.code == 2, r
    assert r.stdout == (
        "invalid  bad\n  Pulumi.bad.yaml: kumo:cluster.network.zones = 9: must be at most 3\nok  t-aws\n"
    )
    assert r.stderr == "error: 1 of 2 stack(s) invalid: bad\n"


# ---------------------------------------------------------------------------------------------------------
# Tables: whole values when piped; folded (never cut) at a width, and `--wide` to have them whole there too

LONG = "us-east-1-" + "q" * 230  # no other cell of the table holds a "q"


def _stacks_table(project: Path, *args: str, columns: str | None) -> list[str]:
    (project / "stacks" / "Pulumi.t-long.yaml").write_text(f"config:\n  aws:region: {LONG}\n  kumo:cloud: aws\n")
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"} | ({"COLUMNS": columns} if columns else {})
    done = subprocess.run(
        [sys.executable, "-m", "cli.app", "stacks", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and done.stderr == "", done
    return done.stdout.splitlines()


def test_a_piped_table_keeps_every_value_whole_on_its_row(project: Path) -> None:
    rows = _stacks_table(project, columns=None)
    [row] = [line for line in rows if line.startswith("t-long")]
    assert row.split() == ["t-long", "aws", LONG, "default", "pools"]
    assert "…" not in "".join(rows)


def test_a_table_at_a_width_folds_long_values_and_wide_keeps_them_whole(project: Path) -> None:
    rows = _stacks_table(project, columns="80")
    assert "…" not in "".join(rows) and max(len(row) for row in rows) <= 80
    assert LONG not in "\n".join(rows) and "".join(rows).count("q") == 230  # folded over lines, all there
    [row] = [line for line in _stacks_table(project, "--wide", columns="80") if line.startswith("t-long")]
    assert row.split() == ["t-long", "aws", LONG, "default", "pools"]


# ---------------------------------------------------------------------------------------------------------
# Progress: a line per stack on stderr, only at a terminal


def test_progress_is_silent_into_a_pipe_and_for_one_stack(monkeypatch: pytest.MonkeyPatch) -> None:
    assert render.plan_progress("planning", 6) is None  # stderr is captured here: not a terminal
    monkeypatch.setattr("cli.render.plan.stderr_is_terminal", lambda: True)
    assert render.plan_progress("planning", 1) is None


def test_progress_at_a_terminal_prints_a_line_per_stack(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("cli.render.plan.stderr_is_terminal", lambda: True)
    report = render.plan_progress("planning", 2)
    assert report is not None
    report("aws-dev")
    report("gcp-dev")
    assert capfd.readouterr() == ("", "planning aws-dev (1/2)...\nplanning gcp-dev (2/2)...\n")


def test_check_of_two_clouds_at_a_terminal_shows_each_stack_from_its_worker_process(tmp_path: Path) -> None:
    """A real run: stderr is a pseudo-terminal, stdout a pipe; the two clouds plan in two processes."""
    main, terminal = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "FORCE_COLOR", "TTY_COMPATIBLE")}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "cli.app", "check", "aws-dev", "gcp-dev"],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=terminal,
            text=True,
            timeout=600,
        )
        os.close(terminal)
        seen = b""
        while True:
            try:
                chunk = os.read(main, 4096)
            except OSError:  # EIO: the writer is gone and everything was read
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(main)
    lines = seen.decode().replace("\r\n", "\n").splitlines()
    assert done.returncode == 0, (done.stdout, lines)
    assert sorted(lines) in (
        ["checking aws-dev (1/2)...", "checking gcp-dev (2/2)..."],
        ["checking aws-dev (2/2)...", "checking gcp-dev (1/2)..."],
    ), lines
    assert done.stdout.endswith("\nrules passed: aws-dev, gcp-dev (no unwaived failure)\n")


def test_two_runs_of_plan_json_are_byte_identical() -> None:
    """Each run in its own interpreter with its own string hashing: set order differs between them."""
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "cli.app", "plan", "aws-dev", "--json"],
            cwd=REPO,
            env={**os.environ, "PYTHONHASHSEED": seed},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for seed in ("1", "2")
    ]
    outputs = [run.communicate(timeout=600) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert outputs[0][1] == outputs[1][1] == b""
    assert len(outputs[0][0]) > 100_000 and outputs[0][0] == outputs[1][0]
