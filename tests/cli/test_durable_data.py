"""Durable data through the front door, against the fake Pulumi CLI: `up` refuses a plan that replaces or
deletes a stateful resource unless --allow-replace names it; `destroy` keeps the data layer and says what it
holds, and deletes it only with --delete-data."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from tests.cli.fake_pulumi import FakePulumi, urn
from tests.cli.operation_steps import (
    ACCESS_POINT,
    DATA,
    EFS,
    EIP,
    EKS,
    PREVIEW,
    SELECT,
    SG,
    STORE,
    UP,
    calls,
    planned,
    script_up,
)

# ---------------------------------------------------------------------------------------------------------
# The gate


def test_gate_refuses_replacing_a_protected_resource(fake: FakePulumi, kumo) -> None:
    eip = urn("t-aws", EIP, "t-aws-lb-a")
    script_up(fake, planned("replace", eip, EIP, protect=True), {"replace": 1})
    r = kumo("up", "t-aws", *DATA, "--yes", "--json")
    assert r.code == 3, r
    assert calls(fake) == [SELECT, PREVIEW]  # nothing was applied
    assert json.loads(r.stdout)["stacks"][0]["violations"] == [
        {"urn": eip, "type": EIP, "op": "replace", "reason": "protected"}
    ]
    assert f"would replace {EIP} {eip} (protected)" in r.stderr
    assert "--allow-replace URN" in r.stderr


def test_gate_allows_a_named_urn(fake: FakePulumi, kumo) -> None:
    cluster = urn("t-aws", EKS, "t-aws")
    script_up(fake, planned("replace", cluster, EKS, protect=True), {"replace": 1})
    r = kumo("up", "t-aws", *DATA, "--yes", "--allow-replace", cluster)
    assert r.code == 0, r
    assert UP in calls(fake)


def test_gate_refuses_deleting_durable_data_under_shared_storage(fake: FakePulumi, kumo) -> None:
    store = urn("t-aws", STORE, "t-aws-shared")
    point = urn("t-aws", ACCESS_POINT, "t-aws-efs-ap", parent_type=STORE)
    script_up(
        fake, [*planned("same", store, STORE), *planned("delete", point, ACCESS_POINT, parent=store)], {"delete": 1}
    )
    r = kumo("up", "t-aws", *DATA, "--yes")
    assert r.code == 3, r
    assert f"would delete {ACCESS_POINT} {point} (durable data under {STORE})" in r.stderr


def test_gate_uses_the_clouds_stateful_types(fake: FakePulumi, kumo) -> None:
    cluster = urn("t-aws", EKS, "t-aws")
    script_up(fake, planned("replace", cluster, EKS), {"replace": 1})
    r = kumo("up", "t-aws", *DATA, "--yes")
    assert r.code == 3, r
    assert f"({EKS} is a stateful type)" in r.stderr


def test_gate_lets_stateless_replacements_through(fake: FakePulumi, kumo) -> None:
    script_up(fake, planned("replace", urn("t-aws", SG, "t-aws-sg"), SG), {"replace": 1})
    assert kumo("up", "t-aws", *DATA, "--yes").code == 0
    assert UP in calls(fake)


# ---------------------------------------------------------------------------------------------------------
# Destroy keeps durable data


def _state() -> list[dict]:
    store = urn("t-aws", STORE, "t-aws-shared")
    return [
        {"urn": urn("t-aws", EKS, "t-aws"), "type": EKS, "custom": True, "id": "t-aws", "protect": False},
        {"urn": store, "type": STORE, "custom": False},
        {
            "urn": urn("t-aws", EFS, "t-aws-efs", STORE),
            "type": EFS,
            "custom": True,
            "id": "fs-1",
            "parent": store,
            "retainOnDelete": True,
        },
        {
            "urn": urn("t-aws", "aws:kms/key:Key", "t-aws-key", STORE),
            "type": "aws:kms/key:Key",
            "custom": True,
            "id": "key-1",
            "parent": store,
            "protect": True,
        },
    ]


def test_destroy_keeps_the_data_layer_and_says_what_it_holds(fake: FakePulumi, kumo) -> None:
    fake.add_stack("t-aws", resources=_state())
    r = kumo("destroy", "t-aws", "--yes", "--json")
    assert r.code == 0, r
    assert [c for c in calls(fake) if c[1] == "destroy"] == []  # no other layer deployed, data kept
    assert fake.imports == []
    stacks = json.loads(r.stdout)["stacks"]
    assert [(s["layer"], s["status"]) for s in stacks] == [
        ("in-cluster", "skipped"),
        ("cluster", "skipped"),
        ("data", "kept"),
    ]
    assert [(k["id"], k["why"]) for k in stacks[2]["kept"]] == [("fs-1", "retain_on_delete"), ("key-1", "protected")]
    assert (
        "kept t-aws/data: the data layer is kept with its 2 durable resources: `kumo up t-aws` uses it again, "
        "`kumo destroy t-aws --delete-data` deletes it"
    ) in r.stderr
    assert "kept: aws:efs/fileSystem:FileSystem t-aws-efs (id fs-1): retain_on_delete" in r.stderr


def test_destroy_delete_data_clears_the_marks_first(fake: FakePulumi, kumo) -> None:
    fake.add_stack("t-aws", resources=_state())
    r = kumo("destroy", "t-aws", "--yes", "--delete-data", "--json")
    assert r.code == 0, r
    assert all(not r.get("protect") and not r.get("retainOnDelete") for r in fake.imports[0]["deployment"]["resources"])
    assert fake.layer_calls("destroy") == ["kumo-data/t-aws"]
    assert "--exclude-protected" not in next(c for c in calls(fake) if c[1] == "destroy")
    data = json.loads(r.stdout)["stacks"][-1]
    assert data["layer"] == "data" and [d["id"] for d in data["deleted_data"]] == ["fs-1", "key-1"]


def test_import_file_is_private_and_removed(fake: FakePulumi, kumo) -> None:
    before = {p for p in Path(tempfile.gettempdir()).iterdir() if p.name.startswith("kumo-state-")}
    fake.add_stack("t-aws", resources=_state())
    assert kumo("destroy", "t-aws", "--yes", "--delete-data").code == 0
    after = {p for p in Path(tempfile.gettempdir()).iterdir() if p.name.startswith("kumo-state-")}
    assert after == before
