"""CLI fixtures: a throwaway kumo project (Pulumi.yaml, two small stacks, a tiny program), a private HOME,
clean environment, and the fake Pulumi CLI wired in where `cli.engine.make_command` would build the real one."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

import pytest
from typer.testing import CliRunner

import cli.app
from tests.cli.fake_pulumi import FakePulumi

REPO = Path(__file__).resolve().parents[2]
DAY = date(2026, 12, 2)
"""The day the CLI tests judge stacks on (the default Kubernetes minor and the lifecycle rules depend on it)."""
SPEC = """  kumo:cluster:
    kubernetes_version: "1.36"
    network: {zones: 2, nat: single}
    node_pools:
      - {name: system, size: small, min_nodes: 2, max_nodes: 3, system: true}
      - {name: apps, size: medium, min_nodes: 1, max_nodes: 4, spot: true}
    storage: {shared: {size_gb: 1024}}
"""
STACKS = {
    "t-aws": "config:\n  aws:region: us-east-1\n  kumo:cloud: aws\n" + SPEC,
    "t-gcp": "config:\n  gcp:project: kumo-test-project\n  gcp:region: us-central1\n  kumo:cloud: gcp\n" + SPEC,
}
PROGRAM = """from pathlib import Path
Path(__file__).with_name("ran.txt").write_text(__name__)
"""
LAYERS = ("data", "cluster", "in-cluster")
CLEARED = (
    "PULUMI_BACKEND_URL",
    "PULUMI_CONFIG_PASSPHRASE",
    "PULUMI_CONFIG_PASSPHRASE_FILE",
    "KUBECONFIG",
    "PULUMI_HOME",
    "AWS_PROFILE",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "GOOGLE_CREDENTIALS",
    "GOOGLE_APPLICATION_CREDENTIALS",
    "CLOUDSDK_CONFIG",
    "AZURE_CONFIG_DIR",
    "KUMO_SKIP_CREDENTIAL_CHECK",
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A kumo project in a temp dir (the cwd), HOME beside it, credentials and a passphrase in the env."""
    root = tmp_path / "project"
    (root / "stacks").mkdir(parents=True)
    shutil.copy(REPO / "Pulumi.yaml", root / "Pulumi.yaml")
    (root / "stacks" / "__main__.py").write_text(PROGRAM)
    for layer in LAYERS:  # the real layer projects, each with a tiny program that says it ran
        (root / "stacks" / layer).mkdir()
        shutil.copy(REPO / "stacks" / layer / "Pulumi.yaml", root / "stacks" / layer / "Pulumi.yaml")
        (root / "stacks" / layer / "__main__.py").write_text(PROGRAM)
    for name, text in STACKS.items():
        (root / "stacks" / f"Pulumi.{name}.yaml").write_text(text)
    home = tmp_path / "home"
    home.mkdir()
    for name in CLEARED:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(home / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(home / "no-aws-credentials"))
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    monkeypatch.setenv("GOOGLE_CREDENTIALS", "{}")
    monkeypatch.setenv("PULUMI_CONFIG_PASSPHRASE", "test-passphrase")
    monkeypatch.chdir(root)
    monkeypatch.setattr("cli.render.interactive", lambda: False)
    return root


@pytest.fixture
def repo_stacks(monkeypatch: pytest.MonkeyPatch) -> None:
    """The repository's stacks on a pinned day, planned once per session, in this process."""
    from tests.conftest import cached_stack_plan

    monkeypatch.chdir(REPO)
    monkeypatch.setattr("components.facts.today", lambda: DAY)
    monkeypatch.setattr("components.policy.model.clock", lambda: DAY)
    monkeypatch.setattr("components.offline.plan_stack", lambda stack: cached_stack_plan(stack.name))
    monkeypatch.setattr("os.cpu_count", lambda: 1)


@pytest.fixture
def result_width(monkeypatch: pytest.MonkeyPatch) -> None:
    """`--wide` widens the result console for the rest of the process: put it back after the test."""
    from cli import render

    monkeypatch.setattr(render.out, "width", render.out.width)


@pytest.fixture
def real_programs(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The real layer programs in the test project (a verdict plans them), and the day pinned."""
    for layer in LAYERS:
        shutil.copy(REPO / "stacks" / layer / "__main__.py", project / "stacks" / layer / "__main__.py")
    monkeypatch.setattr("components.facts.today", lambda: DAY)
    monkeypatch.setattr("components.policy.model.clock", lambda: DAY)
    return project


class AllClear:
    """A preflight report with nothing failed or missing; records the stacks it was asked about."""

    failed: ClassVar[list[Any]] = []
    missing: ClassVar[list[str]] = []
    asked: ClassVar[list[list[str]]] = []  # class-wide: the tests read what every instance was asked


@pytest.fixture
def fake(project: Path, monkeypatch: pytest.MonkeyPatch) -> FakePulumi:
    command = FakePulumi()
    monkeypatch.setattr("cli.engine.make_command", lambda: command)
    AllClear.asked = []
    monkeypatch.setattr(
        "cli.preflight.run_preflight", lambda files, **_: AllClear.asked.append([f.name for f in files]) or AllClear()
    )
    # up's rule gate plans each stack offline with the real layer programs: tests/cli/test_up_rules.py
    monkeypatch.setattr("cli.check.require_rules", lambda files, **_: None)
    return command


class Result:
    """What one `kumo` run did: exit code, stdout, stderr."""

    def __init__(self, code: int, stdout: str, stderr: str) -> None:
        self.code, self.stdout, self.stderr = code, stdout, stderr

    def __repr__(self) -> str:
        return f"exit {self.code}\n--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}"


@pytest.fixture
def kumo(capfd: pytest.CaptureFixture[str]) -> Any:
    """Run `kumo ARGS` through the front door (cli.app.main, the console script's error boundary)."""

    def run(*args: str) -> Result:
        capfd.readouterr()
        code = cli.app.main(list(args))
        out, err = capfd.readouterr()
        return Result(code, out, err)

    return run


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def no_temp_leaks(before: set[str]) -> set[str]:
    """Automation-API temp dirs created since `before` and still there."""
    import tempfile

    now = {p for p in os.listdir(tempfile.gettempdir()) if p.startswith(("automation-", "kumo-state-"))}
    return now - before
