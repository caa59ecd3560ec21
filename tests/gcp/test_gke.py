"""The GKE environment through the offline engine: exact inputs and options of the network, keys, control
plane, node pools and project services (what each layer holds: test_layers.py; API access: test_api_access.py)."""

from __future__ import annotations

import ipaddress

import pytest

from components.records import Plan
from tests.gcp.conftest import stack_spec
from tests.gcp.helpers import PROJECT, PROJECT_NUMBER, REGION

CLUSTER = "gcp:container/cluster:Cluster"
POOL = "gcp:container/nodePool:NodePool"
ZONES3 = [f"{REGION}-b", f"{REGION}-c", f"{REGION}-d"]  # europe-west1 has b, c, d only
ZONE_LETTERS = ("b", "c", "d")


def test_network(prod_plan: Plan) -> None:
    vpc = prod_plan.one("gcp:compute/network:Network").inputs
    assert (vpc["name"], vpc["autoCreateSubnetworks"], vpc["routingMode"]) == ("prod1-vpc", False, "REGIONAL")
    subnet = prod_plan.one("gcp:compute/subnetwork:Subnetwork", "prod1-nodes").inputs
    assert subnet["network"] == f"projects/{PROJECT}/global/networks/prod1-vpc"
    assert subnet["ipCidrRange"] == "10.20.0.0/16" and subnet["region"] == REGION
    assert subnet["privateIpGoogleAccess"] is True
    assert subnet["secondaryIpRanges"] == [
        {"rangeName": "pods", "ipCidrRange": "10.64.0.0/14"},
        {"rangeName": "services", "ipCidrRange": "10.96.0.0/16"},
    ]


def test_nat_per_zone_has_one_static_address_per_zone(prod_plan: Plan) -> None:
    nat = prod_plan.one("gcp:compute/routerNat:RouterNat").inputs
    assert nat["natIpAllocateOption"] == "MANUAL_ONLY"
    assert nat["natIps"] == [
        f"https://www.googleapis.com/compute/v1/projects/{PROJECT}/regions/{REGION}/addresses/prod1-nat-{z}"
        for z in ZONE_LETTERS
    ]
    assert nat["router"] == "prod1-router"
    assert nat["sourceSubnetworkIpRangesToNat"] == "LIST_OF_SUBNETWORKS"
    assert nat["subnetworks"] == [
        {
            "name": f"projects/{PROJECT}/regions/{REGION}/subnetworks/prod1-nodes",
            "sourceIpRangesToNats": ["ALL_IP_RANGES"],
        }
    ]
    for z in ZONE_LETTERS:
        address = prod_plan.one("gcp:compute/address:Address", f"prod1-nat-{z}").inputs
        assert (address["addressType"], address["region"]) == ("EXTERNAL", REGION)


def test_nat_single_lets_google_allocate(dev_plan: Plan) -> None:
    nat = dev_plan.one("gcp:compute/routerNat:RouterNat").inputs
    assert nat["natIpAllocateOption"] == "AUTO_ONLY" and "natIps" not in nat


def test_cluster_security_settings_private(prod_plan: Plan) -> None:
    c = prod_plan.one(CLUSTER).inputs
    key = f"projects/{PROJECT}/locations/{REGION}/keyRings/"
    assert c["name"] == "prod1" and c["location"] == REGION and c["nodeLocations"] == ZONES3
    assert c["removeDefaultNodePool"] is True and c["initialNodeCount"] == 1.0
    assert c["privateClusterConfig"] == {
        "enablePrivateNodes": True,
        "enablePrivateEndpoint": True,
        "masterIpv4CidrBlock": "172.16.0.0/28",
        "masterGlobalAccessConfig": {"enabled": False},
    }
    # The private IP endpoint admits only the cluster's own ranges (no private_access_cidrs in gcp-prod).
    assert c["masterAuthorizedNetworksConfig"] == {
        "cidrBlocks": [],
        "gcpPublicCidrsAccessEnabled": False,
        "privateEndpointEnforcementEnabled": True,
    }
    assert c["networkingMode"] == "VPC_NATIVE"
    assert c["ipAllocationPolicy"] == {
        "clusterSecondaryRangeName": "pods",
        "servicesSecondaryRangeName": "services",
        "stackType": "IPV4",
    }
    assert c["datapathProvider"] == "ADVANCED_DATAPATH" and "networkPolicy" not in c
    assert c["databaseEncryption"]["state"] == "ENCRYPTED"
    assert c["databaseEncryption"]["keyName"].startswith(key)
    assert c["databaseEncryption"]["keyName"].endswith("/cryptoKeys/secrets")
    assert c["workloadIdentityConfig"] == {"workloadPool": f"{PROJECT}.svc.id.goog"}
    assert c["masterAuth"] == {"clientCertificateConfig": {"issueClientCertificate": False}}
    assert c["enableLegacyAbac"] is False and c["enableKubernetesAlpha"] is False
    assert c["enableShieldedNodes"] is True
    assert c["releaseChannel"] == {"channel": "REGULAR"}
    assert c["minMasterVersion"] == stack_spec("gcp-prod")["kubernetes_version"]
    assert c["loggingConfig"] == {
        "enableComponents": ["SYSTEM_COMPONENTS", "WORKLOADS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER"]
    }
    assert c["monitoringConfig"]["managedPrometheus"] == {"enabled": True}
    assert c["addonsConfig"] == {
        "httpLoadBalancing": {"disabled": False},
        "horizontalPodAutoscaling": {"disabled": False},
        "gcePersistentDiskCsiDriverConfig": {"enabled": True},
        "gcpFilestoreCsiDriverConfig": {"enabled": True},
        "gkeBackupAgentConfig": {"enabled": True},
    }
    assert c["binaryAuthorization"] == {"evaluationMode": "PROJECT_SINGLETON_POLICY_ENFORCE"}
    assert c["deletionProtection"] is True
    assert c["network"] == f"projects/{PROJECT}/global/networks/prod1-vpc"
    assert c["subnetwork"] == f"projects/{PROJECT}/regions/{REGION}/subnetworks/prod1-nodes"


def test_cluster_default_pool_template_is_hardened(prod_plan: Plan) -> None:
    node = prod_plan.one(CLUSTER).inputs["nodeConfig"]
    assert node["serviceAccount"] == f"prod1-nodes@{PROJECT}.iam.gserviceaccount.com"
    assert node["imageType"] == "COS_CONTAINERD"
    assert node["workloadMetadataConfig"] == {"mode": "GKE_METADATA"}
    assert node["shieldedInstanceConfig"] == {"enableSecureBoot": True, "enableIntegrityMonitoring": True}
    assert node["metadata"] == {"disable-legacy-endpoints": "true"}
    assert node["bootDiskKmsKey"].endswith("/cryptoKeys/disks")


def test_cluster_options(prod_plan: Plan) -> None:
    c = prod_plan.one(CLUSTER)
    assert c.options["ignore_changes"] == ["nodeConfig", "initialNodeCount"]
    assert c.options["protect"] is False and c.options["retain_on_delete"] is False
    # The nodes' roles first; the key grants GKE, Compute Engine and Backup for GKE need are the data layer's,
    # applied before.
    roles = {r.urn for r in prod_plan.of_type("gcp:projects/iAMMember:IAMMember") if r.name.startswith("prod1-nodes-")}
    assert roles and roles <= set(c.options["depends_on"])
    for grant in ("prod1-secrets-gke", "prod1-disks-compute", "prod1-disks-gkebackup"):
        assert prod_plan.one("gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", grant).layer == "data"
    assert c.layer == "cluster"
    assert c.options["custom_timeouts"] == {"create": "45m", "update": "60m", "delete": "45m"}


def test_cluster_public_endpoint_is_allow_listed(dev_plan: Plan) -> None:
    c = dev_plan.one(CLUSTER).inputs
    assert c["privateClusterConfig"]["enablePrivateEndpoint"] is False
    assert c["privateClusterConfig"]["enablePrivateNodes"] is True
    assert c["masterAuthorizedNetworksConfig"] == {
        "cidrBlocks": [{"cidrBlock": "203.0.113.0/24", "displayName": "authorized-0"}],
        "gcpPublicCidrsAccessEnabled": False,
    }
    assert c["deletionProtection"] is False
    assert c["nodeLocations"] == ZONES3[:2]


def test_cluster_keys(prod_plan: Plan, dev_plan: Plan) -> None:
    for plan, protect in ((prod_plan, True), (dev_plan, False)):
        name = plan.one(CLUSTER).name
        ring = plan.one("gcp:kms/keyRing:KeyRing", f"{name}-keys")
        assert ring.inputs == {"location": REGION}  # auto-named: key rings can never be deleted
        for key in ("secrets", "disks"):
            r = plan.one("gcp:kms/cryptoKey:CryptoKey", f"{name}-{key}")
            assert r.inputs["name"] == key
            assert r.inputs["rotationPeriod"] == "7776000s"
            assert r.inputs["purpose"] == "ENCRYPT_DECRYPT"
            assert (r.options["protect"], r.options["retain_on_delete"]) == (protect, True)
        assert (ring.options["protect"], ring.options["retain_on_delete"]) == (protect, True)


@pytest.mark.parametrize(
    ("grant", "key", "agent"),
    [
        ("prod1-secrets-gke", "secrets", "container-engine-robot"),
        ("prod1-disks-compute", "disks", "compute-system"),
    ],
)
def test_service_agent_grants(prod_plan: Plan, grant: str, key: str, agent: str) -> None:
    r = prod_plan.one("gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", grant).inputs
    assert r["role"] == "roles/cloudkms.cryptoKeyEncrypterDecrypter"
    assert r["member"] == f"serviceAccount:service-{PROJECT_NUMBER}@{agent}.iam.gserviceaccount.com"
    assert r["cryptoKeyId"].endswith(f"/cryptoKeys/{key}")


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


def test_internal_load_balancer_annotation(prod_plan: Plan) -> None:
    service = prod_plan.one("kubernetes:core/v1:Service")
    assert service.inputs["metadata"]["annotations"] == {"networking.gke.io/load-balancer-type": "Internal"}
    assert "loadBalancerIP" not in service.inputs["spec"]


def test_static_ip_is_a_regional_address_handed_to_the_service(dev_plan: Plan) -> None:
    address = dev_plan.one("gcp:compute/address:Address", "dev1-lb")
    assert address.inputs["region"] == REGION and address.inputs["addressType"] == "EXTERNAL"
    assert address.inputs["networkTier"] == "PREMIUM"
    service = dev_plan.one("kubernetes:core/v1:Service")
    assert service.inputs["metadata"].get("annotations", {}) == {}
    ip = service.inputs["spec"]["loadBalancerIP"]
    ipaddress.ip_address(ip)
    # The address is the cluster layer's; the Service gets it through that layer's outputs.
    assert address.layer == "cluster" and service.layer == "in-cluster"
    assert dev_plan.layers["cluster"].exports["load_balancer"]["load_balancer_ip"] == ip
    assert dev_plan.layers["in-cluster"].exports["load_balancer_address"] == ip


def test_builtin_default_class_is_unmarked(prod_plan: Plan) -> None:
    patch = [r for r in prod_plan.resources if r.type.endswith("StorageClassPatch")]
    assert [p.inputs["metadata"]["name"] for p in patch] == ["standard-rwo"]


def test_block_storage_class_uses_the_disk_key(prod_plan: Plan) -> None:
    classes = {r.inputs["metadata"]["name"]: r for r in prod_plan.of_type("kubernetes:storage.k8s.io/v1:StorageClass")}
    disks = prod_plan.one("gcp:kms/cryptoKey:CryptoKey", "prod1-disks")
    for name in ("kumo-block", "kumo-block-retain"):
        sc = classes[name].inputs
        assert sc["provisioner"] == "pd.csi.storage.gke.io"
        assert sc["parameters"]["type"] == "pd-balanced"
        assert sc["parameters"]["disk-encryption-kms-key"] == disks.id


def test_performance_tier_is_pd_ssd() -> None:
    from components.gcp.storage import block_parameters
    from components.spec import parse_spec

    spec = parse_spec({"storage": {"block": {"tier": "performance"}}}, default_name="p1")
    assert block_parameters(spec, "projects/p/locations/r/keyRings/k/cryptoKeys/disks") == {
        "type": "pd-ssd",
        "disk-encryption-kms-key": "projects/p/locations/r/keyRings/k/cryptoKeys/disks",
    }
