"""preview / up / refresh through the front door, against the fake Pulumi CLI: argv and JSON envelopes,
confirmation, backends, preflight before up. (Faults: test_operation_faults.py; the stateful gate and what
destroy keeps: test_durable_data.py.)"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import cli.app
from tests.cli.fake_pulumi import FakePulumi, step, summary, urn
from tests.cli.operation_steps import (
    DATA,
    EKS,
    HISTORY,
    OUTPUTS,
    PREVIEW,
    SELECT,
    SG,
    UP,
    calls,
    planned,
    script_up,
)

# ---------------------------------------------------------------------------------------------------------
# argv and JSON envelopes


def test_preview_argv_and_json(fake: FakePulumi, kumo) -> None:
    fake.add_stack("t-aws")
    fake.script(
        "preview", "t-aws", events=[*planned("create", urn("t-aws", EKS, "t-aws"), EKS), summary({"create": 1})]
    )
    r = kumo("preview", "t-aws", *DATA, "--json")
    assert r.code == 0, r
    assert calls(fake) == [SELECT, PREVIEW]
    assert fake.projects == ["kumo-data", "kumo-data"]
    assert [Path(c).name for c in fake.cwds] == ["data", "data"]
    doc = json.loads(r.stdout)
    assert isinstance(doc["stacks"][0].pop("elapsed_s"), float)
    assert doc == {
        "kumo_operation": 1,
        "operation": "preview",
        "ok": True,
        "stacks": [
            {
                "stack": "t-aws",
                "layer": "data",
                "cloud": "aws",
                "operation": "preview",
                "status": "succeeded",
                "note": None,
                "changes": {"create": 1},
                "outputs": None,
                "kept": [],
                "deleted_data": [],
                "violations": [],
                "error": None,
            }
        ],
    }
    assert f"t-aws/data + would create {EKS} t-aws" in r.stderr


def test_preview_creates_a_new_stack_with_the_secrets_provider(fake: FakePulumi, kumo) -> None:
    r = kumo("preview", "t-aws", *DATA, "--secrets-provider", "awskms://alias/kumo")
    assert r.code == 0, r
    assert calls(fake)[:2] == [
        SELECT,
        ["--non-interactive", "stack", "init", "t-aws", "--secrets-provider", "awskms://alias/kumo"],
    ]


def test_up_yes_previews_then_updates(fake: FakePulumi, kumo) -> None:
    script_up(fake, planned("create", urn("t-aws", SG, "t-aws-sg"), SG), {"create": 1})
    r = kumo("up", "t-aws", *DATA, "--yes", "--json")
    assert r.code == 0, r
    assert calls(fake) == [SELECT, PREVIEW, SELECT, UP, *OUTPUTS, HISTORY]
    doc = json.loads(r.stdout)
    assert doc["ok"] is True and doc["operation"] == "up"
    assert doc["stacks"][0]["outputs"] == {"cluster_name": "t-aws", "kubeconfig": "[secret]"}
    assert f"created {SG} t-aws-sg" in r.stderr


def test_up_with_no_changes_does_not_update(fake: FakePulumi, kumo) -> None:
    script_up(fake, planned("same", urn("t-aws", SG, "t-aws-sg"), SG), {"same": 1})
    r = kumo("up", "t-aws", *DATA, "--yes")
    assert r.code == 0, r
    assert calls(fake) == [SELECT, PREVIEW]
    assert "no changes to apply" in r.stderr


def test_several_stacks_run_each_with_its_own_progress(fake: FakePulumi, kumo) -> None:
    for name in ("t-aws", "t-gcp"):
        fake.add_stack(name)
        fake.script(
            "refresh",
            name,
            events=[step("refresh", urn(name, SG, f"{name}-x"), SG, kind="resOutputsEvent"), summary({"same": 1})],
        )
    r = kumo("refresh", "--all", *DATA, "--json")
    assert r.code == 0, r
    assert [s["stack"] for s in json.loads(r.stdout)["stacks"]] == ["t-aws", "t-gcp"]
    refreshes = sorted(c[-1] for c in calls(fake) if c[1] == "refresh")
    assert refreshes == ["t-aws", "t-gcp"]
    assert [
        "--non-interactive",
        "refresh",
        "--skip-preview",
        "--yes",
        "--client=127.0.0.1:PORT",
        "--exec-kind",
        "auto.inline",
        "--event-log",
        "tcp://127.0.0.1:PORT",
        "--stack",
        "t-aws",
    ] in calls(fake)
    assert re.search(r"t-aws/data +r refreshed", r.stderr) and re.search(r"t-gcp/data +r refreshed", r.stderr)


# ---------------------------------------------------------------------------------------------------------
# Confirmation


def test_up_without_yes_refuses_to_prompt_without_a_terminal(fake: FakePulumi, kumo) -> None:
    r = kumo("up", "t-aws")
    assert r.code == 2, r
    assert "stdin is not a terminal" in r.stderr and "--yes" in r.stderr
    assert fake.calls == []


def test_destroy_without_yes_refuses_to_prompt_without_a_terminal(fake: FakePulumi, kumo) -> None:
    assert kumo("destroy", "t-aws").code == 2
    assert fake.calls == []


@pytest.mark.parametrize(("answer", "code", "applied"), [("y\n", 0, True), ("n\n", 1, False), ("\n", 1, False)])
def test_up_asks_at_a_terminal(
    fake: FakePulumi, monkeypatch: pytest.MonkeyPatch, answer: str, code: int, applied: bool
) -> None:
    monkeypatch.setattr("cli.render.interactive", lambda: True)
    script_up(fake, planned("create", urn("t-aws", SG, "t-aws-sg"), SG), {"create": 1})
    result = CliRunner().invoke(cli.app.app, ["up", "t-aws", *DATA], input=answer)
    assert "Apply these changes to the data layer of t-aws? [y/N]" in result.output
    assert (UP in calls(fake)) is applied
    assert (result.exit_code == 0) is (code == 0), result.output


# ---------------------------------------------------------------------------------------------------------
# Backends


def test_default_backend_is_a_private_file_backend_under_home(fake: FakePulumi, kumo, project: Path) -> None:
    assert kumo("preview", "t-aws", *DATA).code == 0
    state = Path.home() / ".kumo" / "state"
    assert all(env["PULUMI_BACKEND_URL"] == f"file://{state}" for env in fake.envs)
    assert state.is_dir() and state.stat().st_mode & 0o777 == 0o700


def test_backend_flag_wins(fake: FakePulumi, kumo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PULUMI_BACKEND_URL", "s3://from-env")
    assert kumo("preview", "t-aws", *DATA, "--backend", "gs://from-flag").code == 0
    assert {env["PULUMI_BACKEND_URL"] for env in fake.envs} == {"gs://from-flag"}


def test_environment_backend_is_left_to_the_cli(fake: FakePulumi, kumo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PULUMI_BACKEND_URL", "s3://from-env")
    assert kumo("preview", "t-aws", *DATA).code == 0
    assert all("PULUMI_BACKEND_URL" not in env for env in fake.envs)
    assert not (Path.home() / ".kumo").exists()


# ---------------------------------------------------------------------------------------------------------
# Preflight before up


def test_up_runs_preflight_first(fake: FakePulumi, kumo) -> None:
    from tests.cli.conftest import AllClear

    script_up(fake, planned("create", urn("t-aws", SG, "t-aws-sg"), SG), {"create": 1})
    assert kumo("up", "t-aws", *DATA, "--yes").code == 0
    assert AllClear.asked == [["t-aws"]]


def test_failed_preflight_stops_up_before_anything(fake: FakePulumi, kumo, monkeypatch: pytest.MonkeyPatch) -> None:
    from cli.errors import OperationFailed

    def failing(report, **_):
        raise OperationFailed("preflight failed (t-aws: AWS-QUOTA-VCPU)")

    monkeypatch.setattr("cli.preflight.require_ready", failing)
    r = kumo("up", "t-aws", *DATA, "--yes")
    assert r.code == 1 and "preflight failed" in r.stderr, r
    assert fake.calls == []


def test_skip_preflight(fake: FakePulumi, kumo) -> None:
    from tests.cli.conftest import AllClear

    script_up(fake, planned("create", urn("t-aws", SG, "t-aws-sg"), SG), {"create": 1})
    assert kumo("up", "t-aws", *DATA, "--yes", "--skip-preflight").code == 0
    assert AllClear.asked == []
