"""The stateful-resource gate's table (cli/gate.py), without a Pulumi run: which planned steps `kumo up`
refuses, what `kumo destroy` keeps, and each cloud's stateful types. (Moved from test_doctor_and_units.py.)"""

from __future__ import annotations

import pytest

from cli import gate
from tests.conftest import cached_stack_plan

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
