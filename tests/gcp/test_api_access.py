"""How the GKE API is reached: a public cluster's allow-listed IP endpoint, a private cluster's identity-gated
DNS-based endpoint (reachable from anywhere with IAM, IP endpoints private), and the kubeconfig for each."""

from __future__ import annotations

import base64
import json

import pytest

from components.gcp.gke import api_access_config
from components.records import Plan
from components.spec import ApiSpec, NetworkSpec
from tests.gcp.helpers import PROJECT, REGION

CLUSTER = "gcp:container/cluster:Cluster"
PROD_DNS = "gke-3d03606a4b5d219e9480faa06f6dd573-123456789012.europe-west1.gke.goog"  # mocks: gke-<id>-<number>


@pytest.mark.parametrize(
    ("api", "authorized", "dns_traffic", "private_endpoint"),
    [
        (
            {"public": True, "authorized_cidrs": ["203.0.113.0/24", "198.51.100.7/32"]},
            {
                "cidr_blocks": [
                    {"cidr_block": "203.0.113.0/24", "display_name": "authorized-0"},
                    {"cidr_block": "198.51.100.7/32", "display_name": "authorized-1"},
                ],
                "gcp_public_cidrs_access_enabled": False,
            },
            False,
            False,
        ),
        (
            {"public": False},
            {"cidr_blocks": [], "gcp_public_cidrs_access_enabled": False, "private_endpoint_enforcement_enabled": True},
            True,
            True,
        ),
        (
            {"public": False, "private_access_cidrs": ["10.200.0.0/16", "192.168.50.0/24"]},
            {
                "cidr_blocks": [
                    {"cidr_block": "10.200.0.0/16", "display_name": "private-access-0"},
                    {"cidr_block": "192.168.50.0/24", "display_name": "private-access-1"},
                ],
                "gcp_public_cidrs_access_enabled": False,
                "private_endpoint_enforcement_enabled": True,
            },
            True,
            True,
        ),
    ],
)
def test_api_access_table(
    api: dict[str, object], authorized: dict[str, object], dns_traffic: bool, private_endpoint: bool
) -> None:
    private_cluster, networks, endpoints = api_access_config(ApiSpec(**api), NetworkSpec())  # type: ignore[arg-type]
    assert private_cluster == {
        "enable_private_nodes": True,
        "enable_private_endpoint": private_endpoint,
        "master_ipv4_cidr_block": "172.16.0.0/28",
        "master_global_access_config": {"enabled": False},
    }
    assert networks == authorized
    # A public cluster's DNS endpoint stays closed to users: authorized networks would not apply to it.
    assert endpoints == {
        "dns_endpoint_config": {"allow_external_traffic": dns_traffic},
        "ip_endpoints_config": {"enabled": True},
    }


def test_private_cluster_takes_user_traffic_on_its_dns_endpoint(prod_plan: Plan) -> None:
    c = prod_plan.one(CLUSTER).inputs
    assert c["controlPlaneEndpointsConfig"] == {
        "dnsEndpointConfig": {"allowExternalTraffic": True},
        "ipEndpointsConfig": {"enabled": True},
    }
    assert c["privateClusterConfig"]["enablePrivateEndpoint"] is True


def test_public_cluster_keeps_its_dns_endpoint_closed(dev_plan: Plan) -> None:
    c = dev_plan.one(CLUSTER).inputs
    assert c["controlPlaneEndpointsConfig"] == {
        "dnsEndpointConfig": {"allowExternalTraffic": False},
        "ipEndpointsConfig": {"enabled": True},
    }
    assert c["masterAuthorizedNetworksConfig"] == {
        "cidrBlocks": [{"cidrBlock": "203.0.113.0/24", "displayName": "authorized-0"}],
        "gcpPublicCidrsAccessEnabled": False,
    }


def test_private_access_cidrs_reach_the_private_ip_endpoint() -> None:
    from tests.gcp.conftest import plan_raw

    plan = plan_raw({"api": {"public": False, "private_access_cidrs": ["10.200.0.0/16"]}}, "pa1")
    assert plan.one(CLUSTER).inputs["masterAuthorizedNetworksConfig"] == {
        "cidrBlocks": [{"cidrBlock": "10.200.0.0/16", "displayName": "private-access-0"}],
        "gcpPublicCidrsAccessEnabled": False,
        "privateEndpointEnforcementEnabled": True,
    }


def _config(plan: Plan) -> dict[str, object]:
    return json.loads(plan.layers["cluster"].exports["kubeconfig"])


def test_private_kubeconfig_uses_the_dns_endpoint_and_the_system_roots(prod_plan: Plan) -> None:
    exports = prod_plan.layers["cluster"].exports
    assert exports["endpoint"] == f"https://{PROD_DNS}"
    assert exports["api_access"] == {"public": False, "host": PROD_DNS, "port": 443, "ways_in": []}
    config = _config(prod_plan)
    # The DNS endpoint's certificate is publicly trusted, not the cluster CA's: nothing pinned.
    assert config["clusters"] == [
        {"name": f"gke_{PROJECT}_{REGION}_prod1", "cluster": {"server": f"https://{PROD_DNS}"}}
    ]
    # The private IP endpoint exists (the mock's, in the /28) but is not what the kubeconfig uses.
    assert (
        prod_plan.layers["cluster"].one(CLUSTER).inputs["privateClusterConfig"]["masterIpv4CidrBlock"]
        == "172.16.0.0/28"
    )
    assert "172.16.0.2" not in json.dumps(config)


def test_public_kubeconfig_uses_the_ip_endpoint_and_the_cluster_ca(dev_plan: Plan) -> None:
    exports = dev_plan.layers["cluster"].exports
    assert exports["endpoint"] == "https://34.97.248.55"
    assert exports["api_access"] == {"public": True, "host": "34.97.248.55", "port": 443, "ways_in": []}
    [entry] = _config(dev_plan)["clusters"]  # type: ignore[misc]
    assert entry["cluster"]["server"] == "https://34.97.248.55"
    assert base64.b64decode(entry["cluster"]["certificate-authority-data"]).startswith(b"-----BEGIN CERTIFICATE-----")


@pytest.mark.parametrize("fixture", ["prod_plan", "dev_plan"])
def test_kubeconfig_is_exec_based_and_secret(request: pytest.FixtureRequest, fixture: str) -> None:
    plan: Plan = request.getfixturevalue(fixture)
    config = _config(plan)
    [user] = config["users"]  # type: ignore[misc]
    assert set(user["user"]) == {"exec"}  # no token, no client certificate
    assert user["user"]["exec"]["command"] == "gke-gcloud-auth-plugin"
    assert user["user"]["exec"]["apiVersion"] == "client.authentication.k8s.io/v1beta1"
    name = plan.one(CLUSTER).name
    assert config["current-context"] == f"gke_{PROJECT}_{REGION}_{name}"
    assert "kubeconfig" in plan.layers["cluster"].secret_exports
    provider = plan.one("pulumi:providers:kubernetes")
    assert provider.layer == "in-cluster" and "kubeconfig" in provider.secret_paths
    assert json.loads(provider.inputs["kubeconfig"]) == config
