"""Output users can trust: verdicts on stdout and diagnostics on stderr, JSON that is stable, sorted, integral
and published as a schema (checked against the commands' real output), whole values in piped tables, progress
only at a terminal (help, completion, doctor's AWS CLI version and kubeconfig errors:
tests/cli/test_help_and_completion.py).

The plan and check documents come from the real commands on the repository's stacks; each stack is planned
once per session (tests/conftest.py) and in this process (one worker), which is what makes them cheap here.
The commands' own parallel planning is exercised by the subprocess tests at the end.
"""

from __future__ import annotations

import copy
import json
import os
import pty
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

import cli.check
from cli import render
from tests.cli.conftest import REPO
from tests.conftest import cached_stack_plan

DAY = date(2026, 12, 2)
PAIR = ("aws-dev", "azure-dev")
SCHEMAS = REPO / "schemas"


@pytest.fixture(autouse=True)
def result_width(monkeypatch: pytest.MonkeyPatch) -> None:
    """`--wide` widens the result console for the rest of the process: put it back after each test."""
    monkeypatch.setattr(render.out, "width", render.out.width)


@pytest.fixture
def repo_stacks(monkeypatch: pytest.MonkeyPatch) -> None:
    """The repository's stacks on a pinned day, planned once per session, in this process."""
    monkeypatch.chdir(REPO)
    monkeypatch.setattr("components.facts.today", lambda: DAY)
    monkeypatch.setattr("components.policy.model.clock", lambda: DAY)
    monkeypatch.setattr("components.offline.plan_stack", lambda stack: cached_stack_plan(stack.name))
    monkeypatch.setattr("os.cpu_count", lambda: 1)


def schema(name: str) -> dict[str, Any]:
    document = json.loads((SCHEMAS / f"{name}.schema.json").read_text())
    Draft202012Validator.check_schema(document)
    return document


def closed(node: Any) -> Any:
    """The schema with every object that lists its properties closed to others: the real output validates
    against it only if the schema documents every field the commands print."""
    if isinstance(node, dict):
        node = {key: closed(value) for key, value in node.items()}
        if "properties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        return node
    if isinstance(node, list):
        return [closed(item) for item in node]
    return node


def errors(document: Any, against: dict[str, Any]) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in Draft202012Validator(against).iter_errors(document)]


def integral_floats(node: Any, path: str = "") -> list[str]:
    if isinstance(node, float) and node.is_integer():
        return [f"{path} = {node}"]
    if isinstance(node, dict):
        return [p for key, value in node.items() for p in integral_floats(value, f"{path}.{key}")]
    if isinstance(node, list):
        return [p for i, value in enumerate(node) for p in integral_floats(value, f"{path}[{i}]")]
    return []


# ---------------------------------------------------------------------------------------------------------
# The plan and check documents: stable, sorted, integral, and as their schemas say


@pytest.fixture
def plan_json(repo_stacks: None, kumo: Any) -> str:
    r = kumo("plan", *PAIR, "--json")
    assert r.code == 0 and r.stderr == "", r  # piped: no progress line
    return r.stdout


@pytest.fixture
def check_json(repo_stacks: None, kumo: Any) -> str:
    r = kumo("check", *PAIR, "--json")
    assert r.code == 0 and r.stderr == "", r
    return r.stdout


@pytest.mark.parametrize("name", ["plan_json", "check_json"])
def test_the_json_documents_have_sorted_keys_and_whole_numbers_as_integers(
    name: str, request: pytest.FixtureRequest
) -> None:
    text = request.getfixturevalue(name)
    document = json.loads(text)
    assert text == json.dumps(document, indent=2, sort_keys=True) + "\n"
    assert integral_floats(document) == []


def test_counts_sizes_ports_and_replicas_are_integers_in_the_plan(plan_json: str) -> None:
    entries = {(e["stack"], e["layer"]): e for e in json.loads(plan_json)["stacks"]}
    lb = entries["aws-dev", "in-cluster"]["summary"]["load_balancer"]
    assert lb["ports"] == [80] and type(lb["ports"][0]) is int
    pools = entries["aws-dev", "cluster"]["summary"]["node_pools"]
    assert [(p["name"], p["min_nodes"], p["max_nodes"]) for p in pools] == [("apps", 1, 4), ("system", 2, 3)]
    [group] = [
        r
        for r in entries["aws-dev", "cluster"]["resources"]
        if r["name"] == "aws-dev-system" and r["type"] == "aws:eks/nodeGroup:NodeGroup"
    ]
    assert group["inputs"]["scalingConfig"] == {"desiredSize": 2, "maxSize": 3, "minSize": 2}
    assert all(type(v) is int for v in group["inputs"]["scalingConfig"].values())


def test_depends_on_is_sorted(plan_json: str) -> None:
    lists = [r["options"]["depends_on"] for e in json.loads(plan_json)["stacks"] for r in e["resources"]]
    assert sum(len(urns) > 1 for urns in lists) > 10  # many resources wait for several others
    assert all(urns == sorted(urns) for urns in lists)


@pytest.mark.parametrize(("name", "fixture"), [("plan", "plan_json"), ("check", "check_json")])
def test_the_real_documents_match_their_published_schemas(
    name: str, fixture: str, request: pytest.FixtureRequest
) -> None:
    document = json.loads(request.getfixturevalue(fixture))
    assert errors(document, schema(name)) == []
    assert errors(document, closed(schema(name))) == []  # every field the command prints is documented


def _delete(document: dict[str, Any], *path: Any) -> dict[str, Any]:
    document = copy.deepcopy(document)
    *parents, last = path
    node: Any = document
    for step in parents:
        node = node[step]
    del node[last]
    return document


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (("kumo_plan",), "[]: 'kumo_plan' is a required property"),
        (
            ("stacks", 0, "resources", 0, "options", "depends_on"),
            "['stacks', 0, 'resources', 0, 'options']: 'depends_on' is a required property",
        ),
        (("stacks", 1, "summary", "node_pools"), "['stacks', 1, 'summary']: 'node_pools' is a required property"),
        (
            ("stacks", 2, "summary", "load_balancer", "ports"),
            "['stacks', 2, 'summary', 'load_balancer']: 'ports' is a required property",
        ),
        (
            ("equivalence", "groups", "dev/cluster", "equivalent"),
            "['equivalence', 'groups', 'dev/cluster']: 'equivalent' is a required property",
        ),
    ],
)
def test_the_plan_schema_refuses_a_document_missing_a_required_key(
    plan_json: str, path: tuple[Any, ...], message: str
) -> None:
    document = json.loads(plan_json)
    assert [(e["stack"], e["layer"]) for e in document["stacks"][:3]] == [
        ("aws-dev", "data"),
        ("aws-dev", "cluster"),
        ("aws-dev", "in-cluster"),
    ]
    assert errors(_delete(document, *path), schema("plan")) == [message]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (("ok",), "[]: 'ok' is a required property"),
        (
            ("stacks", 0, "results", 0, "findings", 0, "fix"),
            "['stacks', 0, 'results', 0, 'findings', 0]: 'fix' is a required property",
        ),
        (("rules", 0, "severity"), "['rules', 0]: 'severity' is a required property"),
    ],
)
def test_the_check_schema_refuses_a_document_missing_a_required_key(
    check_json: str, path: tuple[Any, ...], message: str
) -> None:
    assert errors(_delete(json.loads(check_json), *path), schema("check")) == [message]


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
