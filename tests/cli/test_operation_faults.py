"""Faults of real runs, against the fake Pulumi CLI: one line, the right exit code, no traceback, no leaked
temporary directory."""

from __future__ import annotations

import _thread
import json
import tempfile
from pathlib import Path

import pytest

from tests.cli.conftest import no_temp_leaks
from tests.cli.fake_pulumi import LOCKED, FakePulumi, diagnostic, step, summary, urn
from tests.cli.operation_steps import (
    DATA,
    SG,
    planned,
    script_up,
)

# ---------------------------------------------------------------------------------------------------------
# Faults: one line, the right exit code, no traceback, no leaked temporary directory


def test_no_pulumi_cli(project: Path, kumo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("cli.prerequisites.shutil.which", lambda name: None)
    before = set(__import__("os").listdir(tempfile.gettempdir()))
    r = kumo("preview", "t-aws", *DATA)
    assert r.code == 4, r
    assert "error: the Pulumi CLI is not installed" in r.stderr and "get.pulumi.com" in r.stderr
    assert "Traceback" not in r.stderr
    assert no_temp_leaks(before) == set()


def test_no_credentials(fake: FakePulumi, kumo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    r = kumo("up", "t-aws", *DATA, "--yes")
    assert r.code == 4, r
    assert "t-aws: no aws credentials found" in r.stderr
    assert fake.calls == []


def test_credentials_rejected_by_the_cloud(fake: FakePulumi, kumo) -> None:
    fake.add_stack("t-aws")
    fake.script(
        "preview",
        "t-aws",
        events=[diagnostic("error: No valid credential sources found"), summary({})],
        code=255,
        stderr="error: preview failed",
    )
    r = kumo("preview", "t-aws", *DATA)
    assert r.code == 4, r
    assert "the cloud rejected the credentials" in r.stderr


def test_unknown_stack(fake: FakePulumi, kumo) -> None:
    r = kumo("up", "nope", "--yes")
    assert r.code == 2, r
    assert "unknown stack 'nope'" in r.stderr and "stacks: t-aws, t-gcp" in r.stderr


def test_invalid_spec(fake: FakePulumi, kumo, project: Path) -> None:
    (project / "stacks" / "Pulumi.bad.yaml").write_text(
        "config:\n  aws:region: us-east-1\n  kumo:cloud: aws\n  kumo:cluster: {nodes: 3}\n"
    )
    r = kumo("preview", "bad", "t-aws")
    assert r.code == 2, r
    assert "kumo:cluster.nodes" in r.stderr
    assert fake.calls == []


def test_stack_without_state(fake: FakePulumi, kumo) -> None:
    r = kumo("refresh", "t-aws", *DATA)
    assert r.code == 2, r
    assert "t-aws: the backend has no such stack yet (data)" in r.stderr


def test_locked_stack(fake: FakePulumi, kumo) -> None:
    fake.add_stack("t-aws")
    fake.script("preview", "t-aws", events=[summary({})], code=255, stderr=LOCKED)
    r = kumo("up", "t-aws", *DATA, "--yes")
    assert r.code == 5, r
    assert "t-aws/data: the stack is locked by another update" in r.stderr
    assert "pulumi cancel --cwd stacks/data --stack t-aws" in r.stderr


def test_failed_update(fake: FakePulumi, kumo) -> None:
    script_up(fake, planned("create", urn("t-aws", SG, "t-aws-sg"), SG), {"create": 1})
    fake.script(
        "up",
        "t-aws",
        events=[
            step("create", urn("t-aws", SG, "t-aws-sg"), SG, kind="resOpFailedEvent"),
            diagnostic("error: creating security group: InvalidGroup.Duplicate"),
            summary({"create": 0}),
        ],
        code=255,
        stderr="error: update failed",
    )
    r = kumo("up", "t-aws", *DATA, "--yes", "--json")
    assert r.code == 1, r
    assert "t-aws/data: up failed: error: creating security group: InvalidGroup.Duplicate" in r.stderr
    assert json.loads(r.stdout)["stacks"][0]["error"]["exit_code"] == 1
    assert "Traceback" not in r.stderr


def test_ctrl_c_cancels_the_running_operation(fake: FakePulumi, kumo) -> None:
    before = set(__import__("os").listdir(tempfile.gettempdir()))
    fake.add_stack("t-aws")
    fake.script(
        "refresh",
        "t-aws",
        events=[summary({})],
        code=255,
        stderr="error: update canceled",
        block_until_interrupted=True,
        on_start=_thread.interrupt_main,
    )
    r = kumo("refresh", "t-aws", *DATA)
    assert r.code == 130, r
    assert fake.interrupted.is_set()
    assert "interrupted: the running operations were cancelled" in r.stderr
    assert no_temp_leaks(before) == set()


def test_passphrase_missing_without_a_terminal(fake: FakePulumi, kumo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PULUMI_CONFIG_PASSPHRASE")
    r = kumo("preview", "t-aws", *DATA)
    assert r.code == 4, r
    assert "need a passphrase and there is no terminal" in r.stderr
    assert "PULUMI_CONFIG_PASSPHRASE" in r.stderr


def test_passphrase_is_asked_at_a_terminal_and_given_to_the_cli_only(
    fake: FakePulumi, kumo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PULUMI_CONFIG_PASSPHRASE")
    monkeypatch.setattr("cli.render.interactive", lambda: True)
    monkeypatch.setattr("cli.render.ask_secret", lambda question: "typed")
    assert kumo("preview", "t-aws", *DATA).code == 0
    assert all(env.get("PULUMI_CONFIG_PASSPHRASE") == "typed" for env in fake.envs)
    assert "PULUMI_CONFIG_PASSPHRASE" not in __import__("os").environ


def test_internal_error_is_one_line_without_debug(fake: FakePulumi, kumo, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_a, **_k):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr("cli.operations.run_read_only", boom)
    r = kumo("preview", "t-aws", *DATA)
    assert r.code == 1 and "internal error: ZeroDivisionError: boom" in r.stderr and "Traceback" not in r.stderr
    r = kumo("--debug", "preview", "t-aws", *DATA)
    assert r.code == 1 and "Traceback" in r.stderr
