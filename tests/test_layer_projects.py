"""The three layer projects as the Pulumi CLI reads them, and the layer rules on every default stack.

No Pulumi CLI runs here, so the project files are checked against the rules the CLI enforces (its source,
sdk/go/common/workspace: project.go validation and paths.go `DetectProjectStackPath`): a project name of
letters, digits, `-`, `_` and `.`; `main` inside the project; no typed declaration of a config key outside
the project's own namespace; the stack file at `<project dir>/<stackConfigDir>/Pulumi.<stack>.yaml`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from components.layers import LAYERS, PROJECTS
from components.stackfiles import list_stacks
from tests.conftest import cached_stack_plan

ROOT = Path(__file__).resolve().parents[1]
NAME = re.compile(r"^[A-Za-z0-9_.-]+$")


@pytest.mark.parametrize("layer", LAYERS)
def test_each_layer_is_a_project_the_pulumi_cli_accepts(layer: str) -> None:
    directory = ROOT / "stacks" / layer
    project = yaml.safe_load((directory / "Pulumi.yaml").read_text())
    assert project["name"] == PROJECTS[layer] and NAME.match(project["name"])
    assert project["runtime"] == {"name": "python", "options": {"toolchain": "pip", "virtualenv": "../../.venv"}}
    assert (directory / project["runtime"]["options"]["virtualenv"]).resolve() == ROOT / ".venv"
    assert "main" not in project and (directory / "__main__.py").is_file()  # the program is the project dir
    assert "config" not in project  # kumo:* keys are outside the project's namespace: no types allowed
    assert (directory / project["stackConfigDir"]).resolve() == ROOT / "stacks"
    for stack in list_stacks():  # every environment's spec file is each layer's stack file
        assert (directory / project["stackConfigDir"] / f"Pulumi.{stack}.yaml").is_file()
    assert (directory / "__main__.py").read_text().splitlines()[-1] == f'run("{layer}")'


def test_the_top_level_project_is_the_legacy_one() -> None:
    project = yaml.safe_load((ROOT / "Pulumi.yaml").read_text())
    assert (project["name"], project["main"], project["stackConfigDir"]) == ("kumo", "stacks/", "stacks")


@pytest.mark.parametrize("stack", ["aws-dev", "aws-prod", "azure-dev", "azure-prod", "gcp-dev", "gcp-prod"])
def test_layer_rules_hold_on_every_default_stack(stack: str) -> None:
    plan = cached_stack_plan(stack)
    assert list(plan.layers) == ["data", "cluster", "in-cluster"]
    for layer in ("data", "cluster"):
        assert not [r.type for r in plan.in_layer(layer) if r.type.startswith(("kubernetes:", "pulumi:providers:k"))]
    assert {r.layer for r in plan.resources if r.type.startswith("kubernetes:")} == {"in-cluster"}
    cluster_layer = {r.urn for r in plan.in_layer("cluster")}
    durable = [r for r in plan.resources if r.custom and r.options["retain_on_delete"]]
    assert durable and {r.layer for r in durable} == {"data"}
    for r in plan.in_layer("data"):
        assert not cluster_layer & plan.all_dependencies(r), r.name
        assert not cluster_layer & {a.urn for a in plan.ancestors(r)}, r.name
    for layer in LAYERS:  # each layer depends only on its own resources (and reads the others' outputs)
        mine = {r.urn for r in plan.in_layer(layer)}
        assert all(plan.dependencies(r) <= mine for r in plan.in_layer(layer)), layer
