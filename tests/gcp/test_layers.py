"""GCP's layers through the offline engine: what each layer holds (exactly), its outputs, and the line
between them (the cluster layer reads the data layer only through its stack reference)."""

from __future__ import annotations

import json

import pulumi
import pytest

from components.records import Plan
from tests.conftest import cached_spec_plan
from tests.gcp.helpers import PROJECT, REGION, layer_children, parent_name

CLUSTER = "gcp:container/cluster:Cluster"
POOL = "gcp:container/nodePool:NodePool"
ZONE_LETTERS = ("b", "c", "d")  # europe-west1 has b, c, d only
APIS = [
    "compute",
    "container",
    "iam",
    "cloudkms",
    "file",
    "servicenetworking",
    "binaryauthorization",
    "gkebackup",
    "logging",
]
SHARED_APIS = ["workflows", "cloudscheduler", "run"]  # only with a shared store: its backups and its owner job
ROLES = [
    "logging-logwriter",
    "monitoring-metricwriter",
    "monitoring-viewer",
    "stackdriver-resourcemetadata-writer",
    "autoscaling-metricswriter",
    "artifactregistry-reader",
]

Children = set[tuple[str, str, str | None]]


def _data(name: str, nat_zones: list[str], *, shared: bool) -> Children:
    children = {
        ("kumo:gcp:DataLayer", name, None),
        ("pulumi:providers:gcp", f"{name}-gcp", name),
        ("gcp:compute/network:Network", f"{name}-vpc", name),
        ("gcp:compute/subnetwork:Subnetwork", f"{name}-nodes", name),
        ("gcp:compute/router:Router", f"{name}-router", name),
        ("gcp:compute/routerNat:RouterNat", f"{name}-nat", name),
        ("gcp:kms/keyRing:KeyRing", f"{name}-keys", name),
        ("gcp:kms/cryptoKey:CryptoKey", f"{name}-secrets", name),
        ("gcp:kms/cryptoKey:CryptoKey", f"{name}-disks", name),
        ("gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", f"{name}-secrets-gke", name),
        ("gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", f"{name}-disks-compute", name),
        ("gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", f"{name}-disks-gkebackup", name),
        ("gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", f"{name}-disks-gke", name),  # the backup plan's key
        ("gcp:logging/projectBucketConfig:ProjectBucketConfig", f"{name}-logs", name),  # retained audit evidence
        ("gcp:logging/projectSink:ProjectSink", f"{name}-logs", name),
        ("gcp:logging/projectSink:ProjectSink", f"{name}-flow-logs", name),  # LOG-03
    }
    children |= {("gcp:projects/service:Service", f"{name}-api-{api}", name) for api in APIS}
    children |= {("gcp:compute/address:Address", f"{name}-nat-{z}", name) for z in nat_zones}
    # The service agents the keys name, created (with their project role) before any grant names them.
    agents = ["container", "gkebackup", *(["filestore"] if shared else [])]
    children |= {("gcp:projects/serviceIdentity:ServiceIdentity", f"{name}-agent-{a}", name) for a in agents}
    children |= {("gcp:projects/iAMMember:IAMMember", f"{name}-agent-{a}-role", name) for a in agents}
    if not shared:
        return children
    store = f"{name}-shared"
    backup = f"{store}-backup"
    return (
        children
        | {("gcp:projects/service:Service", f"{name}-api-{api}", name) for api in SHARED_APIS}
        | {
            ("kumo:gcp:SharedStorage", store, name),
            ("gcp:kms/keyRing:KeyRing", f"{store}-keys", store),
            ("gcp:kms/cryptoKey:CryptoKey", f"{store}-key", store),
            ("gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", f"{store}-key-filestore", store),
            ("gcp:compute/globalAddress:GlobalAddress", f"{store}-psa", store),
            ("gcp:servicenetworking/connection:Connection", f"{store}-psa", store),
            ("gcp:filestore/instance:Instance", f"{store}-filestore", store),
            ("gcp:compute/subnetwork:Subnetwork", f"{store}-nfs-admin", store),
            ("gcp:serviceaccount/account:Account", f"{store}-owner-sa", store),
            ("gcp:cloudrunv2/job:Job", f"{store}-owner", store),
            ("kumo:gcp:SharedBackups", backup, store),
            ("gcp:projects/iAMCustomRole:IAMCustomRole", f"{backup}-role", backup),
            ("gcp:serviceaccount/account:Account", f"{backup}-sa", backup),
            ("gcp:projects/iAMMember:IAMMember", f"{backup}-sa-files", backup),
            ("gcp:projects/iAMMember:IAMMember", f"{backup}-sa-logging-logwriter", backup),
            ("gcp:serviceaccount/account:Account", f"{backup}-run-sa", backup),
            ("gcp:projects/iAMMember:IAMMember", f"{backup}-run-sa-workflows-invoker", backup),
            ("gcp:workflows/workflow:Workflow", f"{backup}-workflow", backup),
            ("gcp:cloudscheduler/job:Job", f"{backup}-schedule", backup),
        }
    )


def _cluster(name: str, pools: list[str], *, shared: bool, static_ip: bool = False) -> Children:
    children = {
        ("kumo:gcp:ClusterLayer", name, None),
        ("pulumi:providers:gcp", f"{name}-gcp", name),
        ("gcp:serviceaccount/account:Account", f"{name}-nodes", name),
        (CLUSTER, name, name),
        ("gcp:gkebackup/backupPlan:BackupPlan", f"{name}-backup", name),
        # The project's admission policy and Kubernetes API read audit (GOV-01, LOG-04).
        ("gcp:binaryauthorization/policy:Policy", f"{name}-admission", name),
        ("gcp:projects/iAMAuditConfig:IAMAuditConfig", f"{name}-read-audit", name),
    }
    children |= {("gcp:projects/iAMMember:IAMMember", f"{name}-nodes-{role}", name) for role in ROLES}
    children |= {(POOL, f"{name}-{pool}", name) for pool in pools}
    if shared:  # names the node service account: the cluster layer's, though it lives in the data layer's VPC
        children.add(("gcp:compute/firewall:Firewall", f"{name}-shared-nfs-lock", name))
    if static_ip:
        children.add(("gcp:compute/address:Address", f"{name}-lb", name))
    return children


def test_prod_layers_exactly(prod_plan: Plan) -> None:
    assert layer_children(prod_plan, "data") == _data("prod1", list(ZONE_LETTERS), shared=True)
    assert layer_children(prod_plan, "cluster") == _cluster("prod1", ["system", "general", "batch"], shared=True)


def test_dev_layers_exactly(dev_plan: Plan) -> None:
    assert layer_children(dev_plan, "data") == _data("dev1", [], shared=True)
    assert layer_children(dev_plan, "cluster") == _cluster("dev1", ["system", "apps"], shared=True, static_ip=True)


def test_minimal_layers_exactly(minimal_plan: Plan) -> None:
    assert layer_children(minimal_plan, "data") == _data("min1", list(ZONE_LETTERS), shared=False)
    assert layer_children(minimal_plan, "cluster") == _cluster("min1", ["system"], shared=False)


def test_no_gcp_resource_in_the_in_cluster_layer(prod_plan: Plan) -> None:
    assert layer_children(prod_plan, "in-cluster") == set()


def test_every_gcp_resource_uses_its_layers_explicit_provider(prod_plan: Plan) -> None:
    for layer in ("data", "cluster"):
        plan = prod_plan.layers[layer]
        provider = plan.one("pulumi:providers:gcp")
        gcp = [r for r in plan.resources if r.type.startswith("gcp:")]
        assert gcp and all(r.provider == f"{provider.urn}::{provider.id}" for r in gcp), layer


def test_provider_project_region_and_labels(prod_plan: Plan) -> None:
    for layer in ("data", "cluster"):
        inputs = prod_plan.layers[layer].one("pulumi:providers:gcp").inputs
        assert inputs["project"] == PROJECT and inputs["region"] == REGION
        assert json.loads(inputs["defaultLabels"]) == {
            "env": "prod",
            "owner": "platform",
            "data-classification": "internal",
            "kumo-cluster": "prod1",
            "managed-by": "kumo",
        }


def test_invokes_are_the_data_layers(prod_plan: Plan) -> None:
    expected = [
        ("gcp:compute/getZones:getZones", {"project": PROJECT, "region": REGION, "status": "UP"}),
        ("gcp:organizations/getProject:getProject", {"projectId": PROJECT}),
    ]
    assert prod_plan.invokes == expected
    assert prod_plan.layers["data"].invokes == expected


def test_cluster_layer_reads_the_data_layer_only_through_its_outputs(prod_plan: Plan) -> None:
    """No cluster-layer resource names a data-layer URN; what it takes from there comes from the reference."""
    data = {r.urn for r in prod_plan.in_layer("data")}
    reference = prod_plan.layers["cluster"].one("pulumi:pulumi:StackReference")
    assert reference.inputs["name"] == "organization/kumo-data/test"
    for r in prod_plan.in_layer("cluster"):
        assert not prod_plan.dependencies(r) & data, r.name
    cluster = prod_plan.one(CLUSTER)
    for key in ("network", "subnetwork", "nodeLocations", "databaseEncryption"):
        assert reference.urn in cluster.property_dependencies[key], key
    firewall = prod_plan.one("gcp:compute/firewall:Firewall")
    assert reference.urn in firewall.property_dependencies["network"]


def test_no_kubernetes_in_the_data_or_cluster_layer(prod_plan: Plan, minimal_plan: Plan) -> None:
    for plan in (prod_plan, minimal_plan, cached_spec_plan("gcp")):
        for layer in ("data", "cluster"):
            assert not [r.type for r in plan.in_layer(layer) if "kubernetes" in r.type], layer


def test_in_cluster_parts() -> None:
    from components.gcp.layers import in_cluster
    from components.spec import parse_spec

    parts = in_cluster("c1", parse_spec({}, default_name="c1"), None)  # type: ignore[arg-type]
    assert parts.controllers == [] and parts.builtin_default_classes == ["standard-rwo"]


def test_layers_module_exports_the_contract() -> None:
    import components.gcp.layers as layers

    assert layers.DataLayer.__name__ == "DataLayer" and layers.ClusterLayer.__name__ == "ClusterLayer"
    assert sorted(layers.__all__) == ["ClusterLayer", "DataLayer", "in_cluster"]


def test_two_environments_do_not_collide() -> None:
    """Two data layers in one program, and two environments' physical names in one project."""
    from components.gcp.data_layer import DataLayer
    from components.offline import plan_spec, run_program
    from components.spec import parse_spec

    specs = [parse_spec({"name": n, "storage": {"shared": {"size_gb": 1024}}}, default_name=n) for n in ("c1", "c2")]
    config = {"gcp:project": PROJECT, "gcp:region": REGION}
    data = run_program(lambda: [DataLayer(s.name, s) for s in specs], cloud="gcp", stack="two", config=config)
    urns = [r.urn for r in data.resources]
    assert len(urns) == len(set(urns))
    assert {parent_name(data, r) for r in data.of_type("kumo:gcp:SharedStorage")} == {"c1", "c2"}
    physical = [
        (r.type, r.inputs["name"])
        for spec in specs
        for r in plan_spec("gcp", spec, config).resources
        if r.type.startswith("gcp:") and "name" in r.inputs and r.type not in (POOL, "gcp:kms/cryptoKey:CryptoKey")
    ]  # pool and key names are per parent
    assert len(physical) == len(set(physical))


def test_cluster_layer_refuses_a_data_layer_with_other_zones() -> None:
    from components.gcp.cluster_layer import _same_zone_count

    assert _same_zone_count(["r-a", "r-b"], 2) == ["r-a", "r-b"]
    with pytest.raises(
        pulumi.RunError,
        match=r"the data layer has 2 node zone\(s\) \(r-a, r-b\) but "
        r"spec.network.zones is 3: apply the data layer first",
    ):
        _same_zone_count(["r-a", "r-b"], 3)


def test_in_cluster_never_loads_the_google_cloud_sdk() -> None:
    """The in-cluster layer's program imports components.gcp.layers for in_cluster() only."""
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import sys; import components.gcp.layers as layers; "
        "layers.in_cluster('c1', None, None); print('pulumi_gcp' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.stdout.strip() == "False"
