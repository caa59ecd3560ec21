"""The GCP mocks answer with the OUTPUT shape of each type (what the real API returns)."""

from __future__ import annotations

import base64
import ipaddress
import re

from components.gcp import mocks
from components.offline import MockContext
from components.records import Plan

CTX = MockContext(config={"gcp:project": "p1", "gcp:region": "us-central1"}, stack="s")


def test_zones_and_project_number() -> None:
    zones = mocks.call("gcp:compute/getZones:getZones", {"region": "us-central1", "status": "UP"}, CTX)
    assert zones is not None and zones["names"] == ["us-central1-a", "us-central1-b", "us-central1-c", "us-central1-f"]
    project = mocks.call("gcp:organizations/getProject:getProject", {"projectId": "p1"}, CTX)
    assert project is not None and project["number"].isdigit() and len(project["number"]) == 12
    assert mocks.call("gcp:unknown/x:x", {}, CTX) is None


def test_cluster_outputs() -> None:
    answer = mocks.new_resource(
        "gcp:container/cluster:Cluster",
        "c1",
        {
            "name": "c1",
            "location": "us-central1",
            "privateClusterConfig": {"enablePrivateEndpoint": False, "masterIpv4CidrBlock": "172.16.0.0/28"},
        },
        CTX,
    )
    assert answer is not None
    rid, out = answer
    assert rid == "projects/p1/locations/us-central1/clusters/c1"
    ip = ipaddress.ip_address(out["endpoint"])
    assert not ip.is_private  # public endpoint when the private one is off
    assert out["privateClusterConfig"]["privateEndpoint"] == "172.16.0.2"
    pem = base64.b64decode(out["masterAuth"]["clusterCaCertificate"]).decode()
    assert pem.startswith("-----BEGIN CERTIFICATE-----") and pem.rstrip().endswith("-----END CERTIFICATE-----")


def test_every_cluster_has_a_dns_endpoint() -> None:
    for allow in (True, False):
        answer = mocks.new_resource(
            "gcp:container/cluster:Cluster",
            "c1",
            {
                "name": "c1",
                "location": "us-central1",
                "controlPlaneEndpointsConfig": {"dnsEndpointConfig": {"allowExternalTraffic": allow}},
                "privateClusterConfig": {"enablePrivateEndpoint": True, "masterIpv4CidrBlock": "172.16.0.0/28"},
            },
            CTX,
        )
        assert answer is not None
        out = answer[1]
        assert out["endpoint"] == "172.16.0.2"  # the private IP endpoint
        dns = out["controlPlaneEndpointsConfig"]["dnsEndpointConfig"]
        assert dns["allowExternalTraffic"] is allow
        assert re.fullmatch(r"gke-[0-9a-f]{32}-123456789012\.us-central1\.gke\.goog", dns["endpoint"])
        assert out["controlPlaneEndpointsConfig"]["ipEndpointsConfig"] == {"enabled": True}
    bare = mocks.new_resource("gcp:container/cluster:Cluster", "c2", {"name": "c2", "location": "us-central1"}, CTX)
    assert bare is not None and bare[1]["controlPlaneEndpointsConfig"]["dnsEndpointConfig"]["endpoint"].endswith(
        ".us-central1.gke.goog"
    )


def test_ids_and_self_links() -> None:
    cases = {
        "gcp:compute/network:Network": ({"name": "v"}, "projects/p1/global/networks/v"),
        "gcp:compute/subnetwork:Subnetwork": (
            {"name": "s", "region": "us-central1", "ipCidrRange": "10.0.0.0/16"},
            "projects/p1/regions/us-central1/subnetworks/s",
        ),
        "gcp:kms/keyRing:KeyRing": (
            {"name": "r", "location": "us-central1"},
            "projects/p1/locations/us-central1/keyRings/r",
        ),
        "gcp:filestore/instance:Instance": (
            {"name": "f", "location": "us-central1-a", "networks": [{}]},
            "projects/p1/locations/us-central1-a/instances/f",
        ),
    }
    for type_, (inputs, expected) in cases.items():
        answer = mocks.new_resource(type_, "x", inputs, CTX)
        assert answer is not None and answer[0] == expected, type_
        if "selfLink" in answer[1]:
            assert answer[1]["selfLink"] == f"https://www.googleapis.com/compute/v1/{expected}"


def test_auto_named_key_ring_gets_a_suffix() -> None:
    answer = mocks.new_resource("gcp:kms/keyRing:KeyRing", "c1-keys", {"location": "us-central1"}, CTX)
    assert answer is not None
    name = answer[1]["name"]
    assert name.startswith("c1-keys-") and len(name) == len("c1-keys-") + 7


def test_service_account_email() -> None:
    answer = mocks.new_resource("gcp:serviceaccount/account:Account", "n", {"accountId": "c1-nodes"}, CTX)
    assert answer is not None
    assert answer[1]["email"] == "c1-nodes@p1.iam.gserviceaccount.com"
    assert answer[1]["member"] == "serviceAccount:c1-nodes@p1.iam.gserviceaccount.com"


def test_load_balancer_service_gets_an_ip() -> None:
    inputs = {"metadata": {"name": "web"}, "spec": {"type": "LoadBalancer", "loadBalancerIP": "34.1.2.3"}}
    answer = mocks.new_resource("kubernetes:core/v1:Service", "web", inputs, CTX)
    assert answer is not None
    assert answer[1]["status"] == {"loadBalancer": {"ingress": [{"ip": "34.1.2.3", "ipMode": "VIP"}]}}


def test_unknown_types_fall_back() -> None:
    assert mocks.new_resource("gcp:storage/bucket:Bucket", "b", {}, CTX) is None


def test_project_service_id() -> None:
    answer = mocks.new_resource(
        "gcp:projects/service:Service", "a", {"project": "p1", "service": "container.googleapis.com"}, CTX
    )
    assert answer is not None and answer[0] == "p1/container.googleapis.com"


def test_log_bucket_and_sink() -> None:
    bucket = mocks.new_resource(
        "gcp:logging/projectBucketConfig:ProjectBucketConfig",
        "b",
        {"project": "p1", "location": "global", "bucketId": "c1-logs", "retentionDays": 90},
        CTX,
    )
    assert bucket is not None
    assert bucket[0] == bucket[1]["name"] == "projects/p1/locations/global/buckets/c1-logs"
    assert bucket[1]["lifecycleState"] == "ACTIVE"
    sink = mocks.new_resource(
        "gcp:logging/projectSink:ProjectSink",
        "s",
        {"name": "c1-logs", "destination": f"logging.googleapis.com/{bucket[0]}"},
        CTX,
    )
    assert sink is not None and sink[0] == "projects/p1/sinks/c1-logs"
    assert (
        sink[1]["writerIdentity"]
        == f"serviceAccount:service-{mocks.PROJECT_NUMBER}@gcp-sa-logging.iam.gserviceaccount.com"
    )


def test_backup_plan_is_auto_named_and_ready() -> None:
    answer = mocks.new_resource(
        "gcp:gkebackup/backupPlan:BackupPlan",
        "c1-backup",
        {"location": "us-central1", "cluster": "projects/p1/locations/us-central1/clusters/c1"},
        CTX,
    )
    assert answer is not None
    rid, out = answer
    assert out["name"].startswith("c1-backup-") and len(out["name"]) == len("c1-backup-") + 7
    assert rid == f"projects/p1/locations/us-central1/backupPlans/{out['name']}"
    assert out["state"] == "READY" and len(out["uid"]) == 36


def test_every_planned_gcp_type_has_an_answer(prod_plan: Plan, dev_plan: Plan) -> None:
    """The tables cover what kumo plans: no GCP resource falls back to the generic echo, and no answer is dead."""
    planned = {r.type for plan in (prod_plan, dev_plan) for r in plan.resources if r.type.startswith("gcp:")}
    assert planned == {t for t in mocks.RESOURCES if t.startswith("gcp:")}
    assert sorted(mocks.INVOKES) == ["gcp:compute/getZones:getZones", "gcp:organizations/getProject:getProject"]
