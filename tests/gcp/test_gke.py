"""GkeCluster through the offline engine: exact children, inputs and options."""

from __future__ import annotations

import base64
import ipaddress
import json

import pytest

from components.offline import Plan
from tests.gcp.helpers import PROJECT, PROJECT_NUMBER, REGION, gcp_children, parent_name

CLUSTER = "gcp:container/cluster:Cluster"
POOL = "gcp:container/nodePool:NodePool"
ZONES3 = [f"{REGION}-b", f"{REGION}-c", f"{REGION}-d"]  # europe-west1 has b, c, d only
ZONE_LETTERS = ("b", "c", "d")
APIS = ["compute", "container", "iam", "cloudkms", "file", "servicenetworking", "binaryauthorization", "gkebackup",
        "logging"]
SHARED_APIS = ["workflows", "cloudscheduler"]  # only with a shared store: its scheduled backups
ROLES = ["logging-logwriter", "monitoring-metricwriter", "monitoring-viewer",
         "stackdriver-resourcemetadata-writer", "autoscaling-metricswriter", "artifactregistry-reader"]


def _base(name: str, pools: list[str], nat_zones: list[str]) -> set[tuple[str, str, str | None]]:
    children = {
        ("kumo:gcp:GkeCluster", name, None),
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
        ("gcp:serviceaccount/account:Account", f"{name}-nodes", name),
        (CLUSTER, name, name),
        ("gcp:logging/projectBucketConfig:ProjectBucketConfig", f"{name}-logs", name),
        ("gcp:logging/projectSink:ProjectSink", f"{name}-logs", name),
        ("gcp:gkebackup/backupPlan:BackupPlan", f"{name}-backup", name),
    }
    children |= {("gcp:projects/service:Service", f"{name}-api-{api}", name) for api in APIS}
    children |= {("gcp:projects/iAMMember:IAMMember", f"{name}-nodes-{role}", name) for role in ROLES}
    children |= {(POOL, f"{name}-{pool}", name) for pool in pools}
    children |= {("gcp:compute/address:Address", f"{name}-nat-{z}", name) for z in nat_zones}
    return children


def _shared(name: str) -> set[tuple[str, str, str | None]]:
    store = f"{name}-shared"
    backup = f"{store}-backup"
    return {("gcp:projects/service:Service", f"{name}-api-{api}", name) for api in SHARED_APIS} | {
        ("kumo:gcp:SharedBackups", backup, store),
        ("gcp:projects/iAMCustomRole:IAMCustomRole", f"{backup}-role", backup),
        ("gcp:serviceaccount/account:Account", f"{backup}-sa", backup),
        ("gcp:projects/iAMMember:IAMMember", f"{backup}-sa-files", backup),
        ("gcp:projects/iAMMember:IAMMember", f"{backup}-sa-logging-logwriter", backup),
        ("gcp:serviceaccount/account:Account", f"{backup}-run-sa", backup),
        ("gcp:projects/iAMMember:IAMMember", f"{backup}-run-sa-workflows-invoker", backup),
        ("gcp:workflows/workflow:Workflow", f"{backup}-workflow", backup),
        ("gcp:cloudscheduler/job:Job", f"{backup}-schedule", backup),
        ("kumo:gcp:SharedStorage", store, name),
        ("gcp:kms/keyRing:KeyRing", f"{store}-keys", store),
        ("gcp:kms/cryptoKey:CryptoKey", f"{store}-key", store),
        ("gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", f"{store}-key-filestore", store),
        ("gcp:compute/globalAddress:GlobalAddress", f"{store}-psa", store),
        ("gcp:servicenetworking/connection:Connection", f"{store}-psa", store),
        ("gcp:filestore/instance:Instance", f"{store}-filestore", store),
        ("gcp:compute/firewall:Firewall", f"{store}-nfs-lock", store),
    }


def test_prod_children_exactly(prod_plan: Plan) -> None:
    expected = _base("prod1", ["system", "general", "batch"], list(ZONE_LETTERS)) | _shared("prod1")
    assert gcp_children(prod_plan) == expected


def test_dev_children_exactly(dev_plan: Plan) -> None:
    expected = _base("dev1", ["system", "apps"], []) | _shared("dev1")
    expected.add(("gcp:compute/address:Address", "dev1-lb", "dev1"))
    assert gcp_children(dev_plan) == expected


def test_minimal_children_exactly(minimal_plan: Plan) -> None:
    assert gcp_children(minimal_plan) == _base("min1", ["system"], list(ZONE_LETTERS))


def test_every_gcp_resource_uses_the_explicit_provider(prod_plan: Plan) -> None:
    provider = prod_plan.one("pulumi:providers:gcp")
    ref = f"{provider.urn}::{provider.id}"
    gcp = [r for r in prod_plan.resources if r.type.startswith("gcp:")]
    assert gcp and all(r.provider == ref for r in gcp)


def test_provider_project_region_and_labels(prod_plan: Plan) -> None:
    inputs = prod_plan.one("pulumi:providers:gcp").inputs
    assert inputs["project"] == PROJECT and inputs["region"] == REGION
    assert json.loads(inputs["defaultLabels"]) == {"env": "prod", "owner": "platform",
                                                   "data-classification": "internal",
                                                   "kumo-cluster": "prod1", "managed-by": "kumo"}


def test_invokes(prod_plan: Plan) -> None:
    assert prod_plan.invokes == [
        ("gcp:compute/getZones:getZones", {"project": PROJECT, "region": REGION, "status": "UP"}),
        ("gcp:organizations/getProject:getProject", {"projectId": PROJECT}),
    ]


def test_network(prod_plan: Plan) -> None:
    vpc = prod_plan.one("gcp:compute/network:Network").inputs
    assert (vpc["name"], vpc["autoCreateSubnetworks"], vpc["routingMode"]) == ("prod1-vpc", False, "REGIONAL")
    subnet = prod_plan.one("gcp:compute/subnetwork:Subnetwork").inputs
    assert subnet["network"] == f"projects/{PROJECT}/global/networks/prod1-vpc"
    assert subnet["ipCidrRange"] == "10.20.0.0/16" and subnet["region"] == REGION
    assert subnet["privateIpGoogleAccess"] is True
    assert subnet["secondaryIpRanges"] == [{"rangeName": "pods", "ipCidrRange": "10.64.0.0/14"},
                                           {"rangeName": "services", "ipCidrRange": "10.96.0.0/16"}]


def test_nat_per_zone_has_one_static_address_per_zone(prod_plan: Plan) -> None:
    nat = prod_plan.one("gcp:compute/routerNat:RouterNat").inputs
    assert nat["natIpAllocateOption"] == "MANUAL_ONLY"
    assert nat["natIps"] == [f"https://www.googleapis.com/compute/v1/projects/{PROJECT}/regions/{REGION}/"
                             f"addresses/prod1-nat-{z}" for z in ZONE_LETTERS]
    assert nat["router"] == "prod1-router"
    assert nat["sourceSubnetworkIpRangesToNat"] == "LIST_OF_SUBNETWORKS"
    assert nat["subnetworks"] == [{"name": f"projects/{PROJECT}/regions/{REGION}/subnetworks/prod1-nodes",
                                   "sourceIpRangesToNats": ["ALL_IP_RANGES"]}]
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
    assert c["privateClusterConfig"] == {"enablePrivateNodes": True, "enablePrivateEndpoint": True,
                                         "masterIpv4CidrBlock": "172.16.0.0/28",
                                         "masterGlobalAccessConfig": {"enabled": False}}
    assert c["masterAuthorizedNetworksConfig"] == {"cidrBlocks": [], "gcpPublicCidrsAccessEnabled": False}
    assert c["networkingMode"] == "VPC_NATIVE"
    assert c["ipAllocationPolicy"] == {"clusterSecondaryRangeName": "pods",
                                       "servicesSecondaryRangeName": "services", "stackType": "IPV4"}
    assert c["datapathProvider"] == "ADVANCED_DATAPATH" and "networkPolicy" not in c
    assert c["databaseEncryption"]["state"] == "ENCRYPTED"
    assert c["databaseEncryption"]["keyName"].startswith(key)
    assert c["databaseEncryption"]["keyName"].endswith("/cryptoKeys/secrets")
    assert c["workloadIdentityConfig"] == {"workloadPool": f"{PROJECT}.svc.id.goog"}
    assert c["masterAuth"] == {"clientCertificateConfig": {"issueClientCertificate": False}}
    assert c["enableLegacyAbac"] is False and c["enableKubernetesAlpha"] is False
    assert c["enableShieldedNodes"] is True
    assert c["releaseChannel"] == {"channel": "REGULAR"}
    assert c["minMasterVersion"] == "1.33"
    assert c["loggingConfig"] == {"enableComponents": ["SYSTEM_COMPONENTS", "WORKLOADS", "APISERVER",
                                                       "CONTROLLER_MANAGER", "SCHEDULER"]}
    assert c["monitoringConfig"]["managedPrometheus"] == {"enabled": True}
    assert c["addonsConfig"] == {"httpLoadBalancing": {"disabled": False},
                                 "horizontalPodAutoscaling": {"disabled": False},
                                 "gcePersistentDiskCsiDriverConfig": {"enabled": True},
                                 "gcpFilestoreCsiDriverConfig": {"enabled": True},
                                 "gkeBackupAgentConfig": {"enabled": True}}
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
    grants = {prod_plan.one("gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", n).urn
              for n in ("prod1-secrets-gke", "prod1-disks-compute")}
    assert grants <= set(c.options["depends_on"])
    assert c.options["custom_timeouts"] == {"create": "45m", "update": "60m", "delete": "45m"}


def test_cluster_public_endpoint_is_allow_listed(dev_plan: Plan) -> None:
    c = dev_plan.one(CLUSTER).inputs
    assert c["privateClusterConfig"]["enablePrivateEndpoint"] is False
    assert c["privateClusterConfig"]["enablePrivateNodes"] is True
    assert c["masterAuthorizedNetworksConfig"] == {
        "cidrBlocks": [{"cidrBlock": "203.0.113.0/24", "displayName": "authorized-0"}],
        "gcpPublicCidrsAccessEnabled": False}
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


@pytest.mark.parametrize(("grant", "key", "agent"), [
    ("prod1-secrets-gke", "secrets", "container-engine-robot"),
    ("prod1-disks-compute", "disks", "compute-system"),
])
def test_service_agent_grants(prod_plan: Plan, grant: str, key: str, agent: str) -> None:
    r = prod_plan.one("gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", grant).inputs
    assert r["role"] == "roles/cloudkms.cryptoKeyEncrypterDecrypter"
    assert r["member"] == f"serviceAccount:service-{PROJECT_NUMBER}@{agent}.iam.gserviceaccount.com"
    assert r["cryptoKeyId"].endswith(f"/cryptoKeys/{key}")


def test_node_identity_roles(prod_plan: Plan) -> None:
    account = prod_plan.one("gcp:serviceaccount/account:Account", "prod1-nodes").inputs
    assert account["accountId"] == "prod1-nodes"
    members = [m for m in prod_plan.of_type("gcp:projects/iAMMember:IAMMember") if m.name.startswith("prod1-nodes-")]
    assert sorted(m.inputs["role"] for m in members) == sorted([
        "roles/logging.logWriter", "roles/monitoring.metricWriter", "roles/monitoring.viewer",
        "roles/stackdriver.resourceMetadata.writer", "roles/autoscaling.metricsWriter",
        "roles/artifactregistry.reader"])
    assert {m.inputs["member"] for m in members} == {f"serviceAccount:prod1-nodes@{PROJECT}.iam.gserviceaccount.com"}
    assert {m.inputs["project"] for m in members} == {PROJECT}


POOLS = [  # gcp-prod: (pool, machine, min, max, initial per zone, spot, labels, taints)
    ("system", "n2-standard-4", 3, 6, 1, False, {"kumo.io/pool": "system"},
     [{"key": "CriticalAddonsOnly", "value": "true", "effect": "NO_SCHEDULE"}]),
    ("general", "n2-standard-8", 3, 12, 1, False, {"kumo.io/pool": "general"}, []),
    # Spot pools also carry AKS's spot label and taint, kumo's one spelling on every cloud (spec/nodes.py).
    ("batch", "n2-standard-16", 0, 10, 0, True, {"kumo.io/pool": "batch", "kumo.io/workload": "batch",
                                                  "kubernetes.azure.com/scalesetpriority": "spot"},
     [{"key": "kumo.io/workload", "value": "batch", "effect": "NO_SCHEDULE"},
      {"key": "kubernetes.azure.com/scalesetpriority", "value": "spot", "effect": "NO_SCHEDULE"}]),
]


@pytest.mark.parametrize(("pool", "machine", "lo", "hi", "initial", "spot", "labels", "taints"), POOLS)
def test_node_pool(prod_plan: Plan, pool: str, machine: str, lo: int, hi: int, initial: int, spot: bool,
                   labels: dict[str, str], taints: list[dict[str, str]]) -> None:
    r = prod_plan.one(POOL, f"prod1-{pool}")
    i = r.inputs
    assert i["name"] == pool and i["location"] == REGION and i["nodeLocations"] == ZONES3
    assert i["cluster"] == f"projects/{PROJECT}/locations/{REGION}/clusters/prod1"
    assert i["initialNodeCount"] == initial
    assert i["autoscaling"] == {"totalMinNodeCount": lo, "totalMaxNodeCount": hi,
                                "locationPolicy": "ANY" if spot else "BALANCED"}
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
    assert prod_plan.one("gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", "prod1-disks-compute").urn in deps
    assert prod_plan.one("gcp:compute/routerNat:RouterNat").urn in deps


def test_dev_pool_counts_are_per_zone(dev_plan: Plan) -> None:
    apps = dev_plan.one(POOL, "dev1-apps").inputs  # 1..4 nodes over 2 zones
    assert apps["initialNodeCount"] == 1
    assert apps["autoscaling"]["totalMinNodeCount"] == 1 and apps["autoscaling"]["totalMaxNodeCount"] == 4
    assert apps["nodeConfig"]["spot"] is True and apps["nodeConfig"]["machineType"] == "n2-standard-4"


def test_kubeconfig_is_exec_based_and_secret(prod_plan: Plan) -> None:
    component = prod_plan.one("kumo:gcp:GkeCluster")
    outputs = prod_plan.outputs[component.urn]
    endpoint = outputs["endpoint"]
    ipaddress.ip_address(endpoint)  # a bare IP, not a URL
    assert endpoint == "172.16.0.2"  # the private endpoint, in the /28
    config = json.loads(outputs["kubeconfig"])
    cluster = config["clusters"][0]["cluster"]
    assert cluster["server"] == f"https://{endpoint}"
    assert base64.b64decode(cluster["certificate-authority-data"]).startswith(b"-----BEGIN CERTIFICATE-----")
    user = config["users"][0]["user"]
    assert set(user) == {"exec"}  # no token, no client certificate
    assert user["exec"]["command"] == "gke-gcloud-auth-plugin"
    assert user["exec"]["apiVersion"] == "client.authentication.k8s.io/v1beta1"
    assert config["current-context"] == f"gke_{PROJECT}_{REGION}_prod1"
    provider = prod_plan.one("pulumi:providers:kubernetes")
    assert "kubeconfig" in provider.secret_paths


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
    assert address.urn in service.property_dependencies["spec"]
    outputs = dev_plan.outputs[dev_plan.one("kumo:gcp:GkeCluster").urn]
    assert outputs["load_balancer_address"] == ip


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
    from components.gcp.storage import block_class
    from components.spec import parse_spec

    spec = parse_spec({"storage": {"block": {"tier": "performance"}}}, default_name="p1")
    assert block_class(spec, "projects/p/locations/r/keyRings/k/cryptoKeys/disks").parameters == {
        "type": "pd-ssd", "disk-encryption-kms-key": "projects/p/locations/r/keyRings/k/cryptoKeys/disks"}


def test_two_clusters_in_one_program_do_not_collide() -> None:
    from components.gcp.gke import GkeCluster
    from components.offline import run_program
    from components.spec import parse_spec

    specs = [parse_spec({"name": n, "storage": {"shared": {"size_gb": 1024}}}, default_name=n) for n in ("c1", "c2")]
    plan = run_program(lambda: [GkeCluster(s.name, s) for s in specs], cloud="gcp", stack="two",
                       config={"gcp:project": PROJECT, "gcp:region": REGION})
    urns = [r.urn for r in plan.resources]
    assert len(urns) == len(set(urns))
    physical = [(r.type, r.inputs["name"]) for r in plan.resources if r.type.startswith("gcp:") and "name" in r.inputs
                and r.type not in (POOL, "gcp:kms/cryptoKey:CryptoKey")]  # pool and key names are per parent
    assert len(physical) == len(set(physical))
    assert {parent_name(plan, r) for r in plan.of_type(CLUSTER)} == {"c1", "c2"}


SERVICE = "gcp:projects/service:Service"


def test_apis_are_enabled_and_never_disabled(prod_plan: Plan) -> None:
    services = {r.name: r.inputs for r in prod_plan.of_type(SERVICE)}
    assert services == {f"prod1-api-{api}": {"project": PROJECT, "service": f"{api}.googleapis.com",
                                             "disableOnDestroy": False, "disableDependentServices": False}
                        for api in APIS + SHARED_APIS}


def test_a_cluster_without_shared_store_enables_no_backup_apis(minimal_plan: Plan) -> None:
    assert sorted(r.name for r in minimal_plan.of_type(SERVICE)) == sorted(f"min1-api-{api}" for api in APIS)


# Which API each kind of resource waits for (terraform-google-kubernetes-engine's activate_apis).
NEEDS = [
    ("gcp:compute/network:Network", "prod1-vpc", {"compute"}),
    ("gcp:compute/subnetwork:Subnetwork", "prod1-nodes", {"compute"}),
    ("gcp:compute/routerNat:RouterNat", "prod1-nat", {"compute"}),
    ("gcp:kms/keyRing:KeyRing", "prod1-keys", {"cloudkms"}),
    ("gcp:kms/cryptoKey:CryptoKey", "prod1-secrets", {"cloudkms"}),
    ("gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", "prod1-disks-compute", {"cloudkms"}),
    ("gcp:serviceaccount/account:Account", "prod1-nodes", {"iam"}),
    ("gcp:projects/iAMMember:IAMMember", "prod1-nodes-logging-logwriter", {"iam"}),
    (CLUSTER, "prod1", {"container", "compute", "binaryauthorization", "gkebackup", "logging"}),
    ("gcp:logging/projectBucketConfig:ProjectBucketConfig", "prod1-logs", {"logging"}),
    ("gcp:logging/projectSink:ProjectSink", "prod1-logs", {"logging"}),
    ("gcp:gkebackup/backupPlan:BackupPlan", "prod1-backup", {"gkebackup"}),
    ("gcp:kms/cryptoKey:CryptoKey", "prod1-shared-key", {"cloudkms"}),
    ("gcp:compute/globalAddress:GlobalAddress", "prod1-shared-psa", {"compute"}),
    ("gcp:servicenetworking/connection:Connection", "prod1-shared-psa", {"servicenetworking"}),
    ("gcp:compute/firewall:Firewall", "prod1-shared-nfs-lock", {"compute"}),
    ("gcp:filestore/instance:Instance", "prod1-shared-filestore", {"file"}),
    ("gcp:projects/iAMCustomRole:IAMCustomRole", "prod1-shared-backup-role", {"iam"}),
    ("gcp:serviceaccount/account:Account", "prod1-shared-backup-sa", {"iam"}),
    ("gcp:projects/iAMMember:IAMMember", "prod1-shared-backup-run-sa-workflows-invoker", {"iam"}),
    ("gcp:workflows/workflow:Workflow", "prod1-shared-backup-workflow", {"workflows"}),
    ("gcp:cloudscheduler/job:Job", "prod1-shared-backup-schedule", {"cloudscheduler"}),
]


@pytest.mark.parametrize(("type_", "name", "apis"), NEEDS)
def test_resources_wait_for_their_apis(prod_plan: Plan, type_: str, name: str, apis: set[str]) -> None:
    services = {r.urn: r.name.removeprefix("prod1-api-") for r in prod_plan.of_type(SERVICE)}
    deps = prod_plan.one(type_, name).options["depends_on"]
    assert {services[d] for d in deps if d in services} == apis


def test_every_gcp_resource_but_the_apis_waits_for_one(prod_plan: Plan) -> None:
    services = {r.urn for r in prod_plan.of_type(SERVICE)}
    waiting = [r.name for r in prod_plan.resources if r.type.startswith("gcp:") and r.type != SERVICE
               and not services & set(r.options["depends_on"])]
    assert waiting == []


def test_log_bucket_keeps_the_clusters_logs_90_days(prod_plan: Plan) -> None:
    bucket = prod_plan.one("gcp:logging/projectBucketConfig:ProjectBucketConfig")
    assert bucket.inputs == {"project": PROJECT, "location": "global", "bucketId": "prod1-logs", "retentionDays": 90,
                             "description": "Logs of kumo cluster prod1, kept 90 days"}
    assert (bucket.options["protect"], bucket.options["retain_on_delete"]) == (True, True)
    sink = prod_plan.one("gcp:logging/projectSink:ProjectSink")
    assert sink.inputs["name"] == "prod1-logs" and sink.inputs["project"] == PROJECT
    assert sink.inputs["destination"] == f"logging.googleapis.com/projects/{PROJECT}/locations/global/buckets/prod1-logs"
    assert sink.property_dependencies["destination"] == [bucket.urn]
    assert sink.inputs["uniqueWriterIdentity"] is True
    assert sink.inputs["filter"] == (
        'resource.type=("k8s_cluster" OR "k8s_control_plane_component" OR "k8s_node" OR "k8s_pod" OR '
        '"k8s_container" OR "gke_cluster" OR "gke_nodepool")\n'
        'resource.labels.cluster_name="prod1"\n'
        f'resource.labels.location=("{REGION}" OR "{REGION}-b" OR "{REGION}-c" OR "{REGION}-d")')
    # Never the project's singleton _Default bucket: each cluster keeps only its own logs.
    assert [b.inputs["bucketId"] for b in prod_plan.of_type(bucket.type)] == ["prod1-logs"]


def test_dev_log_bucket_is_not_protected(dev_plan: Plan) -> None:
    bucket = dev_plan.one("gcp:logging/projectBucketConfig:ProjectBucketConfig")
    assert bucket.inputs["retentionDays"] == 90
    assert (bucket.options["protect"], bucket.options["retain_on_delete"]) == (False, True)


@pytest.mark.parametrize(("fixture", "lock_days"), [("prod_plan", 7), ("dev_plan", 0)])
def test_backup_plan(request: pytest.FixtureRequest, fixture: str, lock_days: int) -> None:
    plan: Plan = request.getfixturevalue(fixture)
    cluster = plan.one(CLUSTER)
    backup = plan.one("gcp:gkebackup/backupPlan:BackupPlan")
    assert "name" not in backup.inputs  # auto-named: a replaced cluster's retained plan cannot collide
    assert backup.inputs["cluster"] == cluster.id and backup.inputs["location"] == REGION
    assert backup.property_dependencies["cluster"] == [cluster.urn]
    assert backup.inputs["backupConfig"] == {"allNamespaces": True, "includeSecrets": True,
                                             "includeVolumeData": True, "permissiveMode": True}
    assert backup.inputs["backupSchedule"] == {"cronSchedule": "0 2 * * *", "paused": False}
    assert backup.inputs["retentionPolicy"] == {"backupRetainDays": 30, "backupDeleteLockDays": lock_days,
                                                "locked": False}
    assert backup.inputs["deletionPolicy"] == "ABANDON"  # destroy leaves the plan and its backups
    assert backup.options["retain_on_delete"] is False and backup.options["protect"] is False
