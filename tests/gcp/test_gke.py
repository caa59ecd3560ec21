"""The GKE control plane through the offline engine: exact inputs and options of the cluster, the load balancer's
exposure and the block StorageClasses (network: test_network.py; keys: test_keys.py; node pools:
test_node_pools.py; what each layer holds: test_layers.py; API access: test_api_access.py)."""

from __future__ import annotations

import ipaddress

from components.records import Plan
from tests.gcp.conftest import stack_spec
from tests.gcp.helpers import PROJECT, REGION

CLUSTER = "gcp:container/cluster:Cluster"
ZONES3 = [f"{REGION}-b", f"{REGION}-c", f"{REGION}-d"]  # europe-west1 has b, c, d only


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
