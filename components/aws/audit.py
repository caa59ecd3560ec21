"""Control-plane audit logging (LOG-01/02): which EKS control-plane logs are on, and where they are kept.

Every control-plane log type goes to CloudWatch Logs, into the log group EKS writes to (its name is fixed by
EKS). kumo creates that group itself before the cluster, KMS-encrypted with the cluster key and kept a year:
left to EKS, it would be created unencrypted and never expire. The cluster key's policy lets CloudWatch Logs
use it for this one group (keys.logs_statement, in the data layer).
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.aws import traits
from components.aws.scope import AwsScope


def log_group_name(cluster_name: str) -> str:
    """The log group EKS writes control-plane logs to (fixed by EKS)."""
    return f"/aws/eks/{cluster_name}/cluster"


@dataclass(frozen=True)
class ControlPlaneLogs:
    """What the cluster's logging settings name: the log types it sends, and the group they land in."""

    group: aws.cloudwatch.LogGroup
    """Create it before the cluster (the cluster depends on it)."""
    types: list[str]
    """The cluster's `enabled_cluster_log_types`."""


def log_group(part: str, name: str, key_arn: pulumi.Input[str], *, scope: AwsScope) -> aws.cloudwatch.LogGroup:
    """A kumo log group `name` (resource `{cluster}-{part}`), encrypted with `key_arn` and kept
    traits.LOG_RETENTION_DAYS (LOG-02): the control plane's, and the VPC flow logs' (flow_logs.py)."""
    return aws.cloudwatch.LogGroup(
        scope.name(part),
        name=name,
        retention_in_days=traits.LOG_RETENTION_DAYS,
        kms_key_id=key_arn,
        tags={"Name": name},
        opts=scope.opts(),
    )


def control_plane_logs(key_arn: pulumi.Input[str], *, scope: AwsScope) -> ControlPlaneLogs:
    """The log group `{cluster}-control-plane-logs`, encrypted with `key_arn` (the data layer's cluster key)
    and kept traits.LOG_RETENTION_DAYS, and every control-plane log type."""
    group = log_group("control-plane-logs", log_group_name(scope.cluster), key_arn, scope=scope)
    return ControlPlaneLogs(group=group, types=list(traits.CONTROL_PLANE_LOG_TYPES))
