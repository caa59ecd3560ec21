"""`kumo plan` on the checked-in dev stacks: the equivalence report, complete (one plan run, reused)."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

import cli.app
from tests.cli.conftest import REPO

FEATURES = {  # the features compared within each layer (the JSON sorts the keys)
    "dev/data": ["zones", "network", "shared_storage"],
    "dev/cluster": [
        "node_pools",
        "capacity",
        "kubernetes_version",
        "api",
        "deletion_protection",
        "encryption",
        "security",
    ],
    "dev/in-cluster": ["storage_classes", "load_balancer", "app"],
}


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("plan") / "plan.json"
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        import contextlib
        import io

        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            code = cli.app.main(["plan", "aws-dev", "azure-dev", "gcp-dev", "--json"])
        assert code == 0
        out.write_text(buffer.getvalue())
    finally:
        os.chdir(cwd)
    return json.loads(out.read_text())


def test_one_entry_per_stack_and_layer(document: dict[str, Any]) -> None:
    assert [(s["stack"], s["layer"]) for s in document["stacks"]] == [
        (stack, layer) for stack in ("aws-dev", "azure-dev", "gcp-dev") for layer in ("data", "cluster", "in-cluster")
    ]
    for entry in document["stacks"]:
        projects = {r["urn"].split("::")[1] for r in entry["resources"]}
        assert projects == {f"kumo-{entry['layer']}"}, entry["stack"]
        assert entry["summary"]["resource_count"] == len(entry["resources"])


def test_dev_stacks_are_equivalent_layer_by_layer(document: dict[str, Any]) -> None:
    groups = document["equivalence"]["groups"]
    assert sorted(groups) == sorted(FEATURES)  # JSON keys are sorted (dev/cluster, dev/data, dev/in-cluster)
    for name, features in FEATURES.items():
        group = groups[name]
        assert group["stacks"] == ["aws-dev", "azure-dev", "gcp-dev"]
        assert (group["environment"], group["layer"]) == tuple(name.split("/"))
        assert sorted(group["features"]) == sorted(features)
        assert {f: d["differences"] for f, d in group["features"].items()} == {f: [] for f in features}
        assert group["equivalent"] is True


def test_pools_carry_every_compared_field(document: dict[str, Any]) -> None:
    pools = document["equivalence"]["groups"]["dev/cluster"]["features"]["node_pools"]["values"]["gcp-dev"]
    # Read back from gcp-dev's planned node pools (rows by name), not from the spec.
    assert [
        (p["name"], p["vcpu"], p["memory_gib"], p["min_nodes"], p["max_nodes"], p["spot"], p["taints"]) for p in pools
    ] == [
        ("apps", 4, 16, 1, 4, True, ["kubernetes.azure.com/scalesetpriority=spot:NoSchedule"]),
        ("system", 2, 8, 2, 3, False, []),
    ]
    assert pools[0]["labels"] == {
        "kumo.io/pool": "apps",
        "kumo.io/workload": "apps",
        "kubernetes.azure.com/scalesetpriority": "spot",
    }
    assert "cloud_labels" not in pools[0]  # what GKE puts on Spot nodes itself is shown, not compared:
    [summary] = [s["summary"] for s in document["stacks"] if (s["stack"], s["layer"]) == ("gcp-dev", "cluster")]
    assert summary["node_pools"][0]["cloud_labels"] == {
        "cloud.google.com/gke-spot": "true",
        "cloud.google.com/gke-provisioning": "spot",
    }


def test_encryption_and_security_come_from_the_rule_engine(document: dict[str, Any]) -> None:
    features = document["equivalence"]["groups"]["dev/cluster"]["features"]
    for stack in ("aws-dev", "azure-dev", "gcp-dev"):
        assert features["encryption"]["values"][stack] == {
            "ENC-01": "pass",
            "ENC-03": "pass",
            "ENC-04": "pass",
            "ENC-05": "pass",
            "ENC-06": "pass",
        }, stack
        assert features["security"]["values"][stack] == {
            "failed": [],  # DATA-03 included: gcp-dev's share has scheduled Filestore backups
            "waived": ["DATA-01", "NET-01", "NET-07", "NET-08", "REL-04"],
        }, stack
    summaries = {s["stack"]: s["summary"]["security"] for s in document["stacks"] if s["layer"] == "cluster"}
    assert summaries["aws-dev"]["statuses"]["NODE-01"] == "n/a"  # secure boot needs a custom AMI on EKS
    assert summaries["azure-dev"]["statuses"]["IAM-03"] == "n/a"  # AKS has no IMDS knob
