"""The contract spec (tests/conftest.py: us-central1, stack gcp-contract) through GCP's layers: the data
layer's exact resources, the cluster layer's counts, and every output of both, literally."""

from __future__ import annotations

import base64
import json
from collections import Counter

from components.gcp import mocks_gke
from tests.conftest import cached_spec_plan

CONTRACT_DATA = sorted(
    [
        ("gcp:cloudrunv2/job:Job", "contract-shared-owner"),
        ("gcp:cloudscheduler/job:Job", "contract-shared-backup-schedule"),
        ("gcp:compute/address:Address", "contract-nat-a"),
        ("gcp:compute/address:Address", "contract-nat-b"),
        ("gcp:compute/address:Address", "contract-nat-c"),
        ("gcp:compute/globalAddress:GlobalAddress", "contract-shared-psa"),
        ("gcp:compute/network:Network", "contract-vpc"),
        ("gcp:compute/router:Router", "contract-router"),
        ("gcp:compute/routerNat:RouterNat", "contract-nat"),
        ("gcp:compute/subnetwork:Subnetwork", "contract-nodes"),
        ("gcp:compute/subnetwork:Subnetwork", "contract-shared-nfs-admin"),
        ("gcp:filestore/instance:Instance", "contract-shared-filestore"),
        ("gcp:kms/cryptoKey:CryptoKey", "contract-disks"),
        ("gcp:kms/cryptoKey:CryptoKey", "contract-secrets"),
        ("gcp:kms/cryptoKey:CryptoKey", "contract-shared-key"),
        ("gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", "contract-disks-compute"),
        ("gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", "contract-disks-gkebackup"),
        ("gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", "contract-disks-gke"),  # the backup plan's key
        ("gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", "contract-secrets-gke"),
        ("gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", "contract-shared-key-filestore"),
        ("gcp:kms/keyRing:KeyRing", "contract-keys"),
        ("gcp:kms/keyRing:KeyRing", "contract-shared-keys"),
        ("gcp:logging/projectBucketConfig:ProjectBucketConfig", "contract-logs"),
        ("gcp:logging/projectSink:ProjectSink", "contract-logs"),
        ("gcp:logging/projectSink:ProjectSink", "contract-flow-logs"),
        ("gcp:projects/iAMCustomRole:IAMCustomRole", "contract-shared-backup-role"),
        ("gcp:projects/iAMMember:IAMMember", "contract-agent-container-role"),
        ("gcp:projects/iAMMember:IAMMember", "contract-agent-filestore-role"),
        ("gcp:projects/iAMMember:IAMMember", "contract-agent-gkebackup-role"),
        ("gcp:projects/iAMMember:IAMMember", "contract-shared-backup-run-sa-workflows-invoker"),
        ("gcp:projects/iAMMember:IAMMember", "contract-shared-backup-sa-files"),
        ("gcp:projects/iAMMember:IAMMember", "contract-shared-backup-sa-logging-logwriter"),
        ("gcp:projects/service:Service", "contract-api-binaryauthorization"),
        ("gcp:projects/service:Service", "contract-api-cloudkms"),
        ("gcp:projects/service:Service", "contract-api-cloudscheduler"),
        ("gcp:projects/service:Service", "contract-api-compute"),
        ("gcp:projects/service:Service", "contract-api-container"),
        ("gcp:projects/service:Service", "contract-api-file"),
        ("gcp:projects/service:Service", "contract-api-gkebackup"),
        ("gcp:projects/service:Service", "contract-api-iam"),
        ("gcp:projects/service:Service", "contract-api-logging"),
        ("gcp:projects/service:Service", "contract-api-run"),
        ("gcp:projects/service:Service", "contract-api-servicenetworking"),
        ("gcp:projects/service:Service", "contract-api-workflows"),
        ("gcp:projects/serviceIdentity:ServiceIdentity", "contract-agent-container"),
        ("gcp:projects/serviceIdentity:ServiceIdentity", "contract-agent-filestore"),
        ("gcp:projects/serviceIdentity:ServiceIdentity", "contract-agent-gkebackup"),
        ("gcp:serviceaccount/account:Account", "contract-shared-backup-run-sa"),
        ("gcp:serviceaccount/account:Account", "contract-shared-backup-sa"),
        ("gcp:serviceaccount/account:Account", "contract-shared-owner-sa"),
        ("gcp:servicenetworking/connection:Connection", "contract-shared-psa"),
        ("gcp:workflows/workflow:Workflow", "contract-shared-backup-workflow"),
        ("kumo:gcp:DataLayer", "contract"),
        ("kumo:gcp:SharedBackups", "contract-shared-backup"),
        ("kumo:gcp:SharedStorage", "contract-shared"),
        ("pulumi:providers:gcp", "contract-gcp"),
    ]
)

CONTRACT_CLUSTER_COUNTS = {
    "kumo:gcp:ClusterLayer": 1,
    "pulumi:providers:gcp": 1,
    "pulumi:pulumi:StackReference": 1,  # the data layer's outputs
    "gcp:serviceaccount/account:Account": 1,
    "gcp:projects/iAMMember:IAMMember": 6,
    "gcp:container/cluster:Cluster": 1,
    "gcp:container/nodePool:NodePool": 3,
    "gcp:gkebackup/backupPlan:BackupPlan": 1,
    "gcp:compute/firewall:Firewall": 1,
    "gcp:compute/address:Address": 1,  # the load balancer's static address
    "gcp:binaryauthorization/policy:Policy": 1,  # GOV-01
    "gcp:projects/iAMAuditConfig:IAMAuditConfig": 1,  # LOG-04
}
CONTRACT_DISKS_KEY = "projects/kumo-test/locations/us-central1/keyRings/contract-keys-d2011f9/cryptoKeys/disks"


def test_contract_data_layer_exactly() -> None:
    plan = cached_spec_plan("gcp")
    assert sorted((r.type, r.name) for r in plan.in_layer("data")) == CONTRACT_DATA


def test_contract_cluster_layer_counts() -> None:
    plan = cached_spec_plan("gcp")
    assert Counter(r.type for r in plan.in_layer("cluster")) == CONTRACT_CLUSTER_COUNTS


def test_contract_data_layer_outputs() -> None:
    assert cached_spec_plan("gcp").layers["data"].exports == {
        "shared_store": {
            "csi_driver": "filestore.csi.storage.gke.io",
            "volume_handle": "modeInstance/us-central1-a/contract-shared/kumo",
            "volume_attributes": {"ip": "172.17.0.2", "volume": "kumo"},
            "mount_options": [],
            "class_parameters": {
                "tier": "zonal",
                "network": "contract-vpc",
                "connect-mode": "PRIVATE_SERVICE_ACCESS",
                "reserved-ip-range": "contract-shared-psa",
                "instance-encryption-kms-key": "projects/kumo-test/locations/us-central1/keyRings/contract-shared-keys/cryptoKeys/shared",
            },
            "capacity_gb": 2560,
        },
        "zones": ["us-central1-a", "us-central1-b", "us-central1-c"],
        "network": "projects/kumo-test/global/networks/contract-vpc",
        "subnetwork": "projects/kumo-test/regions/us-central1/subnetworks/contract-nodes",
        "secrets_key": "projects/kumo-test/locations/us-central1/keyRings/contract-keys-d2011f9/cryptoKeys/secrets",
        "disks_key": CONTRACT_DISKS_KEY,
        "psa_range": "172.17.0.0/24",
    }


def _kubeconfig(context: str, cluster: dict[str, str]) -> dict[str, object]:
    return {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": context, "cluster": cluster}],
        "contexts": [{"name": context, "context": {"cluster": context, "user": context}}],
        "current-context": context,
        "preferences": {},
        "users": [
            {
                "name": context,
                "user": {
                    "exec": {
                        "apiVersion": "client.authentication.k8s.io/v1beta1",
                        "command": "gke-gcloud-auth-plugin",
                        "provideClusterInfo": True,
                        "interactiveMode": "IfAvailable",
                        "installHint": "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin "
                        "(see https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl)",
                    }
                },
            }
        ],
    }


CA_DATA = (
    "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUVMRENDQXBTZ0F3SUJBZ0lRS3Vtb09mZmxpbmVNb2NrQ2VydGlmaWNhdGVBdXRob3Jp"
    "dHkwRFFZSktvWklodmNOQVFFTEJRQXcKTHpFdE1Dc0dBMVVFQXhNa01tWXpaakUyWkRFdE1tSTBOeTAwWWpFM0xXRTJaVEV0WWpFMFlq"
    "ZGpaak0xWXpFMwotLS0tLUVORCBDRVJUSUZJQ0FURS0tLS0tCg=="
)


def test_contract_cluster_layer_outputs() -> None:
    """Public API: the allow-listed IP endpoint, verified against the cluster CA."""
    plan = cached_spec_plan("gcp").layers["cluster"]
    exports = dict(plan.exports)
    assert json.loads(exports.pop("kubeconfig")) == _kubeconfig(
        "gke_kumo-test_us-central1_contract",
        {"server": "https://34.188.145.120", "certificate-authority-data": CA_DATA},
    )
    assert exports == {
        "cluster_name": "contract",
        "endpoint": "https://34.188.145.120",
        "node_pools": ["system", "general", "batch"],
        "block_class": {
            "provisioner": "pd.csi.storage.gke.io",
            "parameters": {"type": "pd-balanced", "disk-encryption-kms-key": CONTRACT_DISKS_KEY},
        },
        "load_balancer": {"annotations": {}, "load_balancer_ip": "34.211.229.6"},
        "api_access": {"public": True, "host": "34.188.145.120", "port": 443, "ways_in": []},
    }
    assert plan.secret_exports == ["kubeconfig"]
    assert CA_DATA.encode() == base64.b64encode(mocks_gke.CA_PEM.encode())  # the mock cluster CA


DNS_ENDPOINT = "gke-7b112e6312db70322f494582deca6eb4-123456789012.us-central1.gke.goog"


def test_private_cluster_layer_outputs() -> None:
    """Private API (the contract's `internal` variant): the DNS-based endpoint, no CA pinned, no way in to name."""
    plan = cached_spec_plan("gcp", "internal").layers["cluster"]
    exports = dict(plan.exports)
    assert json.loads(exports.pop("kubeconfig")) == _kubeconfig(
        "gke_kumo-test_us-central1_internal", {"server": f"https://{DNS_ENDPOINT}"}
    )
    assert exports == {
        "cluster_name": "internal",
        "endpoint": f"https://{DNS_ENDPOINT}",
        "node_pools": ["system", "general", "batch"],
        "block_class": {
            "provisioner": "pd.csi.storage.gke.io",
            "parameters": {
                "type": "pd-balanced",
                "disk-encryption-kms-key": "projects/kumo-test/locations/us-central1/keyRings/internal-keys-736b56b/cryptoKeys/disks",
            },
        },
        # No reserved address: load_balancer_ip is None, which a stack output drops.
        "load_balancer": {"annotations": {"networking.gke.io/load-balancer-type": "Internal"}},
        "api_access": {"public": False, "host": DNS_ENDPOINT, "port": 443, "ways_in": []},
    }
