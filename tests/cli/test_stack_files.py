"""`kumo stacks`, `kumo validate`: offline, through the front door (`kumo init`: test_init.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.cli.conftest import REPO


def test_stacks_lists_cloud_location_and_pools(project: Path, kumo) -> None:
    r = kumo("stacks", "--json")
    assert r.code == 0, r
    assert json.loads(r.stdout) == {
        "kumo_stacks": 1,
        "stacks": [
            {
                "stack": "t-aws",
                "cloud": "aws",
                "location": "us-east-1",
                "problem": None,
                "pools": "system 2-3×small (system), apps 1-4×medium spot",
            },
            {
                "stack": "t-gcp",
                "cloud": "gcp",
                "location": "us-central1",
                "problem": None,
                "pools": "system 2-3×small (system), apps 1-4×medium spot",
            },
        ],
    }


def test_stacks_marks_a_broken_file(project: Path, kumo) -> None:
    (project / "stacks" / "Pulumi.broken.yaml").write_text("config:\n  aws:region: us-east-1\n")
    r = kumo("stacks", "--json")
    assert r.code == 0, r
    assert json.loads(r.stdout)["stacks"][0] == {
        "stack": "broken",
        "cloud": None,
        "location": None,
        "pools": None,
        "problem": "Pulumi.broken.yaml: kumo:cloud = None: must be one of aws, azure, gcp: `kumo validate broken`",
    }


def test_help_and_stacks_import_no_sdk_and_no_spec() -> None:
    """The benchmark's precondition (`kumo --help` and `kumo stacks` < 0.3 s): no Pulumi or cloud SDK, and
    not the spec either (building its pydantic models costs ~0.15 s). Typer itself imports pydantic."""
    code = (
        "import sys; from cli.app import main; main(sys.argv[1:]); "
        "print('HEAVY', sorted(m for m in sys.modules if m.split('.')[0] in ('pulumi', 'pulumi_aws', "
        "'pulumi_azure_native', 'pulumi_gcp', 'boto3', 'grpc') or m in ('components.spec', "
        "'components.offline', 'cli.engine')))"
    )
    for args in (["--help"], ["stacks"]):
        done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=REPO)
        assert done.stdout.rsplit("HEAVY", 1)[1].strip() == "[]", (args, done.stdout, done.stderr)


def test_validate_ok(project: Path, kumo) -> None:
    r = kumo("validate", "--all")
    assert r.code == 0, r
    assert "ok  t-aws" in r.stdout and "ok  t-gcp" in r.stdout


def test_validate_reports_every_problem_at_once(project: Path, kumo) -> None:
    (project / "stacks" / "Pulumi.bad.yaml").write_text(
        "config:\n  aws:region: us-east-1\n  kumo:cloud: aws\n  kumo:cluster:\n    kubernetes_version: '1.2'\n"
        "    node_pools:\n      - {name: System!, size: huge, system: true}\n"
    )
    r = kumo("validate", "t-aws", "bad", "nope", "--json")
    assert r.code == 2, r
    doc = json.loads(r.stdout)
    by_stack = {s["stack"]: s for s in doc["stacks"]}
    assert by_stack["t-aws"] == {"stack": "t-aws", "valid": True, "problems": [], "warnings": []}
    problems = "\n".join(by_stack["bad"]["problems"])
    assert "kubernetes_version = '1.2'" in problems
    assert "node_pools[0].name = 'System!'" in problems
    assert "node_pools[0].size = 'huge'" in problems
    assert by_stack["nope"]["valid"] is False and "unknown stack 'nope'" in by_stack["nope"]["problems"][0]
    assert "2 of 3 stack(s) invalid: bad, nope" in r.stderr
    assert "Traceback" not in r.stderr


def test_validate_needs_names_or_all(project: Path, kumo) -> None:
    assert kumo("validate").code == 2
    assert kumo("validate", "t-aws", "--all").code == 2
