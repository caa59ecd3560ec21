"""`kumo migrate` through the front door, against the fake Pulumi CLI: export the legacy single stack,
import one state per layer, keep a private backup, remove the legacy stack."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import LAYERS, REPO
from tests.cli.fake_pulumi import FakePulumi


@pytest.fixture
def real_programs(project: Path) -> Path:
    """The project's layer programs are kumo's own (migrate plans them offline)."""
    for layer in LAYERS:
        shutil.copy(REPO / "stacks" / layer / "__main__.py", project / "stacks" / layer / "__main__.py")
    return project


def legacy_state(project: Path) -> list[dict[str, Any]]:
    """t-aws as one stack of project `kumo` would hold it: every resource the layered program registers,
    addressed in the single project (what `split` reverses)."""
    from components.offline import plan_stack
    from components.stackfiles import load_stack

    plan = plan_stack(load_stack("t-aws", project / "stacks"))

    def old(urn: str | None) -> str | None:
        if urn is None:
            return None
        for project_name in ("kumo-data", "kumo-cluster", "kumo-in-cluster"):
            urn = urn.replace(f"::{project_name}::", "::kumo::")
        return urn.replace("::pulumi:pulumi:Stack$", "::")  # the engine's URNs (the mocks add the root type)

    states: dict[str, dict[str, Any]] = {}
    for r in plan.resources:
        if r.options.get("read"):
            continue
        state = {"urn": old(r.urn), "type": r.type, "custom": r.custom, "parent": old(r.parent)}
        if r.custom:
            state["id"] = f"real-{r.name}"
        if r.provider:
            state["provider"] = f"{old(r.provider.rsplit('::', 1)[0])}::real-provider"
        states.setdefault(str(state["urn"]), state)
    root = "urn:pulumi:t-aws::kumo::pulumi:pulumi:Stack::kumo-t-aws"
    return [{"urn": root, "type": "pulumi:pulumi:Stack", "custom": False}, *states.values()]


def test_migrate_moves_the_legacy_stack_into_three_layers(fake: FakePulumi, kumo, real_programs: Path) -> None:
    fake.stacks["kumo/t-aws"] = {"resources": legacy_state(real_programs), "outputs": {}, "secret": set()}
    r = kumo("migrate", "t-aws", "--yes", "--json")
    assert r.code == 0, r
    imports = [
        (p, c[c.index("--stack") + 1]) for p, c in zip(fake.projects, fake.calls, strict=True) if c[2:3] == ["import"]
    ]
    assert imports == [("kumo-data", "t-aws"), ("kumo-cluster", "t-aws"), ("kumo-in-cluster", "t-aws")]
    assert "kumo/t-aws" not in fake.stacks
    assert ["--non-interactive", "stack", "rm", "--yes", "--force", "--preserve-config", "t-aws"] in fake.calls
    assert (real_programs / "stacks" / "Pulumi.t-aws.yaml").is_file()  # the spec file stays
    cluster = {s["type"]: s for s in fake.stacks["kumo-cluster/t-aws"]["resources"]}
    assert cluster["aws:eks/cluster:Cluster"]["id"] == "real-t-aws"
    assert cluster["aws:eks/cluster:Cluster"]["urn"].startswith("urn:pulumi:t-aws::kumo-cluster::")
    data = {s["type"] for s in fake.stacks["kumo-data/t-aws"]["resources"]}
    assert "aws:efs/fileSystem:FileSystem" in data and "aws:eks/cluster:Cluster" not in data
    document = json.loads(r.stdout)
    backup = Path(document["backup"])
    assert backup.parent == Path.home() / ".kumo" / "backups" and backup.stat().st_mode & 0o777 == 0o600
    assert json.loads(backup.read_text())["deployment"]["resources"] == legacy_state(real_programs)
    assert sum(document["layers"].values()) == len(legacy_state(real_programs)) - 1
    assert "kubectl" not in r.stderr and "`kumo preview t-aws` should show no replacement" in r.stderr


def test_migrate_refuses_when_a_layer_already_holds_resources(fake: FakePulumi, kumo, real_programs: Path) -> None:
    fake.stacks["kumo/t-aws"] = {"resources": legacy_state(real_programs), "outputs": {}, "secret": set()}
    fake.add_stack(
        "t-aws",
        resources=[
            {
                "urn": "urn:pulumi:t-aws::kumo-data::aws:ec2/vpc:Vpc::v",
                "custom": True,
                "type": "aws:ec2/vpc:Vpc",
                "id": "vpc-1",
            }
        ],
        layer="data",
    )
    r = kumo("migrate", "t-aws", "--yes")
    assert r.code == 2, r
    assert "t-aws: the data layer already holds resources; migrating would overwrite it" in r.stderr
    assert fake.imports == [] and "kumo/t-aws" in fake.stacks


def test_migrate_without_a_legacy_stack(fake: FakePulumi, kumo) -> None:
    r = kumo("migrate", "t-aws", "--yes")
    assert r.code == 2, r
    assert "t-aws: project 'kumo' has no such stack: nothing to migrate" in r.stderr
