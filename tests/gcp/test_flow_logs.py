"""VPC flow logs and intranode visibility (LOG-03): every subnetwork logs every flow, and the flows are kept."""

from __future__ import annotations

import pytest

from components.gcp.network import flow_log_filter
from components.records import Plan

SUBNET = "gcp:compute/subnetwork:Subnetwork"
SINK = "gcp:logging/projectSink:ProjectSink"
FULL = {"aggregationInterval": "INTERVAL_5_SEC", "flowSampling": 1.0, "metadata": "INCLUDE_ALL_METADATA"}


def test_every_subnetwork_logs_every_flow_with_all_metadata(prod_plan: Plan) -> None:
    configs = {r.name: r.inputs["logConfig"] for r in prod_plan.of_type(SUBNET)}
    assert configs == {"prod1-nodes": FULL, "prod1-shared-nfs-admin": FULL}


def test_the_sink_keeps_both_subnetworks_flows_in_the_clusters_bucket(prod_plan: Plan) -> None:
    sink = prod_plan.one(SINK, "prod1-flow-logs")
    bucket = prod_plan.one("gcp:logging/projectBucketConfig:ProjectBucketConfig")
    assert sink.inputs["destination"] == "logging.googleapis.com/projects/kumo-test/locations/global/buckets/prod1-logs"
    assert sink.property_dependencies["destination"] == [bucket.urn]
    assert sink.inputs["filter"] == (
        'log_id("compute.googleapis.com/vpc_flows")\n'
        'resource.type="gce_subnetwork"\n'
        'resource.labels.subnetwork_name=("prod1-nodes" OR "prod1-shared-nfs-admin")'
    )
    assert sink.inputs["uniqueWriterIdentity"] is True
    assert sink.layer == "data"


def test_without_shared_storage_the_sink_names_the_node_subnetwork_only(minimal_plan: Plan) -> None:
    assert [r.name for r in minimal_plan.of_type(SUBNET)] == ["min1-nodes"]
    assert (
        minimal_plan.one(SINK, "min1-flow-logs")
        .inputs["filter"]
        .endswith('resource.labels.subnetwork_name=("min1-nodes")')
    )


@pytest.mark.parametrize("fixture", ["prod_plan", "dev_plan", "minimal_plan"])
def test_intranode_visibility_is_on_with_dataplane_v2(fixture: str, request: pytest.FixtureRequest) -> None:
    cluster = request.getfixturevalue(fixture).one("gcp:container/cluster:Cluster")
    assert (cluster.inputs["enableIntranodeVisibility"], cluster.inputs["datapathProvider"]) == (
        True,
        "ADVANCED_DATAPATH",
    )


def test_filter_lines_are_anded_and_names_quoted() -> None:
    assert flow_log_filter(["a-nodes"]).splitlines() == [
        'log_id("compute.googleapis.com/vpc_flows")',
        'resource.type="gce_subnetwork"',
        'resource.labels.subnetwork_name=("a-nodes")',
    ]
