"""`kumo doctor`, and the pure pieces behind the commands: backend precedence, the gate's table,
the equivalence report's differences, the inline program."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from cli import gate, settings
from components.equivalence import compare, differences
from tests.cli.conftest import REPO
from tests.conftest import cached_stack_plan


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
# The gate's table


STORE = "urn:pulumi:s::kumo::kumo:aws:SharedStorage::s-shared"
MID = "urn:pulumi:s::kumo::kumo:aws:SharedStorage$kumo:aws:Backups::s-backups"


@pytest.mark.parametrize(
    ("steps", "stateful", "allowed", "expected"),
    [
        ([gate.Step("replace", "u1", "aws:eks/cluster:Cluster")], (), (), []),
        (
            [gate.Step("replace", "u1", "aws:eks/cluster:Cluster")],
            ("aws:eks/cluster:Cluster",),
            (),
            [("u1", "replace", "aws:eks/cluster:Cluster is a stateful type")],
        ),
        (
            [
                gate.Step("create-replacement", "u1", "t"),
                gate.Step("replace", "u1", "t", protect=True),
                gate.Step("delete-replaced", "u1", "t"),
            ],
            (),
            (),
            [("u1", "replace", "protected")],
        ),
        ([gate.Step("delete", "u1", "t", retain_on_delete=True)], (), (), [("u1", "delete", "retain_on_delete")]),
        (
            [gate.Step("same", STORE, "kumo:aws:SharedStorage"), gate.Step("delete", "u2", "t", parent=STORE)],
            (),
            (),
            [("u2", "delete", "durable data under kumo:aws:SharedStorage")],
        ),
        # two levels down: a durable resource under a component under SharedStorage is protected all the same
        (
            [
                gate.Step("same", STORE, "kumo:aws:SharedStorage"),
                gate.Step("same", MID, "kumo:aws:Backups", parent=STORE),
                gate.Step("replace", "u3", "t", parent=MID),
            ],
            (),
            (),
            [("u3", "replace", "durable data under kumo:aws:SharedStorage")],
        ),
        # a component named like it but of another package, or with a longer type, does not count
        ([gate.Step("same", "c", "other:aws:SharedStorage"), gate.Step("delete", "u4", "t", parent="c")], (), (), []),
        ([gate.Step("same", "c", "kumo:aws:x:SharedStorage"), gate.Step("delete", "u4", "t", parent="c")], (), (), []),
        # a parent cycle in a corrupt state ends the walk instead of hanging
        (
            [
                gate.Step("same", "a", "kumo:aws:X", parent="b"),
                gate.Step("same", "b", "kumo:aws:Y", parent="a"),
                gate.Step("delete", "u5", "t", parent="a"),
            ],
            (),
            (),
            [],
        ),
        ([gate.Step("update", "u1", "t", protect=True)], (), (), []),
        ([gate.Step("replace", "u1", "t", protect=True)], (), ("u1",), []),
        # one violation per URN; a replacement wins over a delete of the same URN
        (
            [gate.Step("delete", "u1", "t", protect=True), gate.Step("delete-replaced", "u1", "t")],
            (),
            (),
            [("u1", "replace", "protected")],
        ),
    ],
)
def test_gate_table(steps, stateful, allowed, expected) -> None:
    assert [(v.urn, v.op, v.reason) for v in gate.violations(steps, stateful, allowed)] == expected


def test_destroy_keeps_durable_data_at_any_depth() -> None:
    """`kumo destroy` keeps what is marked durable and everything under SharedStorage, however deep;
    components and providers are not kept (they hold no data)."""
    state = [
        {"urn": STORE, "type": "kumo:aws:SharedStorage", "custom": False},
        {"urn": MID, "type": "kumo:aws:Backups", "custom": False, "parent": STORE},
        {"urn": "fs", "type": "aws:efs/fileSystem:FileSystem", "parent": STORE},
        {"urn": "vault", "type": "aws:backup/vault:Vault", "parent": MID},
        {"urn": "p", "type": "pulumi:providers:aws", "protect": True},
        {"urn": "key", "type": "aws:kms/key:Key", "protect": True},
        {"urn": "bucket", "type": "aws:s3/bucket:Bucket", "retainOnDelete": True},
        {"urn": "cluster", "type": "aws:eks/cluster:Cluster"},
    ]
    kept = [(r["urn"], r["reason"]) for r in gate.durable_resources(state)]
    assert kept == [
        ("fs", "durable data under kumo:aws:SharedStorage"),
        ("vault", "durable data under kumo:aws:SharedStorage"),
        ("key", "protected"),
        ("bucket", "retain_on_delete"),
    ]


# Per cloud: the types whose replacement or deletion loses data or the cluster (the cluster, durable storage,
# keys; never node pools), and the default prod stack that registers every one of them.
STATEFUL = {
    "aws": ("aws:eks/cluster:Cluster", "aws:efs/fileSystem:FileSystem", "aws:kms/key:Key"),
    "azure": (
        "azure-native:containerservice:ManagedCluster",
        "azure-native:storage:StorageAccount",
        "azure-native:storage:FileShare",
        "azure-native:keyvault:Vault",
        "azure-native:keyvault:Key",
    ),
    "gcp": ("gcp:container/cluster:Cluster", "gcp:filestore/instance:Instance", "gcp:kms/cryptoKey:CryptoKey"),
}
NODE_POOL_TYPES = {
    "aws": "aws:eks/nodeGroup:NodeGroup",
    "azure": "azure-native:containerservice:AgentPool",
    "gcp": "gcp:container/nodePool:NodePool",
}


@pytest.mark.parametrize(("cloud", "types"), STATEFUL.items())
def test_stateful_types_per_cloud(cloud: str, types: tuple[str, ...]) -> None:
    assert gate.stateful_types(cloud) == types
    registered = {r.type for r in cached_stack_plan(f"{cloud}-prod").resources}
    assert set(types) <= registered, f"listed but never created: {set(types) - registered}"  # the list cannot rot
    assert NODE_POOL_TYPES[cloud] in registered and NODE_POOL_TYPES[cloud] not in types


# ---------------------------------------------------------------------------------------------------------
# Equivalence: every difference, by path


def test_differences_by_pool_name_and_field() -> None:
    a = [{"name": "system", "vcpu": 2, "spot": False}, {"name": "apps", "vcpu": 4, "spot": True}]
    b = [{"name": "system", "vcpu": 2, "spot": False}, {"name": "apps", "vcpu": 4, "spot": False}]
    c = [{"name": "system", "vcpu": 2, "spot": False}]
    assert differences({"x": a, "y": a}) == []
    assert differences({"x": a, "y": b}) == ["[apps].spot"]
    assert differences({"x": a, "y": c}) == ["[apps]"]
    assert differences({"x": {"scheme": "public", "ports": [80]}, "y": {"scheme": "internal", "ports": [80]}}) == [
        ".scheme"
    ]


def _summary(zones: int, scheme: str, enc04: str = "pass") -> dict:
    return {
        "node_pools": [],
        "capacity": {},
        "zones": zones,
        "kubernetes_version": "1.33",
        "network": {},
        "api": {"public": False},
        "storage_classes": [],
        "shared_storage": None,
        "load_balancer": {"scheme": scheme, "annotations": {"cloud-only": "x"}},
        "app": {},
        "deletion_protection": True,
        "encryption": {"ENC-01": "pass", "ENC-04": enc04},
        "security": {
            "failed": [] if enc04 == "pass" else ["ENC-04"],
            "statuses": {"NET-01": "waived", "ENC-04": enc04, "IAM-03": "n/a"},
        },
    }


def test_compare_marks_each_feature_and_compares_security_posture() -> None:
    stacks = [
        {"stack": "aws-dev", "layer": "cluster", "cloud": "aws", "summary": _summary(3, "public"), "resources": []},
        {
            "stack": "gcp-dev",
            "layer": "cluster",
            "cloud": "gcp",
            "summary": _summary(2, "public", enc04="fail"),
            "resources": [],
        },
        {"stack": "aws-prod", "layer": "cluster", "cloud": "aws", "summary": _summary(3, "internal"), "resources": []},
    ]
    group = compare(stacks)["groups"]["dev/cluster"]
    assert group["stacks"] == ["aws-dev", "gcp-dev"] and group["equivalent"] is False
    assert {f: d["differences"] for f, d in group["features"].items() if not d["equal"]} == {
        "zones": ["(value)"],
        "encryption": [".ENC-04"],
        "security": [".failed"],
    }
    assert group["features"]["security"]["values"]["aws-dev"] == {"failed": [], "waived": ["NET-01"]}
    assert "prod/cluster" not in compare(stacks)["groups"]  # a group of one has nothing to compare


def test_compare_only_compares_like_layers() -> None:
    data = {"zones": 3, "network": {}, "shared_storage": None}
    stacks = [
        {"stack": "aws-dev", "layer": "data", "cloud": "aws", "summary": data},
        {"stack": "gcp-dev", "layer": "data", "cloud": "gcp", "summary": {**data, "zones": 2}},
        {"stack": "gcp-dev", "layer": "cluster", "cloud": "gcp", "summary": _summary(2, "public")},
    ]
    groups = compare(stacks)["groups"]
    assert list(groups) == ["dev/data"]  # one cluster entry: nothing to compare it with
    assert list(groups["dev/data"]["features"]) == ["zones", "network", "shared_storage"]
    assert groups["dev/data"]["features"]["zones"]["differences"] == ["(value)"]


def test_groups_come_by_environment_then_layer_order_whatever_the_input_order() -> None:
    summary = {"zones": 3}
    entries = [
        {"stack": f"{cloud}-{env}", "layer": layer, "cloud": cloud, "summary": summary}
        for layer in ("in-cluster", "cluster", "data")
        for env in ("prod", "dev")
        for cloud in ("gcp", "aws")
    ]
    assert list(compare(entries)["groups"]) == [
        "dev/data",
        "dev/cluster",
        "dev/in-cluster",
        "prod/data",
        "prod/cluster",
        "prod/in-cluster",
    ]


@pytest.mark.parametrize(
    ("stack", "cloud", "expected"),
    [
        ("aws-dev", "aws", "dev"),
        ("dev-aws", "aws", "dev"),
        ("team-gcp-prod", "gcp", "team-prod"),
        ("staging", "azure", "staging"),
        ("gcp-dev", "aws", "gcp-dev"),
    ],
)
def test_environment_is_the_stack_name_less_its_cloud(stack: str, cloud: str, expected: str) -> None:
    from components.equivalence import environment

    assert environment(stack, cloud) == expected


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
