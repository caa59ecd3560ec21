"""The cluster's audit logs and where they are kept (LOG-01, LOG-02).

What is logged is set on the cluster itself (gke.py: logging_config with traits.LOGGING_COMPONENTS, the API
server, scheduler and controller manager among them; GKE writes the Admin Activity audit logs of the Kubernetes API
itself, always, under the k8s_cluster resource type). Where it is kept is this module's: a dedicated log bucket and a
sink routing the cluster's logs, audit logs included, to it.

Why not raise the _Default bucket's retention: `_Default` is one per project, so a ProjectBucketConfig on
it is a project-level singleton. Two clusters (or anything else) in the project would fight over it, and
destroying one stack would leave the setting to whichever stack was applied last. Instead each cluster
gets its own bucket and a ProjectSink filtered to its own logs (resource.labels.cluster_name). The logs
still reach `_Default` too (30 days; kumo never edits the project's _Default sink); the copy in the
cluster's bucket is the one kept for LOG-02. A log bucket in the sink's own project needs no IAM grant for
the sink's writer identity.

Layers: both are the data layer's. The bucket is audit evidence that outlives the cluster (retained on
delete): a replaced cluster layer finds it in place, where creating it again would collide with the retained
one, whose id stays taken. The sink names no cluster resource (it filters by cluster name and location), so
it stays beside its bucket and keeps routing across a cluster's replacement.

Encryption: Google-managed. CMEK on a log bucket (cmek_settings) needs the project's Logging service
account granted on a key in the bucket's location; kumo does not set it up (see the report).
"""

from __future__ import annotations

import pulumi
import pulumi_gcp as gcp

from components.gcp import layout, traits
from components.gcp.scope import GcpScope


def build_cluster_logs(
    name: str, scope: GcpScope, zones: list[str], *, protect: bool
) -> gcp.logging.ProjectBucketConfig:
    """The cluster's log bucket (kept `LOG_RETENTION_DAYS`) and the sink that fills it; returns the bucket."""
    bucket = build_log_bucket(name, scope, protect=protect)
    build_log_sink(name, scope, bucket=bucket.id, zones=zones)
    return bucket


def build_log_bucket(name: str, scope: GcpScope, *, protect: bool) -> gcp.logging.ProjectBucketConfig:
    """The cluster's log bucket, kept `LOG_RETENTION_DAYS`."""
    # Audit evidence outlives the cluster: the bucket is retained when the stack goes (its logs then
    # expire by retention), and protected with the cluster. A deleted bucket's id is reserved for 7 days,
    # and a retained one keeps it: a re-created stack adopts it with `pulumi import`.
    return gcp.logging.ProjectBucketConfig(
        f"{name}-logs",
        project=scope.project,
        location=traits.LOG_BUCKET_LOCATION,
        bucket_id=f"{name}-logs",
        retention_days=traits.LOG_RETENTION_DAYS,
        description=f"Logs of kumo cluster {name}, kept {traits.LOG_RETENTION_DAYS} days",
        opts=scope.opts("logging", retain_on_delete=True, protect=protect),
    )


def build_log_sink(
    name: str, scope: GcpScope, *, bucket: pulumi.Input[str], zones: pulumi.Input[list[str]]
) -> gcp.logging.ProjectSink:
    """The sink that fills the bucket (id `bucket`) with this cluster's logs. `zones`: the node zones, which
    node logs may carry as their location."""
    return gcp.logging.ProjectSink(
        f"{name}-logs",
        name=f"{name}-logs",
        project=scope.project,
        destination=pulumi.Output.from_input(bucket).apply(lambda bucket_id: f"logging.googleapis.com/{bucket_id}"),
        filter=pulumi.Output.from_input(zones).apply(
            lambda names: layout.cluster_log_filter(name, scope.region, list(names))
        ),
        description=f"Routes kumo cluster {name}'s logs to its {traits.LOG_RETENTION_DAYS}-day bucket",
        unique_writer_identity=True,
        opts=scope.opts("logging"),
    )
