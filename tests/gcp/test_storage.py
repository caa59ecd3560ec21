"""The durable shared store on GCP: Filestore outside the cluster's lifecycle, encrypted, exported narrowly, and
handed to the app's user by a one-shot job."""

from __future__ import annotations

import pytest

from components.records import Plan
from tests.gcp.helpers import PROJECT, PROJECT_NUMBER, REGION, parent_name

FILESTORE = "gcp:filestore/instance:Instance"
DURABLE = [
    ("gcp:kms/keyRing:KeyRing", "keys"),
    ("gcp:kms/cryptoKey:CryptoKey", "key"),
    ("gcp:compute/globalAddress:GlobalAddress", "psa"),
    ("gcp:servicenetworking/connection:Connection", "psa"),
    (FILESTORE, "filestore"),
]


def test_filestore_instance(prod_plan: Plan) -> None:
    i = prod_plan.one(FILESTORE).inputs
    assert i["name"] == "prod1-shared"
    assert i["tier"] == "ZONAL"  # takes a customer-managed key and 2560 GiB (10 x 256)
    assert i["location"] == f"{REGION}-b"  # zonal: the first node zone
    assert i["fileShares"] == {
        "name": "kumo",
        "capacityGb": 2560,
        "nfsExportOptions": [
            # Only the owner job's admin subnetwork without root squash; the node range with it; no pod range.
            {"ipRanges": ["172.18.0.0/26"], "accessMode": "READ_WRITE", "squashMode": "NO_ROOT_SQUASH"},
            {"ipRanges": ["10.20.0.0/16"], "accessMode": "READ_WRITE", "squashMode": "ROOT_SQUASH"},
        ],
    }
    assert i["networks"] == [
        {
            "network": "prod1-vpc",
            "modes": ["MODE_IPV4"],
            "connectMode": "PRIVATE_SERVICE_ACCESS",
            "reservedIpRange": "prod1-shared-psa",
        }
    ]
    assert i["kmsKeyName"] == f"projects/{PROJECT}/locations/{REGION}/keyRings/prod1-shared-keys/cryptoKeys/shared"
    assert i["deletionProtectionEnabled"] is True
    assert i["labels"] == {"stateful": "true"}  # GOV-03: the `up` gate finds durable data by it


def test_dev_store_is_zonal_and_not_deletion_protected(dev_plan: Plan) -> None:
    i = dev_plan.one(FILESTORE).inputs
    assert (i["tier"], i["fileShares"]["capacityGb"]) == ("ZONAL", 1024)
    assert i["kmsKeyName"] == f"projects/{PROJECT}/locations/{REGION}/keyRings/dev1-shared-keys/cryptoKeys/shared"
    assert i["deletionProtectionEnabled"] is False and "deletionProtectionReason" not in i


@pytest.mark.parametrize(("fixture", "protect", "retain"), [("prod_plan", True, True), ("dev_plan", False, True)])
def test_durable_resources_carry_the_spec_options(
    request: pytest.FixtureRequest, fixture: str, protect: bool, retain: bool
) -> None:
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
    assert (a["purpose"], a["addressType"], a["address"], a["prefixLength"]) == (
        "VPC_PEERING",
        "INTERNAL",
        "172.17.0.0",
        24,
    )
    c = prod_plan.one("gcp:servicenetworking/connection:Connection").inputs
    assert c["service"] == "servicenetworking.googleapis.com"
    assert c["reservedPeeringRanges"] == ["prod1-shared-psa"]


def test_static_volume_points_at_the_instance(prod_plan: Plan) -> None:
    pv = prod_plan.one("kubernetes:core/v1:PersistentVolume").inputs["spec"]
    assert pv["csi"] == {
        "driver": "filestore.csi.storage.gke.io",
        "volumeHandle": f"modeInstance/{REGION}-b/prod1-shared/kumo",
        "volumeAttributes": {"ip": "172.17.0.2", "volume": "kumo"},
    }
    assert pv["capacity"] == {"storage": "2560Gi"}
    assert pv["persistentVolumeReclaimPolicy"] == "Retain"


def test_shared_class_parameters(prod_plan: Plan) -> None:
    sc = next(
        r
        for r in prod_plan.of_type("kubernetes:storage.k8s.io/v1:StorageClass")
        if r.inputs["metadata"]["name"] == "kumo-shared"
    ).inputs
    assert sc["provisioner"] == "filestore.csi.storage.gke.io"
    assert sc["parameters"] == {
        "tier": "zonal",
        "network": "prod1-vpc",
        "connect-mode": "PRIVATE_SERVICE_ACCESS",
        "reserved-ip-range": "prod1-shared-psa",
        "instance-encryption-kms-key": f"projects/{PROJECT}/locations/{REGION}/keyRings/prod1-shared-keys/"
        "cryptoKeys/shared",
    }


def test_no_shared_store_without_spec(minimal_plan: Plan) -> None:
    assert minimal_plan.of_type("kumo:gcp:SharedStorage") == []
    assert minimal_plan.of_type(FILESTORE) == []
    assert minimal_plan.of_type("kubernetes:core/v1:PersistentVolume") == []


def test_nfs_lock_firewall_admits_only_filestore_to_the_nodes(prod_plan: Plan) -> None:
    fw = prod_plan.one("gcp:compute/firewall:Firewall")
    assert fw.inputs["direction"] == "INGRESS" and fw.inputs["sourceRanges"] == ["172.17.0.0/24"]
    assert fw.inputs["targetServiceAccounts"] == [f"prod1-nodes@{PROJECT}.iam.gserviceaccount.com"]
    assert fw.inputs["allows"] == [
        {"protocol": "tcp", "ports": ["111", "2046", "4045"]},
        {"protocol": "udp", "ports": ["111", "2046", "4045"]},
    ]
    # It names the node service account, a cluster identity: the cluster layer's, in the data layer's VPC.
    assert fw.layer == "cluster" and fw.name == "prod1-shared-nfs-lock"
    assert fw.inputs["network"] == f"projects/{PROJECT}/global/networks/prod1-vpc"
    assert (
        prod_plan.one("gcp:serviceaccount/account:Account", "prod1-nodes").urn
        in fw.property_dependencies["targetServiceAccounts"]
    )


def test_no_nfs_lock_firewall_without_shared_store(minimal_plan: Plan) -> None:
    assert minimal_plan.of_type("gcp:compute/firewall:Firewall") == []


OWNER_JOB = "gcp:cloudrunv2/job:Job"
ADMIN_SUBNET = "gcp:compute/subnetwork:Subnetwork"


def test_owner_job_hands_the_share_root_to_the_app_user(prod_plan: Plan) -> None:
    job = prod_plan.one(OWNER_JOB, "prod1-shared-owner")
    i = job.inputs
    assert (i["name"], i["location"], i["runExecutionToken"], i["deletionProtection"]) == (
        "prod1-shared-owner",
        REGION,
        "10101-10101",  # the app's uid-gid: new ids run the job again ("kumo-1" while they were 101:101)
        False,
    )
    template = i["template"]["template"]
    [container] = template["containers"]
    assert container["image"] == "docker.io/library/busybox:1.37.0"
    assert (container["commands"], container["args"]) == (
        ["/bin/sh"],
        [
            "-c",
            'set -e; set -- $(ls -ldn /mnt/share); case "$3:$4" in 0:0|10101:10101) ;; '
            "*) chown -hR 10101:10101 /mnt/share ;; esac; "
            "chown 10101:10101 /mnt/share; chmod 2770 /mnt/share; ls -ldn /mnt/share",
        ],
    )
    # Re-owning a large tree takes time: an hour a try, and Pulumi waits for all four tries.
    assert (template["timeout"], template["maxRetries"]) == ("3600s", 3)
    assert job.options["custom_timeouts"] == {"create": "250m", "update": "250m"}
    assert container["volumeMounts"] == [{"name": "share", "mountPath": "/mnt/share"}]
    assert template["volumes"] == [
        {"name": "share", "nfs": {"server": "172.17.0.2", "path": "/kumo", "readOnly": False}}
    ]
    assert template["vpcAccess"] == {
        "networkInterfaces": [
            {"subnetwork": f"projects/{PROJECT}/regions/{REGION}/subnetworks/prod1-shared-nfs-admin"}
        ],
        "egress": "PRIVATE_RANGES_ONLY",
    }
    assert template["executionEnvironment"] == "EXECUTION_ENVIRONMENT_GEN2"
    assert template["serviceAccount"] == f"prod1-shared-own@{PROJECT}.iam.gserviceaccount.com"
    # It runs once the instance exists, from the admin subnetwork.
    deps = prod_plan.all_dependencies(job)
    assert {prod_plan.one(FILESTORE).urn, prod_plan.one(ADMIN_SUBNET, "prod1-shared-nfs-admin").urn} <= deps
    assert job.layer == "data"


def test_owner_job_identity_has_no_roles(prod_plan: Plan) -> None:
    account = prod_plan.one("gcp:serviceaccount/account:Account", "prod1-shared-owner-sa")
    email = f"prod1-shared-own@{PROJECT}.iam.gserviceaccount.com"
    granted = [
        r.name
        for r in prod_plan.of_type("gcp:projects/iAMMember:IAMMember")
        if r.inputs.get("member") == f"serviceAccount:{email}"
    ]
    assert account.inputs["accountId"] == "prod1-shared-own" and granted == []


def test_admin_subnetwork_is_the_no_root_squash_range_and_nothing_else_uses_it(prod_plan: Plan) -> None:
    subnet = prod_plan.one(ADMIN_SUBNET, "prod1-shared-nfs-admin")
    assert (subnet.inputs["ipCidrRange"], subnet.inputs["region"]) == ("172.18.0.0/26", REGION)
    assert subnet.inputs["network"] == f"projects/{PROJECT}/global/networks/prod1-vpc"
    exports = prod_plan.one(FILESTORE).inputs["fileShares"]["nfsExportOptions"]
    unsquashed = [r for e in exports if e["squashMode"] == "NO_ROOT_SQUASH" for r in e["ipRanges"]]
    assert unsquashed == [subnet.inputs["ipCidrRange"]]
    # No node pool, cluster or NAT draws on it: only the owner job's network interface names it (and the sink
    # that keeps its flow logs, LOG-03, names it in its filter).
    users = [r.name for r in prod_plan.resources if subnet.urn in prod_plan.dependencies(r)]
    assert users == ["prod1-flow-logs", "prod1-shared-owner"]


def test_nodes_and_pods_never_mount_without_root_squash(prod_plan: Plan) -> None:
    """Root in a pod reaches the share only squashed: its node's range is squashed, its own range not exported."""
    import ipaddress

    exports = prod_plan.one(FILESTORE).inputs["fileShares"]["nfsExportOptions"]
    nodes = prod_plan.one(ADMIN_SUBNET, "prod1-nodes").inputs
    cluster_ranges = [nodes["ipCidrRange"], *(r["ipCidrRange"] for r in nodes["secondaryIpRanges"])]
    for export in exports:
        for cidr in export["ipRanges"]:
            overlaps = [c for c in cluster_ranges if ipaddress.ip_network(c).overlaps(ipaddress.ip_network(cidr))]
            if overlaps:
                assert (export["squashMode"], overlaps) == ("ROOT_SQUASH", [nodes["ipCidrRange"]])
    assert "anonUid" not in str(exports) and "anonGid" not in str(exports)  # root is never mapped to the app
