"""`kumo up` runs the security rules before it touches any layer, as `kumo check` does, and refuses (exit 3) on
an unwaived failure; and the preflight hint points at skipped checks only when they were printed.

The rules run on each stack's offline plan of the real layer programs (copied into the test project): the
fake Pulumi CLI records that nothing reached it. The test stacks (tests/cli/conftest.py) carry no owner/env
tags (GOV-03) and an unprotected shared store (DATA-01).
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

import cli.check
from components.preflight import CheckResult, PreflightReport, Result, StackReport
from tests.cli.conftest import REPO, AllClear
from tests.cli.fake_pulumi import FakePulumi, urn
from tests.cli.test_operations import SG, UP, calls, planned, script_up

DAY = date(2026, 12, 2)
RULE_GATE = cli.check.require_rules
"""The real gate: the `fake` fixture replaces it for the tests that are about something else."""


@pytest.fixture
def rules(fake: FakePulumi, project: Path, monkeypatch: pytest.MonkeyPatch) -> FakePulumi:
    """The fake Pulumi CLI, with up's rule gate on and the real layer programs to plan."""
    for layer in ("data", "cluster", "in-cluster"):
        shutil.copy(REPO / "stacks" / layer / "__main__.py", project / "stacks" / layer / "__main__.py")
    monkeypatch.setattr("components.facts.today", lambda: DAY)
    monkeypatch.setattr("components.policy.model.clock", lambda: DAY)
    monkeypatch.setattr("cli.check.require_rules", RULE_GATE)
    return fake


def add_to_spec(project: Path, text: str) -> None:
    path = project / "stacks" / "Pulumi.t-aws.yaml"
    path.write_text(path.read_text() + text)


def failing(table: str) -> list[str]:
    """The rule ids of the FAIL rows of a printed check table."""
    return [line.split("│")[2].strip() for line in table.splitlines() if line.startswith("│ FAIL")]


def test_up_refuses_failed_rules_before_preflight_and_any_pulumi_call(rules: FakePulumi, kumo) -> None:
    r = kumo("up", "t-aws", "--yes")
    assert r.code == 3, r
    assert rules.calls == [] and AllClear.asked == []
    assert r.stderr.splitlines() == [
        "error: up refused: security rules failed: t-aws (DATA-01, GOV-03)",
        "hint: fix the findings, or waive a rule in the stack's kumo:cluster.waivers with a reason; `kumo check` "
        "shows the same verdict; nothing was changed",
    ]
    assert failing(r.stdout) == ["DATA-01", "GOV-03"]


def test_up_json_refusal_carries_every_stack_report(rules: FakePulumi, kumo) -> None:
    r = kumo("up", "t-aws", "--layer", "data", "--yes", "--json")
    assert r.code == 3, r
    assert rules.calls == []
    document = json.loads(r.stdout)
    reports = document.pop("rules")
    assert document == {"kumo_operation": 1, "operation": "up", "ok": False, "stacks": []}
    assert [(s["stack"], s["ok"]) for s in reports] == [("t-aws", False)]
    assert [x["rule"] for x in reports[0]["results"] if x["status"] == "fail"] == ["DATA-01", "GOV-03"]


@pytest.mark.parametrize(
    "accepted",
    [
        # waived, each with its reason
        "    waivers:\n"
        '      - {rule: DATA-01, reason: "test data, torn down with the stack"}\n'
        '      - {rule: GOV-03, reason: "tags come from the account\'s tag policy"}\n',
        # fixed: the tags, and the shared store protected (DATA-01's fix) -- a spec key added under kumo:cluster
        "    tags: {owner: platform, env: test}\n",
    ],
)
def test_waived_or_fixed_rules_let_up_proceed(rules: FakePulumi, project: Path, kumo, accepted: str) -> None:
    if "waivers" not in accepted:
        text = (project / "stacks" / "Pulumi.t-aws.yaml").read_text()
        (project / "stacks" / "Pulumi.t-aws.yaml").write_text(
            text.replace("storage: {shared: {size_gb: 1024}}", "storage: {shared: {size_gb: 1024, protect: true}}")
        )
    add_to_spec(project, accepted)
    script_up(rules, planned("create", urn("t-aws", SG, "t-aws-sg"), SG), {"create": 1})
    r = kumo("up", "t-aws", "--layer", "data", "--yes")
    assert r.code == 0, r
    assert UP in calls(rules)
    assert AllClear.asked == [["t-aws"]]
    assert "FAIL" not in r.stdout


def test_there_is_no_way_to_skip_the_rules(fake: FakePulumi, kumo) -> None:
    r = kumo("up", "t-aws", "--yes", "--skip-rules")
    assert r.code == 2, r
    assert "No such option: --skip-rules" in r.stderr
    assert fake.calls == []


# ---------------------------------------------------------------------------------------------------------
# The preflight hint (the rule gate is off here: the fake fixture's default)


def missing_credentials() -> PreflightReport:
    skipped = Result.skipped("no AWS credentials found", fix="run `aws sso login`", prerequisite="AWS credentials")
    return PreflightReport(
        stacks=[StackReport("t-aws", "aws", "us-east-1", [CheckResult("aws.credentials", "AWS credentials", skipped)])]
    )


def test_up_prints_the_skipped_check_its_hint_points_at(
    fake: FakePulumi, kumo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("cli.preflight.run_preflight", lambda files, **_: missing_credentials())
    r = kumo("up", "t-aws", "--yes")
    assert r.code == 4, r
    assert fake.calls == []
    assert "  - skipped  AWS credentials: no AWS credentials found" in r.stdout
    assert "      fix: run `aws sso login`" in r.stdout
    assert r.stderr.splitlines() == [
        "error: preflight could not run every check: missing AWS credentials",
        "hint: each skipped check above says how to make it runnable",
    ]


def test_up_json_does_not_say_above_when_nothing_is_above(
    fake: FakePulumi, kumo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("cli.preflight.run_preflight", lambda files, **_: missing_credentials())
    r = kumo("up", "t-aws", "--yes", "--json")
    assert r.code == 4, r
    assert r.stdout == ""
    assert r.stderr.splitlines() == [
        "error: preflight could not run every check: missing AWS credentials",
        "hint: each skipped check in `kumo preflight STACK` says how to make it runnable",
    ]
