"""Help screens without type noise, shell completion of stack names and enum choices, `kumo doctor`'s AWS CLI
version check, and kubeconfig errors that name the file and line but never echo its content."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import cli.app
from cli import completion
from cli import kubeconfig as kc
from cli.errors import BadInput, OperationFailed
from cli.prerequisites import version_problem
from components.clouds import cloud
from tests.cli.conftest import REPO
from tests.cli.test_doctor_and_units import path_with, tool  # noqa: F401 - path_with is a fixture

# ---------------------------------------------------------------------------------------------------------
# Shell completion


class _Context:
    def __init__(self, **params: Any) -> None:
        self.params = params


def test_completion_offers_stack_names_less_those_given(project: Path) -> None:
    (project / "stacks" / "Pulumi.gcp-prod.yaml").write_text("config: {}\n")
    assert completion.stack_names(_Context(), "") == ["gcp-prod", "t-aws", "t-gcp"]  # type: ignore[arg-type]
    assert completion.stack_names(_Context(), "t-") == ["t-aws", "t-gcp"]  # type: ignore[arg-type]
    assert completion.stack_names(_Context(stacks=["t-aws"]), "t-") == ["t-gcp"]  # type: ignore[arg-type]
    assert completion.clouds("a") == ["aws", "azure"]
    assert completion.layers("") == ["data", "cluster", "in-cluster"]


def test_completion_offers_nothing_without_a_readable_project(project: Path) -> None:
    (project / "Pulumi.yaml").write_text("name: kumo\nruntime: python\nstackConfigDir: [not, a, path]\n")
    assert completion.stack_names(_Context(), "") == []  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("kumo plan t-", ["t-aws", "t-gcp"]),
        ("kumo check t-aws t", ["t-gcp"]),
        ("kumo validate ", ["t-aws", "t-gcp"]),
        ("kumo up --layer c", ["cluster"]),
        ("kumo outputs t-g", ["t-gcp"]),
        ("kumo kubeconfig ", ["t-aws", "t-gcp"]),
        ("kumo init new --env-like t-a", ["t-aws"]),
        ("kumo init new --cloud a", ["aws", "azure"]),
        ("kumo doctor --cloud g", ["gcp"]),
    ],
)
def test_completion_through_the_shell_protocol(
    project: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str], words: str, expected: list[str]
) -> None:
    monkeypatch.setenv("_KUMO_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", words)
    monkeypatch.setenv("COMP_CWORD", str(len(words.split(" ")) - 1))
    capfd.readouterr()
    with pytest.raises(SystemExit) as exit_:
        cli.app.main([])
    assert exit_.value.code == 0
    assert capfd.readouterr().out.splitlines() == expected


def test_completion_imports_no_pulumi_and_no_cloud_sdk(project: Path) -> None:
    probe = (
        "import sys, cli.app\ntry:\n    cli.app.main([])\nexcept SystemExit:\n    pass\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pulumi', 'pulumi_aws', 'pulumi_gcp', "
        "'pulumi_azure_native', 'boto3', 'botocore'}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **os.environ,
            "_KUMO_COMPLETE": "complete_bash",
            "COMP_WORDS": "kumo plan t-",
            "COMP_CWORD": "2",
            "PYTHONPATH": str(REPO),
        },
    )
    assert done.stdout.splitlines() == ["t-aws", "t-gcp", "[]"], done


# ---------------------------------------------------------------------------------------------------------
# Help


def command_paths() -> list[tuple[str, ...]]:
    """Every command and subcommand of the app, as the words that name it."""
    import typer.main

    def walk(command: Any, path: tuple[str, ...]) -> list[tuple[str, ...]]:
        subs = getattr(command, "commands", None) or {}
        return [path] + [p for name, sub in subs.items() for p in walk(sub, (*path, name))]

    return walk(typer.main.get_command(cli.app.app), ())


@pytest.fixture(autouse=True)
def plain_help_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    """Help as printed into a pipe 80 columns wide, whatever this machine's terminal and CI variables."""
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setattr("typer.rich_utils.FORCE_TERMINAL", None)


def help_of(path: tuple[str, ...], capfd: pytest.CaptureFixture[str]) -> str:
    capfd.readouterr()
    assert cli.app.main([*path, "--help"]) == 0
    out, err = capfd.readouterr()
    assert err == ""
    return out


def test_every_command_is_covered() -> None:
    assert sorted(" ".join(p) for p in command_paths() if p) == [
        "backend",
        "backend create",
        "check",
        "cost",
        "destroy",
        "doctor",
        "init",
        "kubeconfig",
        "migrate",
        "outputs",
        "plan",
        "preflight",
        "preview",
        "refresh",
        "stacks",
        "up",
        "validate",
    ]


@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p) or "kumo")
def test_help_shows_no_python_types(path: tuple[str, ...], capfd: pytest.CaptureFixture[str]) -> None:
    import re

    text = help_of(path, capfd)
    assert re.findall(r"<[a-z][\w\[\]|, ]*>", text) == []  # <bool>, <str>, <list[str]>, <path>, <int>...
    assert "{" not in text.split("\n\n", 2)[1]  # no `{STACK}` in the usage line


@pytest.mark.parametrize(
    ("path", "usage", "rows"),
    [
        (
            ("plan",),
            "Usage: kumo plan [OPTIONS] [STACK...]",
            ["│ STACK... Stack names (see `kumo stacks`). │", "│ --json Print the plan document (JSON) on stdout. │"],
        ),
        (
            ("kubeconfig",),
            "Usage: kumo kubeconfig [OPTIONS] STACK",
            ["│ --context NAME Name of the context (and its │"],
        ),
        (
            ("backend", "create"),
            "Usage: kumo backend create [OPTIONS] s3://BUCKET",
            ["│ * --region REGION AWS region to create the bucket in. [required] │"],
        ),
        (("up",), "Usage: kumo up [OPTIONS] [STACK...]", ["│ --layer LAYER Run one layer only: data, │"]),
    ],
)
def test_help_names_values_by_their_metavars(
    path: tuple[str, ...], usage: str, rows: list[str], capfd: pytest.CaptureFixture[str]
) -> None:
    lines = [" ".join(line.split()) for line in help_of(path, capfd).splitlines()]  # the columns' spacing aside
    assert usage in lines
    for row in rows:
        assert row in lines, lines


def test_backend_help_names_only_the_command_there_is(capfd: pytest.CaptureFixture[str]) -> None:
    text = help_of(("backend",), capfd)
    assert "A hardened S3 bucket for Pulumi state: `kumo backend create` makes one, or" in text
    assert "check" not in text.lower()
    assert [" ".join(p) for p in command_paths() if p[:1] == ("backend",)] == ["backend", "backend create"]


# ---------------------------------------------------------------------------------------------------------
# kumo doctor: AWS CLI v2 is required

V1 = "aws-cli/1.29.62 Python/3.11.6 Linux/6.5.0-1014-aws botocore/1.31.62"


def test_doctor_fails_aws_cli_v1_with_the_install_hint(path_with: Path, kumo: Any) -> None:  # noqa: F811
    tool(path_with, "pulumi", "v3.272.0")
    (path_with / "aws").write_text(f"#!/bin/sh\necho '{V1}' >&2\n")  # v1 printed its version on stderr
    (path_with / "aws").chmod(0o755)
    r = kumo("doctor", "--cloud", "aws", "--json")
    assert r.code == 4, r
    checks = {c["name"]: c for c in json.loads(r.stdout)["checks"]}
    assert checks["aws: aws"] == {
        "name": "aws: aws",
        "status": "missing",
        "required": True,
        "detail": f"{path_with / 'aws'}: it reports aws-cli/1.29.62: version 2 is required "
        "(kubeconfig exec credentials (aws eks get-token))",
        "fix": "install AWS CLI v2: https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html",
    }
    assert r.stderr.splitlines()[0] == "error: missing: aws: aws"


@pytest.mark.parametrize(
    ("output", "problem"),
    [
        ("aws-cli/2.27.50 Python/3.13.4 Linux/6.8.0 exe/x86_64.ubuntu.24", None),
        (V1, "it reports aws-cli/1.29.62: version 2 is required"),
        ("aws-cli/3.0.1 Python/3.14.0", "it reports aws-cli/3.0.1: version 2 is required"),
        ("", "`aws --version` does not say which version it is; version 2 is required"),
    ],
)
def test_the_aws_cli_version_rule(tmp_path: Path, output: str, problem: str | None) -> None:
    tool(tmp_path, "aws", output)
    [aws] = cloud("aws").needs.tools
    assert version_problem(aws, str(tmp_path / "aws")) == problem


# ---------------------------------------------------------------------------------------------------------
# kubeconfig: a broken file is named by line and column, never quoted (its lines hold credentials)

TOKEN = "k8s-aws-v1.c2VjcmV0LXRva2VuLXRoYXQtbXVzdC1ub3QtbGVhaw"
BROKEN = f"""apiVersion: v1
kind: Config
users:
- name: admin
  user: {{token: {TOKEN}: oops}}
"""


def test_a_broken_kubeconfig_file_is_named_by_line_never_quoted(tmp_path: Path) -> None:
    path = tmp_path / "config"
    path.write_text(BROKEN)
    with pytest.raises(BadInput) as raised:
        kc.read(path)
    assert raised.value.message == f"{path}: cannot read it as a kubeconfig: not valid YAML at line 5, column 70"
    assert TOKEN not in raised.value.message + str(raised.value.hint)


def test_a_broken_kubeconfig_output_is_named_by_line_never_quoted() -> None:
    with pytest.raises(OperationFailed) as raised:
        kc.parse(BROKEN, "t-aws kubeconfig output")
    assert raised.value.message == "t-aws kubeconfig output: not a kubeconfig: not valid YAML at line 5, column 70"


def test_kubeconfig_merge_into_a_broken_file_does_not_echo_it(fake: Any, kumo: Any, tmp_path: Path) -> None:
    from tests.cli.test_outputs import stack_kubeconfig

    fake.add_stack(
        "t-aws",
        outputs={"kubeconfig": stack_kubeconfig("t-aws", "https://eks.example")},
        secret=("kubeconfig",),
        layer="cluster",
    )
    path = tmp_path / "config"
    path.write_text(BROKEN)
    r = kumo("kubeconfig", "t-aws", "--merge", "--file", str(path))
    assert r.code == 2, r
    assert r.stderr.splitlines() == [
        f"error: {path}: cannot read it as a kubeconfig: not valid YAML at line 5, column 70",
        "hint: fix or move the file, or write elsewhere with --file",
    ]
    assert TOKEN not in r.stdout + r.stderr and path.read_text() == BROKEN


def test_kubeconfig_merge_says_what_it_did_on_stdout(fake: Any, kumo: Any, tmp_path: Path) -> None:
    from tests.cli.test_outputs import stack_kubeconfig

    fake.add_stack(
        "t-aws",
        outputs={"kubeconfig": stack_kubeconfig("t-aws", "https://eks.example")},
        secret=("kubeconfig",),
        layer="cluster",
    )
    r = kumo("kubeconfig", "t-aws", "--merge", "--file", str(tmp_path / "config"))
    assert r.code == 0, r
    assert (r.stdout, r.stderr) == (f"merged context kumo-t-aws into {tmp_path / 'config'} and made it current\n", "")
