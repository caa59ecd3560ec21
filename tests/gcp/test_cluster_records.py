"""The cluster's records: its 90-day log bucket and sink (data layer), its Backup for GKE plan (cluster layer)."""

from __future__ import annotations

import pytest

from components.records import Plan
from tests.gcp.helpers import PROJECT, REGION

CLUSTER = "gcp:container/cluster:Cluster"


def test_log_bucket_keeps_the_clusters_logs_90_days(prod_plan: Plan) -> None:
    bucket = prod_plan.one("gcp:logging/projectBucketConfig:ProjectBucketConfig")
    assert bucket.inputs == {
        "project": PROJECT,
        "location": "global",
        "bucketId": "prod1-logs",
        "retentionDays": 90,
        "description": "Logs of kumo cluster prod1, kept 90 days",
    }
    assert (bucket.options["protect"], bucket.options["retain_on_delete"]) == (True, True)
    sink = prod_plan.one("gcp:logging/projectSink:ProjectSink", "prod1-logs")
    assert sink.inputs["name"] == "prod1-logs" and sink.inputs["project"] == PROJECT
    assert (
        sink.inputs["destination"] == f"logging.googleapis.com/projects/{PROJECT}/locations/global/buckets/prod1-logs"
    )
    assert sink.property_dependencies["destination"] == [bucket.urn]
    # Retained audit evidence, and the sink beside it: the data layer's, kept across cluster replacements.
    assert (bucket.layer, sink.layer) == ("data", "data")
    assert sink.inputs["uniqueWriterIdentity"] is True
    assert sink.inputs["filter"] == (
        'resource.type=("k8s_cluster" OR "k8s_control_plane_component" OR "k8s_node" OR "k8s_pod" OR '
        '"k8s_container" OR "gke_cluster" OR "gke_nodepool")\n'
        'resource.labels.cluster_name="prod1"\n'
        f'resource.labels.location=("{REGION}" OR "{REGION}-b" OR "{REGION}-c" OR "{REGION}-d")'
    )
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
    disks = next(r for r in plan.of_type("gcp:kms/cryptoKey:CryptoKey") if r.inputs["name"] == "disks")
    assert backup.inputs["backupConfig"] == {
        "allNamespaces": True,
        "includeSecrets": True,
        "includeVolumeData": True,
        "permissiveMode": True,
        "encryptionKey": {"gcpKmsEncryptionKey": disks.id},  # DATA-07: kumo's disk key, not Google's
    }
    assert backup.inputs["backupSchedule"] == {"cronSchedule": "0 2 * * *", "paused": False}
    assert backup.inputs["retentionPolicy"] == {
        "backupRetainDays": 30,
        "backupDeleteLockDays": lock_days,
        "locked": False,
    }
    assert backup.inputs["deletionPolicy"] == "ABANDON"  # destroy leaves the plan and its backups
    assert backup.options["retain_on_delete"] is False and backup.options["protect"] is False
