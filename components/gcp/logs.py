"""Log retention for one cluster (LOG-02): a dedicated log bucket and a sink routing the cluster's logs to it.

Why not raise the _Default bucket's retention: `_Default` is one per project, so a ProjectBucketConfig on
it is a project-level singleton. Two clusters (or anything else) in the project would fight over it, and
destroying one stack would leave the setting to whichever stack was applied last. Instead each cluster
gets its own bucket and a ProjectSink filtered to its own logs (resource.labels.cluster_name). The logs
still reach `_Default` too (30 days; kumo never edits the project's _Default sink); the copy in the
cluster's bucket is the one kept for LOG-02. A log bucket in the sink's own project needs no IAM grant for
the sink's writer identity.

Encryption: Google-managed. CMEK on a log bucket (cmek_settings) needs the project's Logging service
account granted on a key in the bucket's location; kumo does not set it up (see the report).
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi_gcp as gcp

from components.gcp import layout, traits
from components.gcp.scope import Scope


@dataclass(frozen=True)
class ClusterLogs:
    bucket: gcp.logging.ProjectBucketConfig
    sink: gcp.logging.ProjectSink


def build_cluster_logs(name: str, scope: Scope, *, protect: bool) -> ClusterLogs:
    """The cluster's log bucket (kept `LOG_RETENTION_DAYS`) and the sink that fills it."""
    # Audit evidence outlives the cluster: the bucket is retained when the stack goes (its logs then
    # expire by retention), and protected with the cluster. A deleted bucket's id is reserved for 7 days,
    # and a retained one keeps it: a re-created stack adopts it with `pulumi import`.
    bucket = gcp.logging.ProjectBucketConfig(
        f"{name}-logs",
        project=scope.project,
        location=traits.LOG_BUCKET_LOCATION,
        bucket_id=f"{name}-logs",
        retention_days=traits.LOG_RETENTION_DAYS,
        description=f"Logs of kumo cluster {name}, kept {traits.LOG_RETENTION_DAYS} days",
        opts=scope.opts("logging", retain_on_delete=True, protect=protect),
    )
    sink = gcp.logging.ProjectSink(
        f"{name}-logs",
        name=f"{name}-logs",
        project=scope.project,
        destination=bucket.id.apply(lambda bucket_id: f"logging.googleapis.com/{bucket_id}"),
        filter=layout.cluster_log_filter(name, scope.region, scope.zones),
        description=f"Routes kumo cluster {name}'s logs to its {traits.LOG_RETENTION_DAYS}-day bucket",
        unique_writer_identity=True,
        opts=scope.opts("logging"),
    )
    return ClusterLogs(bucket=bucket, sink=sink)
