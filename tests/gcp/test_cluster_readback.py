"""components/gcp/readback.py on the cluster: the Kubernetes version, the API's reach and the zones the pools span,
read back from the planned resources (node pools: test_readback.py; network: test_network_readback.py).

Expected values are written out literally; planted differences modify one record of a copy of the plan (never
the spec) and must show as exactly that difference."""

from __future__ import annotations

import copy

from components.gcp import readback
from components.records import Resource
from tests.conftest import cached_spec_plan

NODE_POOL = "gcp:container/nodePool:NodePool"
CLUSTER = "gcp:container/cluster:Cluster"


def resources(variant: str = "contract") -> list[Resource]:
    """A private copy of a plan's resources, all layers, free to modify."""
    return copy.deepcopy(cached_spec_plan("gcp", variant).resources)


def pool(rs: list[Resource], name: str) -> Resource:
    found = [r for r in rs if r.type == NODE_POOL and r.inputs["name"] == name]
    assert len(found) == 1
    return found[0]


def cluster(rs: list[Resource]) -> Resource:
    found = [r for r in rs if r.type == CLUSTER]
    assert len(found) == 1
    return found[0]


def test_contract_cluster() -> None:
    rs = resources()
    assert readback.kubernetes_version(rs) == "1.36"
    assert readback.api(rs) == {"public": True, "authorized_cidrs": ["203.0.113.0/24"]}
    assert readback.zones(rs) == 3


def test_internal_api_is_private() -> None:
    assert readback.api(resources("internal")) == {"public": False, "authorized_cidrs": []}


def test_version_pinned_to_a_patch() -> None:
    rs = resources()
    cluster(rs).inputs["minMasterVersion"] = "1.35.3-gke.1234000"
    assert readback.kubernetes_version(rs) == "1.35"


def test_version_left_to_the_channel() -> None:
    rs = resources()
    del cluster(rs).inputs["minMasterVersion"]
    assert readback.kubernetes_version(rs) is None


def test_private_endpoint_planted() -> None:
    rs = resources()
    cluster(rs).inputs["privateClusterConfig"]["enablePrivateEndpoint"] = True
    assert readback.api(rs) == {"public": False, "authorized_cidrs": []}


def test_ip_endpoints_off_is_not_public() -> None:
    rs = resources()
    cluster(rs).inputs["controlPlaneEndpointsConfig"]["ipEndpointsConfig"]["enabled"] = False
    assert readback.api(rs) == {"public": False, "authorized_cidrs": []}


def test_authorized_cidr_changed() -> None:
    rs = resources()
    cluster(rs).inputs["masterAuthorizedNetworksConfig"]["cidrBlocks"][0]["cidrBlock"] = "198.51.100.0/24"
    assert readback.api(rs) == {"public": True, "authorized_cidrs": ["198.51.100.0/24"]}


def test_no_allow_list_is_open_to_all() -> None:
    rs = resources()
    del cluster(rs).inputs["masterAuthorizedNetworksConfig"]
    assert readback.api(rs) == {"public": True, "authorized_cidrs": ["0.0.0.0/0"]}


def test_google_public_ranges_admitted() -> None:
    rs = resources()
    cluster(rs).inputs["masterAuthorizedNetworksConfig"]["gcpPublicCidrsAccessEnabled"] = True
    assert readback.api(rs) == {"public": True, "authorized_cidrs": ["203.0.113.0/24", "0.0.0.0/0"]}


def test_dns_endpoint_open_bypasses_the_allow_list() -> None:
    rs = resources()
    cluster(rs).inputs["controlPlaneEndpointsConfig"]["dnsEndpointConfig"]["allowExternalTraffic"] = True
    assert readback.api(rs) == {"public": True, "authorized_cidrs": ["203.0.113.0/24", "0.0.0.0/0"]}


def test_zones_when_every_pool_shrinks() -> None:
    rs = resources()
    for name in ("batch", "general", "system"):
        pool(rs, name).inputs["nodeLocations"] = ["us-central1-a", "us-central1-b"]
    assert readback.zones(rs) == 2
