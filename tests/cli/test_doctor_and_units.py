"""`kumo doctor`, and the pure pieces behind the commands: backend precedence and the passphrase, the inline
program. (The gate's table: test_gate_table.py; the equivalence report: test_equivalence_report.py.)"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from cli import settings
from tests.cli.conftest import REPO


def tool(bin_dir: Path, name: str, output: str = "") -> None:
    path = bin_dir / name
    path.write_text(f"#!/bin/sh\necho '{output}'\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


@pytest.fixture
def path_with(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, project: Path) -> Path:
    """PATH holding only fake tools we put there."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    return bin_dir


def test_doctor_all_present(path_with: Path, kumo) -> None:
    tool(path_with, "pulumi", "v3.272.0")
    tool(path_with, "aws", "aws-cli/2.27.50 Python/3.13.4 Linux/6.8.0 exe/x86_64.ubuntu.24")
    r = kumo("doctor", "--cloud", "aws", "--json")
    assert r.code == 0, r
    checks = {c["name"]: c for c in json.loads(r.stdout)["checks"]}
    assert list(checks) == ["Pulumi CLI", "state backend", "secrets passphrase", "aws: aws", "aws: credentials"]
    assert checks["Pulumi CLI"]["detail"] == f"{path_with / 'pulumi'} (v3.272.0)"
    assert checks["state backend"]["detail"].endswith("(from kumo default)")
    assert checks["aws: credentials"]["detail"] == "environment: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY"
    assert all(c["status"] == "ok" for c in checks.values())


def test_doctor_reports_each_missing_piece_with_its_fix(path_with: Path, kumo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PULUMI_CONFIG_PASSPHRASE")
    r = kumo("doctor", "--cloud", "gcp")
    assert r.code == 4, r
    for line in (
        "missing Pulumi CLI: not found on PATH",
        "fix: install the Pulumi CLI",
        "missing gcp: gcloud: not found",
        "missing gcp: gke-gcloud-auth-plugin: not found",
        "fix: gcloud components install gke-gcloud-auth-plugin",
        "missing secrets passphrase: not set and no terminal to ask",
        "ok      gcp: credentials: environment: GOOGLE_CREDENTIALS",
    ):
        assert line in r.stdout, r
    assert "missing: Pulumi CLI, secrets passphrase, gcp: gcloud, gcp: gke-gcloud-auth-plugin" in r.stderr


def test_doctor_old_pulumi(path_with: Path, kumo) -> None:
    tool(path_with, "pulumi", "v3.100.0")
    r = kumo("doctor", "--cloud", "aws")
    assert r.code == 4 and "pulumi self-update" in r.stdout, r


def test_doctor_unknown_cloud(project: Path, kumo) -> None:
    assert kumo("doctor", "--cloud", "ibm").code == 2


# ---------------------------------------------------------------------------------------------------------
# Backend precedence and passphrase


@pytest.mark.parametrize(
    ("flag", "env", "pinned", "login", "expected"),
    [
        ("s3://flag", {"PULUMI_BACKEND_URL": "s3://env"}, "gs://yaml", "https://login", ("s3://flag", "--backend")),
        (None, {"PULUMI_BACKEND_URL": "s3://env"}, "gs://yaml", "https://login", ("s3://env", "PULUMI_BACKEND_URL")),
        (None, {}, "gs://yaml", "https://login", ("gs://yaml", "Pulumi.yaml backend.url")),
        (None, {}, None, "https://api.pulumi.com", ("https://api.pulumi.com", "pulumi login")),
    ],
)
def test_backend_precedence(tmp_path: Path, flag, env, pinned, login, expected) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: kumo\n" + (f"backend:\n  url: {pinned}\n" if pinned else ""))
    home = tmp_path / "pulumi-home"
    home.mkdir()
    (home / "credentials.json").write_text(json.dumps({"current": login}))
    backend = settings.resolve_backend(flag, tmp_path, {**env, "PULUMI_HOME": str(home)})
    assert (backend.url, backend.source) == expected
    assert backend.env == ({"PULUMI_BACKEND_URL": flag} if flag else {})


def test_default_backend(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "Pulumi.yaml").write_text("name: kumo\n")
    backend = settings.resolve_backend(None, tmp_path, {"PULUMI_HOME": str(tmp_path / "none")})
    assert (backend.url, backend.source) == (f"file://{tmp_path}/.kumo/state", "kumo default")


@pytest.mark.parametrize(
    ("url", "flag", "document", "needed"),
    [
        ("file:///s", None, {}, True),
        ("https://api.pulumi.com", None, {}, False),
        ("https://api.pulumi.com", None, {"encryptionsalt": "v1:abc"}, True),
        ("file:///s", "awskms://alias/k", {}, False),
        ("file:///s", None, {"secretsprovider": "gcpkms://projects/p/locations/l/keyRings/r/cryptoKeys/k"}, False),
        ("https://api.pulumi.com", "passphrase", {}, True),
    ],
)
def test_needs_passphrase(url, flag, document, needed) -> None:
    assert settings.needs_passphrase(settings.Backend(url, "--backend"), flag, document) is needed


def test_passphrase_file_must_exist(tmp_path: Path) -> None:
    with pytest.raises(settings.MissingPrerequisite, match="no such file"):
        settings.passphrase_env(
            True, env={"PULUMI_CONFIG_PASSPHRASE_FILE": str(tmp_path / "x")}, interactive=False, prompt=lambda: ""
        )


# ---------------------------------------------------------------------------------------------------------
# The engine runs the project's own program


@pytest.mark.parametrize("layer", ["data", "cluster", "in-cluster"])
def test_inline_program_runs_the_layers_main(project: Path, layer: str) -> None:
    from cli.engine import inline_program

    inline_program(project, "t-aws", layer)()
    assert (project / "stacks" / layer / "ran.txt").read_text() == f"kumo_program_t_aws_{layer.replace('-', '_')}"


def test_engine_is_the_only_package_importing_the_automation_api() -> None:
    root = Path(__file__).resolve().parents[2] / "cli"
    users = sorted(
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if "pulumi.automation" in p.read_text() or "from pulumi import automation" in p.read_text()
    )
    assert users == ["engine/__init__.py", "engine/command.py", "engine/results.py", "engine/session.py"]


def test_pulumi_yaml_is_never_rewritten(fake, kumo, project: Path) -> None:
    before = (project / "Pulumi.yaml").read_text()
    fake.add_stack("t-aws")
    assert kumo("preview", "t-aws").code == 0
    assert (project / "Pulumi.yaml").read_text() == before
    # work_dir: each layer's project (the data layer's preview, the others' existence checks)
    assert {os.path.realpath(c) for c in fake.cwds} == {
        os.path.realpath(project / "stacks" / layer) for layer in ("data", "cluster")
    }
    assert all(
        (project / "stacks" / layer / "Pulumi.yaml").read_text()
        == (REPO / "stacks" / layer / "Pulumi.yaml").read_text()
        for layer in ("data", "cluster", "in-cluster")
    )
