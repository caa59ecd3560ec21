"""`kumo preflight` through the front door: `cli.app.main([...])` (the real error boundary and exit codes).
AWS answers come from moto, az/gcloud answers from recorded fixtures. (`kumo backend create`:
tests/cli/test_state_backends.py.)"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from moto import mock_aws

import cli.app
from cli import preflight as preflight_commands
from cli.errors import KumoError
from components.aws import preflight as aws_preflight
from components.preflight import Completed

from .conftest import RecordedRunner
from .test_azure import commands as azure_commands


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A kumo project of its own, so stack files can be written freely, with a file backend."""
    (tmp_path / "Pulumi.yaml").write_text("name: kumo\nruntime: python\nmain: stacks/\nstackConfigDir: stacks\n")
    (tmp_path / "stacks").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PULUMI_BACKEND_URL", f"file://{tmp_path}/state")
    return tmp_path


def stack(project: Path, name: str, config: dict[str, Any]) -> None:
    (project / "stacks" / f"Pulumi.{name}.yaml").write_text(json.dumps({"config": config}))


AWS_STACK = {
    "aws:region": "us-east-1",
    "kumo:cloud": "aws",
    "kumo:cluster": {
        "kubernetes_version": "1.36",
        "network": {"zones": 2},
        "node_pools": [{"name": "system", "size": "small", "min_nodes": 2, "max_nodes": 3, "system": True}],
    },
}


@pytest.fixture
def moto() -> Iterator[None]:
    with mock_aws():
        yield


def test_aws_stack_against_moto(project: Path, moto: None, capsys: pytest.CaptureFixture[str]) -> None:
    stack(project, "aws-dev", AWS_STACK)
    code = cli.app.main(["preflight", "aws-dev"])
    out = capsys.readouterr().out
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0] == "aws-dev (aws, us-east-1)"
    assert "  ✓ passed   availability zones: 6 zones available; the cluster uses us-east-1a, us-east-1b" in lines
    assert "  ✓ passed   instance types offered in every zone: m7i.large offered in us-east-1a, us-east-1b" in lines
    assert any(
        line.startswith("  - skipped  S3 state backend reachable: not applicable: the state backend is file://")
        for line in lines
    )
    # Skipped: the on-demand quota and the version (moto cannot answer) and the backend (a file backend).
    assert lines[-1] == "  aws-dev: 6 checks passed, 0 failed, 3 skipped"


def test_json_report_and_exit_1_on_a_failed_check(
    project: Path, moto: None, capsys: pytest.CaptureFixture[str]
) -> None:
    import boto3

    boto3.client("eks", region_name="us-east-1").create_cluster(
        name="aws-dev",
        roleArn="arn:aws:iam::123456789012:role/eks",
        resourcesVpcConfig={"subnetIds": ["subnet-1", "subnet-2"]},
    )
    stack(project, "aws-dev", AWS_STACK)
    code = cli.app.main(["preflight", "aws-dev", "--json"])
    captured = capsys.readouterr()
    assert code == 1, captured.err
    report = json.loads(captured.out)
    assert report["kumo_preflight"] == 1
    assert report["summary"] == {"passed": 5, "failed": 1, "skipped": 3}
    failed = [c for c in report["stacks"][0]["checks"] if c["status"] == "failed"]
    assert [(c["id"], c["fix"]) for c in failed] == [
        ("aws.cluster_name", "set kumo:cluster.name to a free name, or choose another region")
    ]
    assert "preflight failed (aws-dev: aws.cluster_name)" in captured.err


def test_missing_credentials_exit_4(
    project: Path, moto: None, no_aws_credentials: None, capsys: pytest.CaptureFixture[str]
) -> None:
    stack(project, "aws-dev", AWS_STACK)
    code = cli.app.main(["preflight", "aws-dev"])
    captured = capsys.readouterr()
    assert code == 4, captured.out + captured.err
    assert "  - skipped  credentials (STS caller identity): no usable AWS credentials" in captured.out
    assert "missing AWS credentials" in captured.err


def test_all_stacks_with_recorded_cli_answers(
    project: Path, moto: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from components.azure import preflight as azure_preflight
    from components.gcp import preflight as gcp_preflight

    stack(project, "aws-dev", AWS_STACK)
    spec = {**AWS_STACK["kumo:cluster"], "name": "shop", "network": {"zones": 3}}
    stack(project, "azure-dev", {"azure-native:location": "eastus", "kumo:cloud": "azure", "kumo:cluster": spec})
    stack(
        project,
        "gcp-dev",
        {"gcp:project": "kumo-test", "gcp:region": "us-central1", "kumo:cloud": "gcp", "kumo:cluster": spec},
    )
    answers = azure_commands()
    answers[
        (
            "az",
            "vm",
            "list-skus",
            "--location",
            "eastus",
            "--resource-type",
            "virtualMachines",
            "--size",
            "Standard_D2s_v5",
            "--all",
            "-o",
            "json",
        )
    ] = "azure/vm_list_skus_D4s_v5.json"  # no D2s_v5 entry
    monkeypatch.setattr(azure_preflight, "subprocess_runner", lambda: RecordedRunner(answers))
    monkeypatch.setattr(gcp_preflight, "subprocess_runner", lambda: _missing_gcloud)
    code = cli.app.main(["preflight", "--all", "--json"])
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    by_stack = {s["stack"]: {c["id"]: c["status"] for c in s["checks"]} for s in report["stacks"]}
    assert list(by_stack) == ["aws-dev", "azure-dev", "gcp-dev"]
    assert by_stack["azure-dev"]["azure.machine_types"] == "failed"  # the recorded list has no D2s_v5
    assert set(by_stack["gcp-dev"].values()) == {"skipped"}
    assert report["missing_prerequisites"] == ["gcloud CLI"]
    assert code == 1  # a failure outranks a missing prerequisite


def _missing_gcloud(argv: list[str]) -> Completed:
    raise FileNotFoundError(argv[0])


@pytest.mark.parametrize(
    ("config", "message"),
    [
        # Checked offline from the fact tables (components/<cloud>/facts.py) before any preflight check runs.
        (
            {**AWS_STACK, "aws:region": "us-esat-1"},
            "Pulumi.bad.yaml: aws:region = 'us-esat-1': is an unknown AWS region: did you mean 'us-east-1'?",
        ),
        ({**AWS_STACK, "kumo:cluster": {"node_pools": []}}, "invalid cluster spec"),
        ({"kumo:cloud": "aws"}, "Pulumi.bad.yaml: aws:region = None: is required: the AWS region this stack goes to"),
        (
            {"kumo:cloud": "gcp", "gcp:region": "us-central1"},
            "Pulumi.bad.yaml: gcp:project = None: is required: the Google Cloud project ID this stack goes to",
        ),
        (
            {"kumo:cloud": "azure", "azure-native:location": "East US"},
            "Pulumi.bad.yaml: azure-native:location = 'East US': is not a valid Azure location (must match ",
        ),
    ],
)
def test_bad_input_exits_2_before_asking_any_cloud(
    project: Path,
    config: dict[str, Any],
    message: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(aws_preflight, "context", _no_cloud)
    stack(project, "bad", config)
    assert cli.app.main(["preflight", "bad"]) == 2
    assert message in capsys.readouterr().err


def test_unknown_stack_exits_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.app.main(["preflight", "nope"]) == 2
    assert "unknown stack 'nope'" in capsys.readouterr().err


def _no_cloud(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("bad input must be refused before any cloud is asked")


def test_run_preflight_is_what_up_calls(project: Path, moto: None) -> None:
    from components.stackfiles import load_stack

    stack(project, "aws-dev", AWS_STACK)
    report = preflight_commands.run_preflight([load_stack("aws-dev")], backend_url="s3://kumo-state")
    assert report.backend_url == "s3://kumo-state"
    result = {r.id: r.result for r in report.stacks[0].results}["aws.state_backend"]
    assert (result.status, result.detail) == ("failed", "state bucket kumo-state does not exist")
    with pytest.raises(KumoError, match="preflight failed") as info:
        preflight_commands.require_ready(report)
    assert info.value.code == 1


def test_help_imports_no_cloud_sdk() -> None:
    import subprocess
    import sys

    code = (
        "import sys, cli.app, cli.preflight, cli.backend, cli.state_backends.s3\n"
        "try:\n    cli.app.main(['preflight', '--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('boto3', 'botocore', 'moto', 'pulumi'))\n"
        "print(heavy)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr
