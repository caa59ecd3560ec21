"""VPC flow logs (LOG-03, CKV2_AWS_11): every packet decision in the cluster's VPC, kept and encrypted.

A flow log on the VPC (all traffic: accepted and rejected) delivers to a CloudWatch log group kumo creates in
the data layer, encrypted with the cluster key (its policy lets CloudWatch Logs use it for this group:
keys.logs_statement) and kept as long as the control-plane logs (traits.LOG_RETENTION_DAYS, LOG-02).
CloudWatch Logs delivery needs an IAM role the flow-logs service assumes; its trust is scoped to this
account's flow logs (aws:SourceAccount, aws:SourceArn: the confused-deputy guard the VPC guide gives) and its
permissions to this one log group (facts.FLOW_LOG_ROLE).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.aws import facts, traits
from components.aws.audit import log_group
from components.aws.identity import policy_document
from components.aws.scope import AwsScope


def flow_log_group_name(cluster_name: str) -> str:
    """The log group the VPC's flow logs land in (the cluster key's policy names it before it exists)."""
    return f"/kumo/{cluster_name}/vpc-flow-logs"


def delivery_trust(scope: AwsScope) -> str:
    """The flow-logs service may assume the role, only for this account's flow logs."""
    account = scope.account
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": facts.FLOW_LOG_ROLE.service},
                    "Action": "sts:AssumeRole",
                    "Condition": {
                        "StringEquals": {"aws:SourceAccount": account.account_id},
                        "ArnLike": {"aws:SourceArn": account.arn("ec2", "vpc-flow-log/*")},
                    },
                }
            ],
        },
        sort_keys=True,
    )


def delivery_policy(scope: AwsScope, group_name: str) -> str:
    """Write to the one log group (and its streams); nothing else."""
    group_arn = scope.account.arn("logs", f"log-group:{group_name}")
    return policy_document(
        {
            "Sid": "DeliverToTheFlowLogGroup",
            "Effect": "Allow",
            "Action": list(facts.FLOW_LOG_ROLE.actions),
            "Resource": [group_arn, f"{group_arn}:*"],
        }
    )


@dataclass(frozen=True)
class FlowLogs:
    group: aws.cloudwatch.LogGroup
    role: aws.iam.Role
    flow_log: aws.ec2.FlowLog


def vpc_flow_logs(vpc: aws.ec2.Vpc, key_arn: pulumi.Input[str], *, scope: AwsScope) -> FlowLogs:
    """`{cluster}-flow-logs`: the log group (encrypted with `key_arn`, the cluster key), the delivery role and
    its policy, and the VPC's flow log capturing ALL traffic."""
    name = flow_log_group_name(scope.cluster)
    group = log_group("flow-logs", name, key_arn, scope=scope)
    role = aws.iam.Role(
        scope.name("flow-logs-role"),
        description=f"VPC flow logs of kumo cluster {scope.cluster} into {name}",
        assume_role_policy=delivery_trust(scope),
        opts=scope.opts(),
    )
    grant = aws.iam.RolePolicy(
        scope.name("flow-logs-delivery"), role=role.id, policy=delivery_policy(scope, name), opts=scope.opts()
    )
    flow_log = aws.ec2.FlowLog(
        scope.name("flow-logs"),
        vpc_id=vpc.id,
        traffic_type=traits.FLOW_LOG_TRAFFIC,
        log_destination_type="cloud-watch-logs",
        log_destination=group.arn,
        iam_role_arn=role.arn,
        max_aggregation_interval=traits.FLOW_LOG_AGGREGATION_SECONDS,
        tags={"Name": scope.name("flow-logs")},
        opts=scope.opts(depends_on=[grant]),
    )
    return FlowLogs(group=group, role=role, flow_log=flow_log)
