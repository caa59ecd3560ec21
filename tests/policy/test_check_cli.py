"""`kumo check` through the front door, on a scratch project whose plans are the hand-built fixtures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

import cli.app
from components.records import Plan
from components.stackfiles import StackFile
from tests.policy.fixtures import RAW_SPEC, plan
from tests.policy.mutations import put


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "Pulumi.yaml").write_text("name: kumo\nruntime: python\nmain: stacks/\nstackConfigDir: stacks\n")
    stacks = tmp_path / "stacks"
    stacks.mkdir()
    waived = {**RAW_SPEC, "waivers": [{"rule": "NET-01", "reason": "reached from laptops on purpose"}]}
    for name, spec in (("good", RAW_SPEC), ("public", RAW_SPEC), ("waived", waived)):
        config = {"aws:region": "us-east-1", "kumo:cloud": "aws", "kumo:cluster": spec}
        (stacks / f"Pulumi.{name}.yaml").write_text(yaml.safe_dump({"config": config}))

    def fake_plan(stack: StackFile) -> Plan:
        resources = plan("aws")
        if stack.name in ("public", "waived"):
            put("eks/cluster:Cluster", "vpcConfig.endpointPublicAccess", True)(resources)
            put("eks/cluster:Cluster", "vpcConfig.publicAccessCidrs", ["203.0.113.0/24"])(resources)
        return Plan(stack=stack.name, cloud=stack.cloud, config={}, resources=resources)

    monkeypatch.setattr("components.offline.plan_stack", fake_plan)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.app.main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_passing_stack_exits_0_with_its_table(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["check", "good"], capsys)
    assert code == 0, err
    assert "good (aws): 4 n/a, 44 pass" in out, out
    assert "waivers: none" in out, out
    assert "rules across clouds" in out, out


def test_an_unwaived_failure_exits_3_naming_stack_and_rule(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["check", "--all"], capsys)
    assert code == 3, err
    assert "security rules failed: public (NET-01)" in err
    assert "waiver NET-01: reached from laptops on purpose" in out


def test_json_document(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", "good", "waived", "--json"], capsys)
    document = json.loads(out)
    assert code == 0 and document["kumo_check"] == 1 and document["ok"] is True
    assert [s["stack"] for s in document["stacks"]] == ["good", "waived"]
    assert document["summary"]["NET-01"] == {"aws": ["pass", "waived"]}
    assert document["summary"]["NODE-01"] == {"aws": ["n/a", "n/a"]}
    assert document["stacks"][1]["waivers"] == [
        {"rule": "NET-01", "reason": "reached from laptops on purpose", "used": True}
    ]


def test_unknown_stack_is_bad_input(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["check", "nope"], capsys)
    assert code == 2 and "unknown stack 'nope'" in err
