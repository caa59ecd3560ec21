"""preview / up / refresh / destroy through the front door, against the fake Pulumi CLI."""

from __future__ import annotations

import _thread
import json
import re
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

import cli.app
from tests.cli.conftest import no_temp_leaks
from tests.cli.fake_pulumi import LOCKED, FakePulumi, diagnostic, step, summary, urn

EKS = "aws:eks/cluster:Cluster"
EFS = "aws:efs/fileSystem:FileSystem"
SG = "aws:ec2/securityGroup:SecurityGroup"
EIP = "aws:ec2/eip:Eip"  # not a stateful type: stateful only when marked protect
ACCESS_POINT = "aws:efs/accessPoint:AccessPoint"  # not a stateful type: durable only under SharedStorage
STORE = "kumo:aws:SharedStorage"


def argv(call: list[str]) -> list[str]:
    """An argv with the ephemeral ports of the SDK's gRPC servers replaced."""
    return [re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:PORT", a) for a in call]


def calls(fake: FakePulumi) -> list[list[str]]:
    return [argv(c) for c in fake.calls]


DATA = ("--layer", "data")
"""The mechanisms below (argv, gate, confirmation, faults) on one layer; tests/cli/test_layers.py runs them
across layers."""


SELECT = ["--non-interactive", "stack", "select", "--stack", "t-aws"]
PREVIEW = [
    "--non-interactive",
    "preview",
    "--client=127.0.0.1:PORT",
    "--exec-kind",
    "auto.inline",
    "--event-log",
    "tcp://127.0.0.1:PORT",
    "--stack",
    "t-aws",
]
UP = [
    "--non-interactive",
    "up",
    "--yes",
    "--skip-preview",
    "--client=127.0.0.1:PORT",
    "--exec-kind",
    "auto.inline",
    "--event-log",
    "tcp://127.0.0.1:PORT",
    "--stack",
    "t-aws",
]
OUTPUTS = [
    ["--non-interactive", "stack", "output", "--json", "--stack", "t-aws"],
    ["--non-interactive", "stack", "output", "--json", "--show-secrets", "--stack", "t-aws"],
]
HISTORY = [
    "--non-interactive",
    "stack",
    "history",
    "--json",
    "--show-secrets",
    "--page-size",
    "1",
    "--page",
    "1",
    "--stack",
    "t-aws",
]


def planned(op: str, urn_: str, type_: str, **kw) -> list[dict]:
    """The preview events of one step: the pre event and the planned outputs event."""
    return [step(op, urn_, type_, **kw), step(op, urn_, type_, kind="resOutputsEvent", planning=True, **kw)]


def script_up(fake: FakePulumi, preview_events: list[dict], changes: dict[str, int]) -> None:
    fake.add_stack("t-aws", outputs={"cluster_name": "t-aws", "kubeconfig": "apiVersion: v1"}, secret=("kubeconfig",))
    fake.script("preview", "t-aws", events=[*preview_events, summary(changes)])
    fake.script(
        "up",
        "t-aws",
        events=[step("create", urn("t-aws", SG, "t-aws-sg"), SG, kind="resOutputsEvent"), summary(changes)],
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
# The gate


def test_gate_refuses_replacing_a_protected_resource(fake: FakePulumi, kumo) -> None:
    eip = urn("t-aws", EIP, "t-aws-lb-a")
    script_up(fake, planned("replace", eip, EIP, protect=True), {"replace": 1})
    r = kumo("up", "t-aws", *DATA, "--yes", "--json")
    assert r.code == 3, r
    assert calls(fake) == [SELECT, PREVIEW]  # nothing was applied
    assert json.loads(r.stdout)["stacks"][0]["violations"] == [
        {"urn": eip, "type": EIP, "op": "replace", "reason": "protected"}
    ]
    assert f"would replace {EIP} {eip} (protected)" in r.stderr
    assert "--allow-replace URN" in r.stderr


def test_gate_allows_a_named_urn(fake: FakePulumi, kumo) -> None:
    cluster = urn("t-aws", EKS, "t-aws")
    script_up(fake, planned("replace", cluster, EKS, protect=True), {"replace": 1})
    r = kumo("up", "t-aws", *DATA, "--yes", "--allow-replace", cluster)
    assert r.code == 0, r
    assert UP in calls(fake)


def test_gate_refuses_deleting_durable_data_under_shared_storage(fake: FakePulumi, kumo) -> None:
    store = urn("t-aws", STORE, "t-aws-shared")
    point = urn("t-aws", ACCESS_POINT, "t-aws-efs-ap", parent_type=STORE)
    script_up(
        fake, [*planned("same", store, STORE), *planned("delete", point, ACCESS_POINT, parent=store)], {"delete": 1}
    )
    r = kumo("up", "t-aws", *DATA, "--yes")
    assert r.code == 3, r
    assert f"would delete {ACCESS_POINT} {point} (durable data under {STORE})" in r.stderr


def test_gate_uses_the_clouds_stateful_types(fake: FakePulumi, kumo) -> None:
    cluster = urn("t-aws", EKS, "t-aws")
    script_up(fake, planned("replace", cluster, EKS), {"replace": 1})
    r = kumo("up", "t-aws", *DATA, "--yes")
    assert r.code == 3, r
    assert f"({EKS} is a stateful type)" in r.stderr


def test_gate_lets_stateless_replacements_through(fake: FakePulumi, kumo) -> None:
    script_up(fake, planned("replace", urn("t-aws", SG, "t-aws-sg"), SG), {"replace": 1})
    assert kumo("up", "t-aws", *DATA, "--yes").code == 0
    assert UP in calls(fake)


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
# Destroy keeps durable data


def _state() -> list[dict]:
    store = urn("t-aws", STORE, "t-aws-shared")
    return [
        {"urn": urn("t-aws", EKS, "t-aws"), "type": EKS, "custom": True, "id": "t-aws", "protect": False},
        {"urn": store, "type": STORE, "custom": False},
        {
            "urn": urn("t-aws", EFS, "t-aws-efs", STORE),
            "type": EFS,
            "custom": True,
            "id": "fs-1",
            "parent": store,
            "retainOnDelete": True,
        },
        {
            "urn": urn("t-aws", "aws:kms/key:Key", "t-aws-key", STORE),
            "type": "aws:kms/key:Key",
            "custom": True,
            "id": "key-1",
            "parent": store,
            "protect": True,
        },
    ]


def test_destroy_keeps_the_data_layer_and_says_what_it_holds(fake: FakePulumi, kumo) -> None:
    fake.add_stack("t-aws", resources=_state())
    r = kumo("destroy", "t-aws", "--yes", "--json")
    assert r.code == 0, r
    assert [c for c in calls(fake) if c[1] == "destroy"] == []  # no other layer deployed, data kept
    assert fake.imports == []
    stacks = json.loads(r.stdout)["stacks"]
    assert [(s["layer"], s["status"]) for s in stacks] == [
        ("in-cluster", "skipped"),
        ("cluster", "skipped"),
        ("data", "kept"),
    ]
    assert [(k["id"], k["why"]) for k in stacks[2]["kept"]] == [("fs-1", "retain_on_delete"), ("key-1", "protected")]
    assert (
        "kept t-aws/data: the data layer is kept with its 2 durable resources: `kumo up t-aws` uses it again, "
        "`kumo destroy t-aws --delete-data` deletes it"
    ) in r.stderr
    assert "kept: aws:efs/fileSystem:FileSystem t-aws-efs (id fs-1): retain_on_delete" in r.stderr


def test_destroy_delete_data_clears_the_marks_first(fake: FakePulumi, kumo) -> None:
    fake.add_stack("t-aws", resources=_state())
    r = kumo("destroy", "t-aws", "--yes", "--delete-data", "--json")
    assert r.code == 0, r
    assert all(not r.get("protect") and not r.get("retainOnDelete") for r in fake.imports[0]["deployment"]["resources"])
    assert fake.layer_calls("destroy") == ["kumo-data/t-aws"]
    assert "--exclude-protected" not in next(c for c in calls(fake) if c[1] == "destroy")
    data = json.loads(r.stdout)["stacks"][-1]
    assert data["layer"] == "data" and [d["id"] for d in data["deleted_data"]] == ["fs-1", "key-1"]


def test_import_file_is_private_and_removed(fake: FakePulumi, kumo) -> None:
    before = {p for p in Path(tempfile.gettempdir()).iterdir() if p.name.startswith("kumo-state-")}
    fake.add_stack("t-aws", resources=_state())
    assert kumo("destroy", "t-aws", "--yes", "--delete-data").code == 0
    after = {p for p in Path(tempfile.gettempdir()).iterdir() if p.name.startswith("kumo-state-")}
    assert after == before


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
