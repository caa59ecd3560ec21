"""`kumo init` through the front door: the stack it writes, its secure defaults, its flags and its rule verdict.

The verdict plans the new stack offline with the real layer programs (copied into the test project), so a
stack that `kumo init` calls clean is one `kumo check` passes. The day is pinned: the default Kubernetes
minor and NODE-05 depend on it.
"""

from __future__ import annotations

import io
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import cli.app
from tests.cli.conftest import REPO

DAY = date(2026, 12, 2)
REQUIRED = {
    "aws": ["--cloud", "aws", "--location", "us-east-1"],
    "azure": ["--cloud", "azure", "--location", "eastus"],
    "gcp": ["--cloud", "gcp", "--location", "us-central1", "--project", "kumo-new-project"],
}
TAGS = ["--owner", "platform", "--env", "dev"]
CLEAN = r"rules on {}: \d+ pass, 0 fail, {} waived, \d+ n/a"


@pytest.fixture(autouse=True)
def real_programs(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The real layer programs in the test project (the verdict plans them), and the day pinned."""
    for layer in ("data", "cluster", "in-cluster"):
        shutil.copy(REPO / "stacks" / layer / "__main__.py", project / "stacks" / layer / "__main__.py")
    monkeypatch.setattr("components.facts.today", lambda: DAY)
    monkeypatch.setattr("components.policy.model.clock", lambda: DAY)
    return project


def written(project: Path, stack: str) -> dict:
    return yaml.safe_load((project / "stacks" / f"Pulumi.{stack}.yaml").read_text())


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
            "Pulumi.aws-x.yaml: kumo:cluster.waivers[0].rule = 'NET-99': is not a kumo rule id; did you mean NET-08?",
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


# ---------------------------------------------------------------------------------------------------------
# The stack file itself (moved from test_stack_files.py)


def test_init_writes_pools_zones_and_protected_shared_storage(project: Path, kumo) -> None:
    r = kumo(
        "init",
        "gcp-stage",
        "--cloud",
        "gcp",
        "--location",
        "europe-west1",
        "--project",
        "kumo-stage-1",
        *TAGS,
        "--zones",
        "2",
        "--pool",
        "system:medium:2:4",
        "--pool",
        "batch:large:0:6:spot",
        "--shared-storage-gb",
        "2048",
    )
    assert r.code == 0, r
    assert written(project, "gcp-stage") == {
        "config": {
            "gcp:region": "europe-west1",
            "gcp:project": "kumo-stage-1",
            "kumo:cloud": "gcp",
            "kumo:cluster": {
                "kubernetes_version": "1.37",
                "network": {"zones": 2},
                "node_pools": [
                    {"name": "system", "size": "medium", "min_nodes": 2, "max_nodes": 4, "system": True},
                    {"name": "batch", "size": "large", "min_nodes": 0, "max_nodes": 6, "spot": True},
                ],
                "storage": {"shared": {"size_gb": 2048, "protect": True, "retain_on_delete": True}},
                "tags": {"owner": "platform", "env": "dev"},
            },
        }
    }
    assert re.fullmatch(CLEAN.format("gcp-stage", 0), r.stdout.strip()), r
    assert kumo("validate", "gcp-stage").code == 0


def test_init_env_like_copies_the_spec_to_another_cloud(project: Path, kumo) -> None:
    r = kumo(
        "init",
        "azure-t",
        "--cloud",
        "azure",
        "--location",
        "westeurope",
        "--env-like",
        "t-aws",
        *TAGS,
        "--waive",
        "DATA-01=the copied test spec keeps its shared store unprotected",
    )
    assert r.code == 0, r
    old = yaml.safe_load((project / "stacks" / "Pulumi.t-aws.yaml").read_text())["config"]["kumo:cluster"]
    assert written(project, "azure-t")["config"] == {
        "azure-native:location": "westeurope",
        "kumo:cloud": "azure",
        "kumo:cluster": {
            **old,
            "tags": {"owner": "platform", "env": "dev"},
            "waivers": [{"rule": "DATA-01", "reason": "the copied test spec keeps its shared store unprotected"}],
        },
    }
    assert re.fullmatch(CLEAN.format("azure-t", 1), r.stdout.strip()), r


def test_init_env_like_needs_a_valid_stack_to_copy(project: Path, kumo) -> None:
    (project / "stacks" / "Pulumi.broken.yaml").write_text(
        "config:\n  aws:region: us-east-1\n  kumo:cloud: aws\n  kumo:cluster: {network: 7}\n"
    )
    r = kumo("init", "azure-b", "--cloud", "azure", "--location", "eastus", "--env-like", "broken", *TAGS)
    assert r.code == 2, r
    assert "Pulumi.broken.yaml: kumo:cluster.network = 7" in r.stderr
    r = kumo("init", "azure-b", "--cloud", "azure", "--location", "eastus", "--env-like", "nope", *TAGS)
    assert r.code == 2 and "unknown stack 'nope'" in r.stderr, r
    assert not (project / "stacks" / "Pulumi.azure-b.yaml").exists()


def test_init_never_overwrites(project: Path, kumo) -> None:
    path = project / "stacks" / "Pulumi.t-aws.yaml"
    before = path.read_text()
    r = kumo("init", "t-aws", "--cloud", "aws", "--location", "us-west-2", *TAGS)
    assert r.code == 2, r
    assert "already exists" in r.stderr
    assert path.read_text() == before


def test_init_reports_every_bad_flag(project: Path, kumo) -> None:
    r = kumo(
        "init", "gcp-x", "--cloud", "gcp", "--location", "Not A Region", "--pool", "system:giant:1:2", "--zones", "7"
    )
    assert r.code == 2, r
    for expected in (
        "--project is required for gcp (gcp:project)",
        "--owner and --env required (or --tag owner=...)",
        "gcp:region = 'Not A Region': is an unknown Google Cloud region",
        "node_pools[0].size = 'giant'",
        "network.zones = 7",
    ):
        assert expected in r.stderr, r
    assert "gcp:project = None" not in r.stderr  # said once, as the flag
    assert not (project / "stacks" / "Pulumi.gcp-x.yaml").exists()


def test_init_rejects_project_for_a_cloud_without_projects(project: Path, kumo) -> None:
    r = kumo("init", "aws-x", "--cloud", "aws", "--location", "us-east-1", "--project", "kumo-proj-1", *TAGS)
    assert r.code == 2, r
    assert "--project applies only to clouds with projects; aws has none" in r.stderr


def test_init_unknown_cloud(project: Path, kumo) -> None:
    r = kumo("init", "x1", "--cloud", "ibm", "--location", "us-south")
    assert r.code == 2 and "--cloud 'ibm': must be one of aws, azure, gcp" in r.stderr, r


def test_init_rejects_a_stack_name_that_leaves_the_folder(project: Path, kumo) -> None:
    r = kumo("init", "../escape", *REQUIRED["aws"], *TAGS)
    assert r.code == 2, r
    assert r.stderr.startswith("error: cannot write stack ../escape:\n  STACK '../escape': letters, digits"), r
    assert not (project / "escape.yaml").exists() and not (project / "Pulumi.escape.yaml").exists()
