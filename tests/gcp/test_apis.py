"""The project's APIs: all enabled by the data layer, never disabled; each resource finds its APIs on first."""

from __future__ import annotations

import pytest

from components.records import Plan
from tests.gcp.helpers import PROJECT

CLUSTER = "gcp:container/cluster:Cluster"
POOL = "gcp:container/nodePool:NodePool"
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

SERVICE = "gcp:projects/service:Service"


def test_apis_are_enabled_and_never_disabled(prod_plan: Plan) -> None:
    services = {r.name: r.inputs for r in prod_plan.of_type(SERVICE)}
    assert services == {
        f"prod1-api-{api}": {
            "project": PROJECT,
            "service": f"{api}.googleapis.com",
            "disableOnDestroy": False,
            "disableDependentServices": False,
        }
        for api in APIS + SHARED_APIS
    }


def test_a_cluster_without_shared_store_enables_no_backup_apis(minimal_plan: Plan) -> None:
    assert sorted(r.name for r in minimal_plan.of_type(SERVICE)) == sorted(f"min1-api-{api}" for api in APIS)


# Which API each kind of resource waits for (terraform-google-kubernetes-engine's activate_apis). The data
# layer enables them all; its own resources wait for theirs in the stack.
DATA_NEEDS = [
    ("gcp:compute/network:Network", "prod1-vpc", {"compute"}),
    ("gcp:compute/subnetwork:Subnetwork", "prod1-nodes", {"compute"}),
    ("gcp:compute/routerNat:RouterNat", "prod1-nat", {"compute"}),
    ("gcp:kms/keyRing:KeyRing", "prod1-keys", {"cloudkms"}),
    ("gcp:kms/cryptoKey:CryptoKey", "prod1-secrets", {"cloudkms"}),
    # Compute Engine's agent cannot be created on request: it exists once the Compute Engine API is on.
    ("gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", "prod1-disks-compute", {"cloudkms", "compute"}),
    ("gcp:projects/serviceIdentity:ServiceIdentity", "prod1-agent-container", {"container"}),
    ("gcp:projects/serviceIdentity:ServiceIdentity", "prod1-agent-gkebackup", {"gkebackup"}),
    ("gcp:projects/serviceIdentity:ServiceIdentity", "prod1-agent-filestore", {"file"}),
    ("gcp:projects/iAMMember:IAMMember", "prod1-agent-filestore-role", {"file"}),
    ("gcp:kms/cryptoKey:CryptoKey", "prod1-shared-key", {"cloudkms"}),
    ("gcp:compute/globalAddress:GlobalAddress", "prod1-shared-psa", {"compute"}),
    ("gcp:servicenetworking/connection:Connection", "prod1-shared-psa", {"servicenetworking"}),
    ("gcp:filestore/instance:Instance", "prod1-shared-filestore", {"file"}),
    ("gcp:compute/subnetwork:Subnetwork", "prod1-shared-nfs-admin", {"compute"}),
    ("gcp:serviceaccount/account:Account", "prod1-shared-owner-sa", {"iam"}),
    ("gcp:cloudrunv2/job:Job", "prod1-shared-owner", {"run"}),
    ("gcp:projects/iAMCustomRole:IAMCustomRole", "prod1-shared-backup-role", {"iam"}),
    ("gcp:serviceaccount/account:Account", "prod1-shared-backup-sa", {"iam"}),
    ("gcp:projects/iAMMember:IAMMember", "prod1-shared-backup-run-sa-workflows-invoker", {"iam"}),
    ("gcp:workflows/workflow:Workflow", "prod1-shared-backup-workflow", {"workflows"}),
    ("gcp:cloudscheduler/job:Job", "prod1-shared-backup-schedule", {"cloudscheduler"}),
    ("gcp:logging/projectBucketConfig:ProjectBucketConfig", "prod1-logs", {"logging"}),
    ("gcp:logging/projectSink:ProjectSink", "prod1-logs", {"logging"}),
]
# The cluster layer's resources call APIs the data layer enabled: applied first, so they wait by layer order.
CLUSTER_NEEDS = [
    ("gcp:serviceaccount/account:Account", "prod1-nodes", {"iam"}),
    ("gcp:projects/iAMMember:IAMMember", "prod1-nodes-logging-logwriter", {"iam"}),
    (CLUSTER, "prod1", {"container", "compute", "binaryauthorization", "gkebackup", "logging"}),
    ("gcp:gkebackup/backupPlan:BackupPlan", "prod1-backup", {"gkebackup"}),
    ("gcp:compute/firewall:Firewall", "prod1-shared-nfs-lock", {"compute"}),
    (POOL, "prod1-system", {"container"}),
]


@pytest.mark.parametrize(("type_", "name", "apis"), DATA_NEEDS)
def test_data_resources_wait_for_their_apis(prod_plan: Plan, type_: str, name: str, apis: set[str]) -> None:
    services = {r.urn: r.name.removeprefix("prod1-api-") for r in prod_plan.of_type(SERVICE)}
    r = prod_plan.one(type_, name)
    assert r.layer == "data"
    assert {services[d] for d in r.options["depends_on"] if d in services} == apis


@pytest.mark.parametrize(("type_", "name", "apis"), CLUSTER_NEEDS)
def test_cluster_resources_find_their_apis_enabled(prod_plan: Plan, type_: str, name: str, apis: set[str]) -> None:
    enabled = {r.name.removeprefix("prod1-api-") for r in prod_plan.of_type(SERVICE) if r.layer == "data"}
    assert prod_plan.one(type_, name).layer == "cluster"
    assert apis <= enabled


def test_every_data_resource_but_the_apis_waits_for_one(prod_plan: Plan) -> None:
    services = {r.urn for r in prod_plan.of_type(SERVICE)}
    assert {r.layer for r in prod_plan.of_type(SERVICE)} == {"data"}
    waiting = [
        r.name
        for r in prod_plan.in_layer("data")
        if r.type.startswith("gcp:") and r.type != SERVICE and not services & set(r.options["depends_on"])
    ]
    assert waiting == []
