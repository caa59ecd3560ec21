"""Moving single-stack environments from before layers into the three layer stacks (components/migration.py).

The fixtures in tests/fixtures/legacy_state/ are the states of the three prod stacks as kumo 0.1.0 (one stack
per environment, project `kumo`) registered them under the offline engine, in `pulumi stack export` shape
(ids, parents, providers, dependencies, protect/retain; inputs left out). What this proves: every resource
lands in one layer's state at the URN the layered program registers, with its id and its protection, in an
order Pulumi accepts, so `pulumi up` of each layer finds it and plans no replacement. What it does not:
that a real backend accepts the import (the fake CLI in tests/cli stands in for it).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from components.migration import MigrationError, engine_urn, problems, split
from tests.conftest import cached_stack_plan

FIXTURES = Path(__file__).parent / "fixtures" / "legacy_state"
STORES = {  # the durable store of each prod stack: type and name, unchanged by layers
    "aws-prod": ("aws:efs/fileSystem:FileSystem", "aws-prod-shared-efs"),
    "azure-prod": ("azure-native:storage:FileShare", "azure-prod-shared-share"),
    "gcp-prod": ("gcp:filestore/instance:Instance", "gcp-prod-shared-filestore"),
}


def legacy(stack: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{stack}.json").read_text())


def by_name(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r["type"], r["urn"].rsplit("::", 1)[1]): r for r in document["deployment"]["resources"]}


@pytest.mark.parametrize("stack", sorted(STORES))
def test_the_shared_store_moves_to_the_data_layer_unreplaced(stack: str) -> None:
    plan = cached_stack_plan(stack)
    migration = split(legacy(stack), plan.layers, stack)
    type_, name = STORES[stack]
    old = by_name(legacy(stack))[(type_, name)]
    new = plan.one(type_, name)
    assert new.layer == "data"
    moved = by_name(migration.deployments["data"])[(type_, name)]
    assert moved["urn"] == engine_urn(new.urn)
    cloud = stack.split("-")[0]
    assert moved["urn"] == f"urn:pulumi:{stack}::kumo-data::kumo:{cloud}:SharedStorage${type_}::{name}"
    assert (
        moved["parent"]
        == f"urn:pulumi:{stack}::kumo-data::kumo:{cloud}:DataLayer$kumo:{cloud}:SharedStorage::{stack}-shared"
    )
    assert (moved["id"], moved.get("protect"), moved.get("retainOnDelete")) == (old["id"], True, True)
    assert migration.layer_of[old["urn"]] == "data"


@pytest.mark.parametrize("stack", sorted(STORES))
def test_every_resource_with_cloud_state_keeps_its_id_in_its_layer(stack: str) -> None:
    plan = cached_stack_plan(stack)
    migration = split(legacy(stack), plan.layers, stack)
    old = by_name(legacy(stack))
    for layer, document in migration.deployments.items():
        assert problems(document) == [], layer
        states = by_name(document)
        for r in plan.in_layer(layer):
            if r.custom and (r.type, r.name) in old:
                assert states[(r.type, r.name)]["urn"] == engine_urn(r.urn)
                assert states[(r.type, r.name)]["id"] == old[(r.type, r.name)]["id"], r.name
    custom = [r for r in legacy(stack)["deployment"]["resources"] if r.get("custom")]
    # nothing with cloud state is left behind: moved, or forgotten on purpose (never deleted)
    assert {r["urn"] for r in custom} <= set(migration.moved) | set(migration.forgotten)
    dropped_types = {urn.split("::")[2].rsplit("$", 1)[-1] for urn in migration.dropped}
    assert all(t.startswith("kumo:") for t in dropped_types), dropped_types  # only old components


@pytest.mark.parametrize("stack", sorted(STORES))
def test_no_state_points_into_another_layer(stack: str) -> None:
    migration = split(legacy(stack), cached_stack_plan(stack).layers, stack)
    projects = {"data": "kumo-data", "cluster": "kumo-cluster", "in-cluster": "kumo-in-cluster"}
    for layer, document in migration.deployments.items():
        for state in document["deployment"]["resources"]:
            refs = [
                state.get("parent"),
                str(state.get("provider") or "").rsplit("::", 1)[0],
                *state.get("dependencies", []),
                *(d for v in state.get("propertyDependencies", {}).values() for d in v),
            ]
            for ref in filter(None, refs):
                assert f"::{projects[layer]}::" in ref, (state["urn"], ref)


def test_a_resource_with_no_place_stops_the_migration() -> None:
    document = legacy("aws-prod")
    document["deployment"]["resources"].append(
        {
            "urn": "urn:pulumi:aws-prod::kumo::kumo:aws:EksCluster$aws:s3/bucket:Bucket::aws-prod-logs",
            "type": "aws:s3/bucket:Bucket",
            "custom": True,
            "id": "aws-prod-logs",
        }
    )
    with pytest.raises(
        MigrationError,
        match=r"have no place in the layered program \(they would be deleted\): "
        r"urn:pulumi:aws-prod::kumo::kumo:aws:EksCluster\$aws:s3/bucket:Bucket"
        r"::aws-prod-logs$",
    ):
        split(document, cached_stack_plan("aws-prod").layers, "aws-prod")


def test_provider_ids_are_carried_to_every_layer_that_uses_the_provider() -> None:
    document = legacy("aws-prod")
    providers = [r for r in document["deployment"]["resources"] if r["type"] == "pulumi:providers:aws"]
    assert len(providers) == 1
    providers[0]["id"] = "6f1c2d5e-real-provider-id"
    migration = split(document, cached_stack_plan("aws-prod").layers, "aws-prod")
    for layer in ("data", "cluster"):
        states = migration.deployments[layer]["deployment"]["resources"]
        uses = {
            s["provider"] for s in states if s.get("provider", "").startswith(f"urn:pulumi:aws-prod::kumo-{layer}::")
        }
        assert uses and all(u.endswith("::6f1c2d5e-real-provider-id") for u in uses), (layer, uses)


def test_urns_are_written_as_the_engine_computes_them() -> None:
    """Pulumi's mocks put the root stack's type in its children's URNs; the engine does not."""
    assert (
        engine_urn("urn:pulumi:p::kumo-data::pulumi:pulumi:Stack$kumo:aws:DataLayer::p")
        == "urn:pulumi:p::kumo-data::kumo:aws:DataLayer::p"
    )
    assert (
        engine_urn("urn:pulumi:p::kumo-data::pulumi:pulumi:Stack$kumo:aws:DataLayer$aws:ec2/vpc:Vpc::p-vpc")
        == "urn:pulumi:p::kumo-data::kumo:aws:DataLayer$aws:ec2/vpc:Vpc::p-vpc"
    )
    assert (
        engine_urn("urn:pulumi:p::kumo-data::pulumi:pulumi:Stack::kumo-data-p")
        == "urn:pulumi:p::kumo-data::pulumi:pulumi:Stack::kumo-data-p"
    )
    assert (
        engine_urn("urn:pulumi:p::kumo-data::aws:ec2/vpc:Vpc::a::b") == "urn:pulumi:p::kumo-data::aws:ec2/vpc:Vpc::a::b"
    )


def test_migrated_states_carry_no_mock_only_urn() -> None:
    migration = split(legacy("gcp-prod"), cached_stack_plan("gcp-prod").layers, "gcp-prod")
    text = json.dumps(migration.deployments)
    assert "pulumi:pulumi:Stack$" not in text


def test_retired_autoscaler_tags_are_forgotten_not_deleted() -> None:
    """EKS owns the autoscaler discovery tags on node-group ASGs: the legacy records are left out of every
    layer's state (deleting them would strip EKS's tags), and nothing else is."""
    migration = split(legacy("aws-prod"), cached_stack_plan("aws-prod").layers, "aws-prod")
    assert sorted(u.rsplit("::", 1)[1] for u in migration.forgotten) == [
        "aws-prod-batch-asg-enabled",
        "aws-prod-batch-asg-owner",
        "aws-prod-general-asg-enabled",
        "aws-prod-general-asg-owner",
        "aws-prod-system-asg-enabled",
        "aws-prod-system-asg-owner",
    ]
    states = json.dumps(migration.deployments)
    assert "asg-enabled" not in states and "asg-owner" not in states
    assert split(legacy("gcp-prod"), cached_stack_plan("gcp-prod").layers, "gcp-prod").forgotten == []
