"""The nodes' identity and the node pools through the offline engine: exact inputs and options
(components/gcp/identity.py, components/gcp/node_pools.py)."""

from __future__ import annotations

import pytest

from components.records import Plan
from tests.gcp.helpers import PROJECT, REGION

POOL = "gcp:container/nodePool:NodePool"
ZONES3 = [f"{REGION}-b", f"{REGION}-c", f"{REGION}-d"]  # europe-west1 has b, c, d only


def test_node_identity_roles(prod_plan: Plan) -> None:
    account = prod_plan.one("gcp:serviceaccount/account:Account", "prod1-nodes").inputs
    assert account["accountId"] == "prod1-nodes"
    members = [m for m in prod_plan.of_type("gcp:projects/iAMMember:IAMMember") if m.name.startswith("prod1-nodes-")]
    assert sorted(m.inputs["role"] for m in members) == sorted(
        [
            "roles/logging.logWriter",
            "roles/monitoring.metricWriter",
            "roles/monitoring.viewer",
            "roles/stackdriver.resourceMetadata.writer",
            "roles/autoscaling.metricsWriter",
            "roles/artifactregistry.reader",
        ]
    )
    assert {m.inputs["member"] for m in members} == {f"serviceAccount:prod1-nodes@{PROJECT}.iam.gserviceaccount.com"}
    assert {m.inputs["project"] for m in members} == {PROJECT}


POOLS = [  # gcp-prod: (pool, machine, min, max, initial per zone, spot, labels, taints)
    (
        "system",
        "n2-standard-4",
        3,
        6,
        1,
        False,
        {"kumo.io/pool": "system"},
        [{"key": "CriticalAddonsOnly", "value": "true", "effect": "NO_SCHEDULE"}],
    ),
    ("general", "n2-standard-8", 3, 12, 1, False, {"kumo.io/pool": "general"}, []),
    # Spot pools also carry AKS's spot label and taint, kumo's one spelling on every cloud (spec/nodes.py).
    (
        "batch",
        "n2-standard-16",
        0,
        10,
        0,
        True,
        {"kumo.io/pool": "batch", "kumo.io/workload": "batch", "kubernetes.azure.com/scalesetpriority": "spot"},
        [
            {"key": "kumo.io/workload", "value": "batch", "effect": "NO_SCHEDULE"},
            {"key": "kubernetes.azure.com/scalesetpriority", "value": "spot", "effect": "NO_SCHEDULE"},
        ],
    ),
]


@pytest.mark.parametrize(("pool", "machine", "lo", "hi", "initial", "spot", "labels", "taints"), POOLS)
def test_node_pool(
    prod_plan: Plan,
    pool: str,
    machine: str,
    lo: int,
    hi: int,
    initial: int,
    spot: bool,
    labels: dict[str, str],
    taints: list[dict[str, str]],
) -> None:
    r = prod_plan.one(POOL, f"prod1-{pool}")
    i = r.inputs
    assert i["name"] == pool and i["location"] == REGION and i["nodeLocations"] == ZONES3
    assert i["cluster"] == f"projects/{PROJECT}/locations/{REGION}/clusters/prod1"
    assert i["initialNodeCount"] == initial
    assert i["autoscaling"] == {
        "totalMinNodeCount": lo,
        "totalMaxNodeCount": hi,
        "locationPolicy": "ANY" if spot else "BALANCED",
    }
    assert "minNodeCount" not in i["autoscaling"] and "nodeCount" not in i
    assert i["management"] == {"autoRepair": True, "autoUpgrade": True}
    assert i["upgradeSettings"] == {"strategy": "SURGE", "maxSurge": 1, "maxUnavailable": 0}
    node = i["nodeConfig"]
    assert node["machineType"] == machine and node["spot"] is spot
    assert node["labels"] == labels and node["taints"] == taints
    assert node["imageType"] == "COS_CONTAINERD" and node["diskSizeGb"] == 100
    assert node["workloadMetadataConfig"] == {"mode": "GKE_METADATA"}
    assert node["shieldedInstanceConfig"] == {"enableSecureBoot": True, "enableIntegrityMonitoring": True}
    assert node["serviceAccount"] == f"prod1-nodes@{PROJECT}.iam.gserviceaccount.com"
    assert node["bootDiskKmsKey"].endswith("/cryptoKeys/disks")
    assert node["metadata"] == {"disable-legacy-endpoints": "true"}
    assert node["resourceLabels"]["kumo-cluster"] == "prod1"
    assert r.options["ignore_changes"] == ["initialNodeCount"]
    deps = set(r.options["depends_on"])
    assert prod_plan.one("gcp:projects/iAMMember:IAMMember", "prod1-nodes-logging-logwriter").urn in deps
    # The disk key's grant and the NAT (egress at boot) are the data layer's: in place before any pool.
    for type_, name in (
        ("gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", "prod1-disks-compute"),
        ("gcp:compute/routerNat:RouterNat", "prod1-nat"),
    ):
        assert prod_plan.one(type_, name).layer == "data"
    assert r.layer == "cluster"


def test_dev_pool_counts_are_per_zone(dev_plan: Plan) -> None:
    apps = dev_plan.one(POOL, "dev1-apps").inputs  # 1..4 nodes over 2 zones
    assert apps["initialNodeCount"] == 1
    assert apps["autoscaling"]["totalMinNodeCount"] == 1 and apps["autoscaling"]["totalMaxNodeCount"] == 4
    assert apps["nodeConfig"]["spot"] is True and apps["nodeConfig"]["machineType"] == "n2-standard-4"
