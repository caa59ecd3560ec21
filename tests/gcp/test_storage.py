"""The durable shared store on GCP: Filestore outside the cluster's lifecycle, encrypted, exported narrowly."""

from __future__ import annotations

import pytest

from components.offline import Plan
from tests.gcp.helpers import PROJECT, PROJECT_NUMBER, REGION, parent_name

FILESTORE = "gcp:filestore/instance:Instance"
DURABLE = [("gcp:kms/keyRing:KeyRing", "keys"), ("gcp:kms/cryptoKey:CryptoKey", "key"),
           ("gcp:compute/globalAddress:GlobalAddress", "psa"),
           ("gcp:servicenetworking/connection:Connection", "psa"), (FILESTORE, "filestore")]


def test_filestore_instance(prod_plan: Plan) -> None:
    i = prod_plan.one(FILESTORE).inputs
    assert i["name"] == "prod1-shared"
    assert i["tier"] == "BASIC_SSD"  # 2560 GiB meets BASIC_SSD's minimum
    assert i["location"] == f"{REGION}-b"  # basic tiers are zonal: the first node zone
    assert i["fileShares"] == {"name": "kumo", "capacityGb": 2560, "nfsExportOptions": [{
        "ipRanges": ["10.20.0.0/16", "10.64.0.0/14"], "accessMode": "READ_WRITE", "squashMode": "ROOT_SQUASH"}]}
    assert i["networks"] == [{"network": "prod1-vpc", "modes": ["MODE_IPV4"],
                              "connectMode": "PRIVATE_SERVICE_ACCESS", "reservedIpRange": "prod1-shared-psa"}]
    assert i["kmsKeyName"] == f"projects/{PROJECT}/locations/{REGION}/keyRings/prod1-shared-keys/cryptoKeys/shared"
    assert i["deletionProtectionEnabled"] is True
    assert i["labels"] == {"stateful": "true"}  # GOV-03: the `up` gate finds durable data by it


def test_dev_store_is_basic_hdd_and_not_deletion_protected(dev_plan: Plan) -> None:
    i = dev_plan.one(FILESTORE).inputs
    assert (i["tier"], i["fileShares"]["capacityGb"]) == ("BASIC_HDD", 1024)
    assert i["deletionProtectionEnabled"] is False and "deletionProtectionReason" not in i


@pytest.mark.parametrize(("fixture", "protect", "retain"), [("prod_plan", True, True), ("dev_plan", False, True)])
def test_durable_resources_carry_the_spec_options(request: pytest.FixtureRequest, fixture: str, protect: bool,
                                                  retain: bool) -> None:
    plan: Plan = request.getfixturevalue(fixture)
    name = plan.one("gcp:container/cluster:Cluster").name
    for type_, suffix in DURABLE:
        r = plan.one(type_, f"{name}-shared-{suffix}")
        assert (r.options["protect"], r.options["retain_on_delete"]) == (protect, retain), r.name


def test_retain_on_delete_can_be_turned_off() -> None:
    from tests.gcp.conftest import plan_raw

    plan = plan_raw({"storage": {"shared": {"size_gb": 1024, "retain_on_delete": False}}}, "r1")
    assert plan.one(FILESTORE).options["retain_on_delete"] is False
    assert plan.one("gcp:kms/cryptoKey:CryptoKey", "r1-shared-key").options["retain_on_delete"] is False


def test_store_is_outside_the_cluster_lifecycle(prod_plan: Plan) -> None:
    cluster = prod_plan.one("gcp:container/cluster:Cluster")
    pools = {r.urn for r in prod_plan.of_type("gcp:container/nodePool:NodePool")}
    component = prod_plan.one("kumo:gcp:SharedStorage")
    assert parent_name(prod_plan, component) == "prod1"
    assert prod_plan.by_urn(component.parent or "").type == "kumo:gcp:DataLayer"
    vpc = prod_plan.one("gcp:compute/network:Network").urn
    for r in [component, *(r for r in prod_plan.resources if r.parent == component.urn)]:
        assert r.layer == "data", r.name  # another stack than the cluster's: destroying that one never reaches it
        assert cluster.urn not in {a.urn for a in prod_plan.ancestors(r)}
        deps = prod_plan.all_dependencies(r)
        assert cluster.urn not in deps and not deps & pools, r.name
    assert vpc in prod_plan.all_dependencies(prod_plan.one(FILESTORE))


def test_data_layer_destroy_order_is_filestore_peering_vpc(prod_plan: Plan) -> None:
    """Pulumi deletes dependents first: the instance, then the peering and its range, then the VPC."""
    filestore = prod_plan.one(FILESTORE)
    peering = prod_plan.one("gcp:servicenetworking/connection:Connection")
    psa = prod_plan.one("gcp:compute/globalAddress:GlobalAddress")
    vpc = prod_plan.one("gcp:compute/network:Network").urn
    assert {peering.urn, vpc} <= prod_plan.all_dependencies(filestore)
    assert {psa.urn, vpc} <= prod_plan.all_dependencies(peering)
    assert {r.layer for r in (filestore, peering, psa, prod_plan.by_urn(vpc))} == {"data"}


def test_filestore_waits_for_its_key_grant_and_peering(prod_plan: Plan) -> None:
    deps = set(prod_plan.one(FILESTORE).options["depends_on"])
    assert prod_plan.one("gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", "prod1-shared-key-filestore").urn in deps
    assert prod_plan.one("gcp:servicenetworking/connection:Connection").urn in deps


def test_filestore_key_grant(prod_plan: Plan) -> None:
    g = prod_plan.one("gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", "prod1-shared-key-filestore").inputs
    assert g["member"] == f"serviceAccount:service-{PROJECT_NUMBER}@cloud-filer.iam.gserviceaccount.com"
    assert g["role"] == "roles/cloudkms.cryptoKeyEncrypterDecrypter"
    key = prod_plan.one("gcp:kms/cryptoKey:CryptoKey", "prod1-shared-key").inputs
    assert key["rotationPeriod"] == "7776000s"
    assert key["labels"] == {"stateful": "true"}
    ring = prod_plan.one("gcp:kms/keyRing:KeyRing", "prod1-shared-keys").inputs
    assert ring == {"name": "prod1-shared-keys", "location": REGION}


def test_private_services_access_range(prod_plan: Plan) -> None:
    a = prod_plan.one("gcp:compute/globalAddress:GlobalAddress").inputs
    assert (a["purpose"], a["addressType"], a["address"], a["prefixLength"]) == ("VPC_PEERING", "INTERNAL",
                                                                                 "172.17.0.0", 24)
    c = prod_plan.one("gcp:servicenetworking/connection:Connection").inputs
    assert c["service"] == "servicenetworking.googleapis.com"
    assert c["reservedPeeringRanges"] == ["prod1-shared-psa"]


def test_static_volume_points_at_the_instance(prod_plan: Plan) -> None:
    pv = prod_plan.one("kubernetes:core/v1:PersistentVolume").inputs["spec"]
    assert pv["csi"] == {"driver": "filestore.csi.storage.gke.io",
                         "volumeHandle": f"modeInstance/{REGION}-b/prod1-shared/kumo",
                         "volumeAttributes": {"ip": "172.17.0.2", "volume": "kumo"}}
    assert pv["capacity"] == {"storage": "2560Gi"}
    assert pv["persistentVolumeReclaimPolicy"] == "Retain"


def test_shared_class_parameters(prod_plan: Plan) -> None:
    sc = next(r for r in prod_plan.of_type("kubernetes:storage.k8s.io/v1:StorageClass")
              if r.inputs["metadata"]["name"] == "kumo-shared").inputs
    assert sc["provisioner"] == "filestore.csi.storage.gke.io"
    assert sc["parameters"] == {
        "tier": "premium", "network": "prod1-vpc", "connect-mode": "PRIVATE_SERVICE_ACCESS",
        "reserved-ip-range": "prod1-shared-psa",
        "instance-encryption-kms-key": f"projects/{PROJECT}/locations/{REGION}/keyRings/prod1-shared-keys/"
                                       "cryptoKeys/shared"}


def test_no_shared_store_without_spec(minimal_plan: Plan) -> None:
    assert minimal_plan.of_type("kumo:gcp:SharedStorage") == []
    assert minimal_plan.of_type(FILESTORE) == []
    assert minimal_plan.of_type("kubernetes:core/v1:PersistentVolume") == []


def test_nfs_lock_firewall_admits_only_filestore_to_the_nodes(prod_plan: Plan) -> None:
    fw = prod_plan.one("gcp:compute/firewall:Firewall")
    assert fw.inputs["direction"] == "INGRESS" and fw.inputs["sourceRanges"] == ["172.17.0.0/24"]
    assert fw.inputs["targetServiceAccounts"] == [f"prod1-nodes@{PROJECT}.iam.gserviceaccount.com"]
    assert fw.inputs["allows"] == [{"protocol": "tcp", "ports": ["111", "2046", "4045"]},
                                   {"protocol": "udp", "ports": ["111", "2046", "4045"]}]
    # It names the node service account, a cluster identity: the cluster layer's, in the data layer's VPC.
    assert fw.layer == "cluster" and fw.name == "prod1-shared-nfs-lock"
    assert fw.inputs["network"] == f"projects/{PROJECT}/global/networks/prod1-vpc"
    assert prod_plan.one("gcp:serviceaccount/account:Account", "prod1-nodes").urn in fw.property_dependencies[
        "targetServiceAccounts"]


def test_no_nfs_lock_firewall_without_shared_store(minimal_plan: Plan) -> None:
    assert minimal_plan.of_type("gcp:compute/firewall:Firewall") == []
