"""`kumo up` / `destroy` / `preview` across the three layers, against the fake Pulumi CLI (one project per layer)."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator

import pytest

from cli import reachability
from tests.cli.fake_pulumi import FakePulumi, step, summary, urn

SG = "aws:ec2/securityGroup:SecurityGroup"
EKS = "aws:eks/cluster:Cluster"
NS = "kubernetes:core/v1:Namespace"
PROJECTS = {"data": "kumo-data", "cluster": "kumo-cluster", "in-cluster": "kumo-in-cluster"}


def resource(layer: str, type_: str, name: str) -> dict:
    return {"urn": urn("t-aws", type_, name, project=PROJECTS[layer]), "type": type_, "custom": True, "id": name}


@pytest.fixture
def listening() -> Iterator[int]:
    """A port on the loopback that answers (a kernel-accepted TCP connection is all the probe asks)."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        yield server.getsockname()[1]


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once it is closed: connecting is refused


def deployed(fake: FakePulumi, port: int, *, public: bool = False, in_cluster: bool = True) -> None:
    """All three layers of t-aws exist; the cluster's endpoint is 127.0.0.1:port."""
    ways = [] if public else ["a runner inside VPC vpc-1", "VPN or peering from api.private_access_cidrs"]
    fake.add_stack("t-aws", resources=[resource("data", SG, "t-aws-nfs")], layer="data", outputs={"vpc_id": "vpc-1"})
    fake.add_stack(
        "t-aws",
        resources=[resource("cluster", EKS, "t-aws")],
        layer="cluster",
        outputs={"api_access": {"public": public, "host": "127.0.0.1", "port": port, "ways_in": ways}},
    )
    if in_cluster:
        fake.add_stack("t-aws", resources=[resource("in-cluster", NS, "t-aws-ns")], layer="in-cluster")


def script_changes(fake: FakePulumi, layer: str, op: str = "create") -> None:
    target = urn("t-aws", SG, f"t-aws-{layer}", project=PROJECTS[layer])
    fake.script("preview", "t-aws", layer=layer, events=[step(op, target, SG), summary({op: 1})])
    fake.script("up", "t-aws", layer=layer, events=[step(op, target, SG, kind="resOutputsEvent"), summary({op: 1})])


# ---------------------------------------------------------------------------------------------------------
# up


def test_up_applies_the_layers_in_order(fake: FakePulumi, kumo, listening: int) -> None:
    deployed(fake, listening)
    for layer in PROJECTS:
        script_changes(fake, layer)
    r = kumo("up", "t-aws", "--yes", "--json")
    assert r.code == 0, r
    assert fake.layer_calls("up") == ["kumo-data/t-aws", "kumo-cluster/t-aws", "kumo-in-cluster/t-aws"]
    # every layer exists: all are previewed and gated first; then each is previewed again right after the
    # layer before it was applied, and applied
    verbs = [(p, c[1]) for p, c in zip(fake.projects, fake.calls, strict=True) if c[1] in ("preview", "up")]
    assert verbs == [
        ("kumo-data", "preview"),
        ("kumo-cluster", "preview"),
        ("kumo-in-cluster", "preview"),
        ("kumo-data", "preview"),
        ("kumo-data", "up"),
        ("kumo-cluster", "preview"),
        ("kumo-cluster", "up"),
        ("kumo-in-cluster", "preview"),
        ("kumo-in-cluster", "up"),
    ]
    assert [(s["layer"], s["status"]) for s in json.loads(r.stdout)["stacks"]] == [
        ("data", "succeeded"),
        ("cluster", "succeeded"),
        ("in-cluster", "succeeded"),
    ]


@pytest.mark.parametrize("command", ["up", "preview", "refresh", "destroy", "outputs"])
def test_unknown_layer(fake: FakePulumi, kumo, monkeypatch: pytest.MonkeyPatch, command: str) -> None:
    """Bad input is reported before any prerequisite is looked for (no Pulumi CLI, no credentials needed)."""
    monkeypatch.setattr("cli.prerequisites.shutil.which", lambda name: None)
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    r = kumo(command, "t-aws", "--layer", "network", *(["--yes"] if command in ("up", "destroy") else []))
    assert r.code == 2, r
    assert "unknown layer 'network': the layers are data, cluster, in-cluster" in r.stderr
    assert fake.calls == []


def test_in_cluster_before_the_cluster_layer_exists(fake: FakePulumi, kumo) -> None:
    fake.add_stack("t-aws", resources=[resource("data", SG, "t-aws-nfs")], layer="data")
    r = kumo("up", "t-aws", "--yes", "--layer", "in-cluster")
    assert r.code == 2, r
    assert "the in-cluster layer reads t-aws/cluster, which has not been applied" in r.stderr
    assert "nothing was changed" in r.stderr
    assert fake.layer_calls("preview") == [] and fake.layer_calls("up") == []


def test_private_endpoint_that_refuses_stops_before_the_in_cluster_layer(fake: FakePulumi, kumo) -> None:
    deployed(fake, closed_port(), in_cluster=False)
    for layer in PROJECTS:
        script_changes(fake, layer)
    r = kumo("up", "t-aws", "--yes")
    assert r.code == 4, r
    assert fake.layer_calls("up") == ["kumo-data/t-aws", "kumo-cluster/t-aws"]
    assert "kumo-in-cluster/t-aws" not in fake.layer_calls("preview")
    assert "t-aws: the cluster's API endpoint 127.0.0.1:" in r.stderr and "does not answer from here" in r.stderr
    assert "the in-cluster layer was not changed" in r.stderr
    assert "a runner inside VPC vpc-1; or VPN or peering from api.private_access_cidrs" in r.stderr


def test_endpoint_that_hangs_is_given_up_on_within_the_timeout(
    fake: FakePulumi, kumo, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    release = threading.Event()

    def hang(*_a: object, **_k: object) -> list:
        release.wait(30)
        raise socket.gaierror("released")

    deployed(fake, 443, in_cluster=False)
    monkeypatch.setattr(reachability.socket, "getaddrinfo", hang)
    monkeypatch.setattr(reachability, "TIMEOUT_S", 0.3)
    try:
        r = kumo("up", "t-aws", "--yes", "--layer", "in-cluster")
    finally:
        release.set()
    assert r.code == 4, r
    assert "no answer from 127.0.0.1:443 within 0.3 s" in r.stderr
    assert fake.layer_calls("preview") == []


def test_a_stateful_replacement_in_a_later_layer_stops_the_run_before_any_change(
    fake: FakePulumi, kumo, listening: int
) -> None:
    deployed(fake, listening)
    for layer in PROJECTS:
        script_changes(fake, layer)
    cluster = urn("t-aws", EKS, "t-aws", project="kumo-cluster")
    fake.script("preview", "t-aws", layer="cluster", events=[step("replace", cluster, EKS), summary({"replace": 1})])
    r = kumo("up", "t-aws", "--yes")
    assert r.code == 3, r
    assert f"t-aws/cluster: would replace {EKS} {cluster} ({EKS} is a stateful type)" in r.stderr
    assert "nothing was changed in this layer or after it" in r.stderr
    assert fake.layer_calls("up") == []  # not even the data layer, whose plan was fine
    assert fake.layer_calls("preview") == ["kumo-data/t-aws", "kumo-cluster/t-aws", "kumo-in-cluster/t-aws"]


def test_one_layer_is_gated_on_its_own(fake: FakePulumi, kumo, listening: int) -> None:
    deployed(fake, listening)
    data = urn("t-aws", "aws:efs/fileSystem:FileSystem", "t-aws-efs", project="kumo-data")
    fake.script(
        "preview",
        "t-aws",
        layer="data",
        events=[step("delete", data, "aws:efs/fileSystem:FileSystem", retain=True), summary({"delete": 1})],
    )
    r = kumo("up", "t-aws", "--yes", "--layer", "data")
    assert r.code == 3, r
    assert f"t-aws/data: would delete aws:efs/fileSystem:FileSystem {data}" in r.stderr
    assert fake.layer_calls("preview") == ["kumo-data/t-aws"] and fake.layer_calls("up") == []


# ---------------------------------------------------------------------------------------------------------
# destroy


def test_destroy_goes_in_reverse_and_keeps_the_data_layer(fake: FakePulumi, kumo, listening: int) -> None:
    deployed(fake, listening)
    r = kumo("destroy", "t-aws", "--yes", "--json")
    assert r.code == 0, r
    assert fake.layer_calls("destroy") == ["kumo-in-cluster/t-aws", "kumo-cluster/t-aws"]
    assert [(s["layer"], s["status"]) for s in json.loads(r.stdout)["stacks"]] == [
        ("in-cluster", "succeeded"),
        ("cluster", "succeeded"),
        ("data", "kept"),
    ]
    assert fake.stacks["kumo-data/t-aws"]["resources"]  # untouched


def test_destroy_delete_data_ends_with_the_data_layer(fake: FakePulumi, kumo, listening: int) -> None:
    deployed(fake, listening)
    r = kumo("destroy", "t-aws", "--yes", "--delete-data")
    assert r.code == 0, r
    assert fake.layer_calls("destroy") == ["kumo-in-cluster/t-aws", "kumo-cluster/t-aws", "kumo-data/t-aws"]


def test_destroying_the_data_layer_needs_delete_data(fake: FakePulumi, kumo, listening: int) -> None:
    deployed(fake, listening)
    r = kumo("destroy", "t-aws", "--yes", "--layer", "data")
    assert r.code == 2, r
    assert "destroying it needs --delete-data" in r.stderr
    assert fake.calls == []


def test_destroying_a_layer_others_depend_on_is_refused(fake: FakePulumi, kumo, listening: int) -> None:
    deployed(fake, listening)
    r = kumo("destroy", "t-aws", "--yes", "--layer", "cluster")
    assert r.code == 2, r
    assert "t-aws/in-cluster still exists and depends on the cluster layer" in r.stderr
    assert fake.layer_calls("destroy") == []


# ---------------------------------------------------------------------------------------------------------
# preview


def test_preview_skips_layers_whose_inputs_do_not_exist_yet(fake: FakePulumi, kumo) -> None:
    r = kumo("preview", "t-aws", "--json")
    assert r.code == 0, r
    stacks = json.loads(r.stdout)["stacks"]
    assert [(s["layer"], s["status"]) for s in stacks] == [
        ("data", "succeeded"),
        ("cluster", "skipped"),
        ("in-cluster", "skipped"),
    ]
    assert stacks[1]["note"] == (
        "reads the data layer, which is not applied yet: `kumo up t-aws` applies the layers in order"
    )
    assert fake.layer_calls("preview") == ["kumo-data/t-aws"]
