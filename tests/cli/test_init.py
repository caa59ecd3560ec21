"""`kumo init` through the front door: the stack it writes, its secure defaults, its flags and its rule verdict.

The verdict plans the new stack offline with the real layer programs (copied into the test project), so a
stack that `kumo init` calls clean is one `kumo check` passes. The day is pinned: the default Kubernetes
minor and NODE-05 depend on it.
"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

import cli.app
from tests.cli.init_flags import CLEAN, REQUIRED, TAGS, written

pytestmark = pytest.mark.usefixtures("real_programs")


# ---------------------------------------------------------------------------------------------------------
# Secure defaults: the required flags alone give a stack `kumo check` passes


@pytest.mark.parametrize(
    ("cloud", "location", "version"),
    [
        ("aws", {"aws:region": "us-east-1"}, "1.36"),
        ("azure", {"azure-native:location": "eastus"}, "1.37"),
        ("gcp", {"gcp:region": "us-central1", "gcp:project": "kumo-new-project"}, "1.37"),
    ],
)
def test_required_flags_write_a_stack_that_check_passes(
    project: Path, kumo, cloud: str, location: dict, version: str
) -> None:
    r = kumo("init", f"{cloud}-new", *REQUIRED[cloud], *TAGS)
    assert r.code == 0, r
    assert written(project, f"{cloud}-new") == {
        "config": {
            **location,
            "kumo:cloud": cloud,
            "kumo:cluster": {"kubernetes_version": version, "tags": {"owner": "platform", "env": "dev"}},
        }
    }
    assert re.fullmatch(CLEAN.format(f"{cloud}-new", 0), r.stdout.strip()), r
    checked = kumo("check", f"{cloud}-new")
    assert checked.code == 0, checked


def test_the_default_version_is_the_newest_in_standard_support_that_day(
    project: Path, kumo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On 2026-08-01 EKS offers 1.34 to 1.36 in standard support (1.33 left it on 2026-07-29)."""
    monkeypatch.setattr("components.facts.today", lambda: date(2026, 8, 1))
    monkeypatch.setattr("components.policy.model.clock", lambda: date(2026, 8, 1))
    assert kumo("init", "aws-aug", *REQUIRED["aws"], *TAGS).code == 0
    assert written(project, "aws-aug")["config"]["kumo:cluster"]["kubernetes_version"] == "1.36"


def at_a_terminal(monkeypatch: pytest.MonkeyPatch, answers: str) -> None:
    monkeypatch.setattr("cli.render.interactive", lambda: True)
    monkeypatch.setattr("sys.stdin", io.StringIO(answers))


def test_owner_and_env_are_asked_for_at_a_terminal(project: Path, kumo, monkeypatch: pytest.MonkeyPatch) -> None:
    at_a_terminal(monkeypatch, "payments\nstaging\n")
    r = kumo("init", "aws-ask", *REQUIRED["aws"])
    assert r.code == 0, r
    # click writes the prompts to stderr and the space after each through input(), to stdout
    assert r.stderr.startswith("owner tag (GOV-03):env tag (GOV-03):wrote "), r
    assert written(project, "aws-ask")["config"]["kumo:cluster"]["tags"] == {"owner": "payments", "env": "staging"}


def test_only_the_missing_tag_is_asked_for_and_the_answer_is_checked(
    project: Path, kumo, monkeypatch: pytest.MonkeyPatch
) -> None:
    at_a_terminal(monkeypatch, "Not Valid\n")
    r = kumo("init", "aws-ask", *REQUIRED["aws"], "--owner", "payments")
    assert r.code == 2, r
    assert r.stderr.splitlines()[:3] == [
        "env tag (GOV-03):error: cannot write stack aws-ask:",
        "  Pulumi.aws-ask.yaml: kumo:cluster.tags = {'owner': 'payments', 'env': 'Not Valid'}: tag 'env' value "
        "'Not Valid' may use only a-z, 0-9, _ and - (GCP label rules)",
        "hint: `kumo init --help` describes each flag",
    ]
    assert not (project / "stacks" / "Pulumi.aws-ask.yaml").exists()


def test_missing_owner_off_a_terminal_exits_2_and_writes_nothing(project: Path, kumo) -> None:
    r = kumo("init", "aws-x", *REQUIRED["aws"], "--env", "dev")
    assert r.code == 2, r
    assert r.stderr.splitlines()[:3] == [
        "error: cannot write stack aws-x:",
        "  --owner required (or --tag owner=...): GOV-03 wants owner and env tags on every resource; kumo init "
        "asks for them at a terminal",
        "hint: `kumo init --help` describes each flag",
    ]
    assert not (project / "stacks" / "Pulumi.aws-x.yaml").exists()


def test_a_bad_flag_is_reported_before_anything_is_asked(project: Path, kumo, monkeypatch: pytest.MonkeyPatch) -> None:
    at_a_terminal(monkeypatch, "")
    r = kumo("init", "aws-x", *REQUIRED["aws"], "--zones", "5")
    assert r.code == 2, r
    assert r.stderr.splitlines()[:3] == [
        "error: cannot write stack aws-x:",
        "  --owner and --env required (or --tag owner=...): GOV-03 wants owner and env tags on every resource; "
        "kumo init asks for them at a terminal",
        "  Pulumi.aws-x.yaml: kumo:cluster.network.zones = 5: must be at most 3",
    ]


# ---------------------------------------------------------------------------------------------------------
# --tag, --waive, --public-api


def test_tags_waivers_and_a_public_api(project: Path, kumo) -> None:
    r = kumo(
        "init",
        "gcp-pub",
        *REQUIRED["gcp"],
        *TAGS,
        "--tag",
        "team=payments",
        "--tag",
        "cost-center=cc-42",
        "--public-api",
        "--authorized-cidr",
        "203.0.113.0/24",
        "--authorized-cidr",
        "198.51.100.0/24",
        "--waive",
        "NET-01=reached from laptops through an allow-listed endpoint",
    )
    assert r.code == 0, r
    assert written(project, "gcp-pub")["config"]["kumo:cluster"] == {
        "kubernetes_version": "1.37",
        "api": {"public": True, "authorized_cidrs": ["203.0.113.0/24", "198.51.100.0/24"]},
        "tags": {"team": "payments", "cost-center": "cc-42", "owner": "platform", "env": "dev"},
        "waivers": [{"rule": "NET-01", "reason": "reached from laptops through an allow-listed endpoint"}],
    }
    assert re.fullmatch(CLEAN.format("gcp-pub", 1), r.stdout.strip()), r


def test_owner_and_env_can_come_as_tags(project: Path, kumo) -> None:
    r = kumo("init", "aws-t", *REQUIRED["aws"], "--tag", "owner=platform", "--tag", "env=prod")
    assert r.code == 0, r
    assert written(project, "aws-t")["config"]["kumo:cluster"]["tags"] == {"owner": "platform", "env": "prod"}


def test_a_public_api_without_a_waiver_is_written_and_exits_3(project: Path, kumo) -> None:
    r = kumo("init", "aws-pub", *REQUIRED["aws"], *TAGS, "--public-api", "--authorized-cidr", "203.0.113.0/24")
    assert r.code == 3, r
    assert written(project, "aws-pub")["config"]["kumo:cluster"]["api"] == {
        "public": True,
        "authorized_cidrs": ["203.0.113.0/24"],
    }
    assert r.stdout.splitlines()[0].startswith("rules on aws-pub: ") and ", 1 fail, 0 waived, " in r.stdout
    assert re.search(r"FAIL +│ NET-01", r.stdout), r
    assert "error: wrote aws-pub, but it fails security rules (NET-01): `kumo up` refuses it" in r.stderr
    assert "`kumo init --waive RULE=REASON` writes one" in r.stderr


@pytest.mark.parametrize(
    ("flags", "line"),
    [
        (
            ["--public-api"],
            "--public-api needs at least one --authorized-cidr CIDR: the networks allowed to reach the API",
        ),
        (
            ["--authorized-cidr", "203.0.113.0/24"],
            "--authorized-cidr applies only with --public-api (given: ['203.0.113.0/24'])",
        ),
        (
            ["--public-api", "--authorized-cidr", "203.0.113.1/24"],
            "--authorized-cidr '203.0.113.1/24': not an IPv4 network such as 203.0.113.0/24",
        ),
        (
            ["--public-api", "--authorized-cidr", "2001:db8::/32"],
            "--authorized-cidr '2001:db8::/32': not an IPv4 network such as 203.0.113.0/24",
        ),
        (["--tag", "team"], "--tag 'team': expected KEY=VALUE, for example --tag team=payments"),
        (["--tag", "team=a", "--tag", "team=b"], "--tag 'team' is given twice, with different values"),
        (["--tag", "owner=someone-else"], "--owner 'platform' and --tag owner='someone-else' disagree: give one"),
        (
            ["--waive", "NET-01"],
            "--waive 'NET-01': expected RULE=REASON, for example --waive NET-01=\"reached from "
            'laptops through an allow-listed endpoint"',
        ),
        (
            ["--waive", "NET-99=a reason long enough"],
            "Pulumi.aws-x.yaml: kumo:cluster.waivers[0].rule = 'NET-99': is not a kumo rule id; did you mean NET-09?",
        ),
        (["--waive", "NET-01=short"], "Pulumi.aws-x.yaml: kumo:cluster.waivers[0].reason = 'short': "),
        (
            ["--kubernetes-version", "1.33"],
            "Pulumi.aws-x.yaml: kumo:cluster.kubernetes_version = '1.33': left standard support on aws on 2026-07-29",
        ),
    ],
)
def test_bad_flags_exit_2_and_write_nothing(project: Path, kumo, flags: list[str], line: str) -> None:
    r = kumo("init", "aws-x", *REQUIRED["aws"], *TAGS, *flags)
    assert r.code == 2, r
    assert r.stderr.startswith("error: cannot write stack aws-x:\n  " + line), r
    assert not (project / "stacks" / "Pulumi.aws-x.yaml").exists()


def test_help_names_what_each_flag_takes() -> None:
    result = CliRunner().invoke(cli.app.app, ["init", "--help"], env={"COLUMNS": "200"})
    lines = {line.split()[1]: line for line in result.output.splitlines() if line.startswith("│ ") and "--" in line}
    assert "2|3" in lines["--zones"] and "Availability zones: 2 or 3" in lines["--zones"]
    assert "<bool>" not in lines["--public-api"]
    for flag, shape in (("--tag", "KEY=VALUE"), ("--waive", "RULE=REASON"), ("--authorized-cidr", "CIDR")):
        assert shape in lines[flag], lines[flag]
