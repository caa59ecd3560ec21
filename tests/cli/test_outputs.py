"""`kumo outputs` and `kumo kubeconfig` (checked with the real kubectl)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.cli.fake_pulumi import FakePulumi

KUBECTL = shutil.which("kubectl")


def stack_kubeconfig(name: str, server: str) -> str:
    """An exec-based kubeconfig as a cloud component exports it (names chosen by the cloud)."""
    return yaml.safe_dump(
        {
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [{"name": name, "cluster": {"server": server, "certificate-authority-data": "Q0E="}}],
            "users": [
                {
                    "name": name,
                    "user": {
                        "exec": {
                            "apiVersion": "client.authentication.k8s.io/v1beta1",
                            "command": "aws",
                            "args": ["eks", "get-token", "--cluster-name", name, "--output", "json"],
                        }
                    },
                }
            ],
            "contexts": [{"name": name, "context": {"cluster": name, "user": name}}],
            "current-context": name,
        }
    )


@pytest.fixture
def deployed(fake: FakePulumi) -> FakePulumi:
    fake.add_stack("t-aws", outputs={"vpc_id": "vpc-1"}, layer="data")
    fake.add_stack(
        "t-aws",
        outputs={
            "cluster_name": "t-aws",
            "endpoint": "https://eks.example",
            "kubeconfig": stack_kubeconfig("t-aws", "https://eks.example"),
        },
        secret=("kubeconfig",),
        layer="cluster",
    )
    fake.add_stack(
        "t-gcp",
        outputs={"kubeconfig": stack_kubeconfig("gke", "https://34.1.2.3")},
        secret=("kubeconfig",),
        layer="cluster",
    )
    return fake


def kubectl(*args: str, config: Path) -> str:
    assert KUBECTL, "kubectl is installed on this machine"
    done = subprocess.run(
        [KUBECTL, *args], capture_output=True, text=True, check=True, env={**os.environ, "KUBECONFIG": str(config)}
    )
    return done.stdout


def test_outputs_masks_secrets(deployed: FakePulumi, kumo) -> None:
    r = kumo("outputs", "t-aws", "--json")
    assert r.code == 0, r
    cluster = {"cluster_name": "t-aws", "endpoint": "https://eks.example", "kubeconfig": "[secret]"}
    assert json.loads(r.stdout) == {
        "kumo_outputs": 1,
        "stack": "t-aws",
        "outputs": {"vpc_id": "vpc-1", **cluster},
        "layers": {"data": {"vpc_id": "vpc-1"}, "cluster": cluster},
    }
    # in-cluster is not deployed: its select fails and it is left out
    assert [(p, c[1:3]) for p, c in zip(deployed.projects, deployed.calls, strict=True)] == [
        ("kumo-data", ["stack", "select"]),
        ("kumo-data", ["stack", "output"]),
        ("kumo-data", ["stack", "output"]),
        ("kumo-cluster", ["stack", "select"]),
        ("kumo-cluster", ["stack", "output"]),
        ("kumo-cluster", ["stack", "output"]),
        ("kumo-in-cluster", ["stack", "select"]),
    ]


def test_outputs_of_one_layer(deployed: FakePulumi, kumo) -> None:
    r = kumo("outputs", "t-aws", "--layer", "data", "--json")
    assert r.code == 0, r
    assert json.loads(r.stdout)["layers"] == {"data": {"vpc_id": "vpc-1"}}


def test_outputs_show_secrets(deployed: FakePulumi, kumo) -> None:
    r = kumo("outputs", "t-aws", "--show-secrets", "--json")
    assert json.loads(r.stdout)["outputs"]["kubeconfig"].startswith("apiVersion: v1")


def test_outputs_of_a_stack_never_deployed(fake: FakePulumi, kumo) -> None:
    r = kumo("outputs", "t-aws")
    assert r.code == 2 and "t-aws: no layer of it is deployed (data, cluster, in-cluster)" in r.stderr, r


def test_outputs_need_no_cloud_credentials(deployed: FakePulumi, kumo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    assert kumo("outputs", "t-aws").code == 0


def test_kubeconfig_file_is_private_and_kubectl_reads_it(deployed: FakePulumi, kumo, tmp_path: Path) -> None:
    path = tmp_path / "out" / "kc.yaml"
    r = kumo("kubeconfig", "t-aws", "--file", str(path))
    assert r.code == 0, r
    assert path.stat().st_mode & 0o777 == 0o600
    view = yaml.safe_load(kubectl("config", "view", "-o", "yaml", config=path))
    assert view["current-context"] == "kumo-t-aws"
    assert [c["name"] for c in view["clusters"]] == ["kumo-t-aws"]
    assert view["users"][0]["user"]["exec"]["command"] == "aws"


def test_kubeconfig_merge_keeps_other_contexts(
    deployed: FakePulumi, kumo, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = tmp_path / "kube" / "config"
    config.parent.mkdir()
    config.write_text(
        yaml.safe_dump(
            {
                "apiVersion": "v1",
                "kind": "Config",
                "current-context": "mine",
                "clusters": [{"name": "mine", "cluster": {"server": "https://10.0.0.1"}}],
                "users": [{"name": "me", "user": {"token": "abc"}}],
                "contexts": [{"name": "mine", "context": {"cluster": "mine", "user": "me", "namespace": "dev"}}],
            }
        )
    )
    monkeypatch.setenv("KUBECONFIG", f"{config}{os.pathsep}{tmp_path / 'other'}")
    assert kumo("kubeconfig", "t-aws", "--merge").code == 0
    assert kumo("kubeconfig", "t-gcp", "--merge", "--context", "gke-dev").code == 0
    assert kumo("kubeconfig", "t-aws", "--merge").code == 0  # again: replaces, never duplicates
    contexts = kubectl("config", "get-contexts", "-o", "name", config=config).split()
    assert sorted(contexts) == ["gke-dev", "kumo-t-aws", "mine"]
    assert kubectl("config", "current-context", config=config).strip() == "kumo-t-aws"
    view = yaml.safe_load(kubectl("config", "view", "-o", "yaml", "--raw", config=config))
    assert {u["name"] for u in view["users"]} == {"me", "kumo-t-aws", "gke-dev"}
    mine = next(c for c in view["contexts"] if c["name"] == "mine")["context"]
    assert mine == {"cluster": "mine", "user": "me", "namespace": "dev"}
    gke = next(c for c in view["clusters"] if c["name"] == "gke-dev")["cluster"]
    assert gke["server"] == "https://34.1.2.3"
    assert config.stat().st_mode & 0o777 == 0o600
    assert not (tmp_path / "other").exists()


def test_kubeconfig_merge_defaults_to_home_kube_config(deployed: FakePulumi, kumo) -> None:
    assert kumo("kubeconfig", "t-aws", "--merge").code == 0
    config = Path.home() / ".kube" / "config"
    assert kubectl("config", "current-context", config=config).strip() == "kumo-t-aws"


def test_kubeconfig_to_stdout(deployed: FakePulumi, kumo) -> None:
    r = kumo("kubeconfig", "t-gcp")
    assert r.code == 0, r
    assert yaml.safe_load(r.stdout)["current-context"] == "kumo-t-gcp"


def test_kubeconfig_refuses_to_merge_into_garbage(deployed: FakePulumi, kumo, tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.write_text("- just\n- a list\n")
    r = kumo("kubeconfig", "t-aws", "--merge", "--file", str(bad))
    assert r.code == 2 and "not a kubeconfig" in r.stderr, r
    assert bad.read_text() == "- just\n- a list\n"
