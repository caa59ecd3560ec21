"""What runs in the cluster on AWS's behalf, as far as the cluster layer creates it (cloud APIs only).

- EKS managed add-ons: vpc-cni (IRSA, network policy enforcement on: NET-04) and kube-proxy before the
  nodes; CoreDNS and the EBS / EFS CSI drivers (each with its own IRSA role) once nodes exist to run them.
- The IRSA roles of the AWS Load Balancer Controller (NLBs for Services) and the cluster autoscaler (the
  thing that scales managed node groups), each with its least-privilege policy. The controllers themselves
  are Helm releases of the in-cluster layer (components/aws/controllers.py), which reads the roles' ARNs.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pulumi
import pulumi_aws as aws

from components.aws import facts, traits
from components.aws.controllers import KUBE_SYSTEM
from components.aws.identity import Irsa, IrsaRole, policy_document
from components.aws.lb_controller_policy import lb_controller_policy
from components.aws.scope import Account, AwsScope


def managed_addon(
    addon_name: str,
    *,
    scope: AwsScope,
    cluster: aws.eks.Cluster,
    role: aws.iam.Role | None = None,
    configuration: dict[str, Any] | None = None,
    depends_on: Sequence[pulumi.Resource] = (),
) -> aws.eks.Addon:
    """An EKS add-on at the cluster version's default add-on version; kumo's settings win on conflicts."""
    return aws.eks.Addon(
        scope.name(addon_name),
        cluster_name=cluster.name,
        addon_name=addon_name,
        service_account_role_arn=role.arn if role is not None else None,
        configuration_values=json.dumps(configuration, sort_keys=True) if configuration is not None else None,
        resolve_conflicts_on_create="OVERWRITE",
        resolve_conflicts_on_update="OVERWRITE",
        opts=scope.opts(depends_on=list(depends_on), custom_timeouts=pulumi.CustomTimeouts(create="20m", update="20m")),
    )


def ebs_kms_policy(key_arn: pulumi.Input[str]) -> pulumi.Output[str]:
    """Use of the volume key for EBS volumes, through EC2 only (the driver's managed policy has no KMS)."""
    return pulumi.Output.from_input(key_arn).apply(
        lambda arn: policy_document(
            {
                "Effect": "Allow",
                "Action": ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
                "Resource": arn,
                "Condition": {"Bool": {"kms:GrantIsForAWSResource": "true"}},
            },
            {
                "Effect": "Allow",
                "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
                "Resource": arn,
            },
        )
    )


def autoscaler_policy(account: Account, cluster_name: str) -> str:
    """The cluster autoscaler's documented minimum; it may change only Auto Scaling groups of this cluster.

    Its reads are on "*" only where the action takes no resource (facts.UNSCOPABLE_ACTIONS, from the service
    authorization reference); eks:DescribeNodegroup names this cluster's node groups."""
    return policy_document(
        {
            "Sid": "Discover",
            "Effect": "Allow",
            "Resource": "*",
            "Action": sorted(facts.UNSCOPABLE_ACTIONS),
        },
        {
            "Sid": "DescribeOwnNodegroups",
            "Effect": "Allow",
            "Action": "eks:DescribeNodegroup",
            "Resource": account.arn("eks", f"nodegroup/{cluster_name}/*/*"),
        },
        {
            "Sid": "ScaleOwnGroups",
            "Effect": "Allow",
            "Action": ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
            "Resource": account.arn("autoscaling", "autoScalingGroup:*:autoScalingGroupName/*"),
            "Condition": {"StringEquals": {f"aws:ResourceTag/k8s.io/cluster-autoscaler/{cluster_name}": "owned"}},
        },
    )


def lb_controller_role(irsa: Irsa, vpc_id: pulumi.Input[str]) -> IrsaRole:
    """The AWS Load Balancer Controller's role: its published policy confined to this cluster and its VPC
    (lb_controller_policy.py), for its one service account."""
    account, cluster = irsa.scope.account, irsa.scope.cluster
    return irsa.role(
        "lb-controller",
        namespace=KUBE_SYSTEM,
        service_account=traits.LB_CONTROLLER_SERVICE_ACCOUNT,
        inline_policy=pulumi.Output.from_input(vpc_id).apply(
            lambda vpc: lb_controller_policy(account.partition, cluster, account.arn("ec2", f"vpc/{vpc}"))
        ),
    )


def cluster_autoscaler_role(irsa: Irsa) -> IrsaRole:
    """The cluster autoscaler's role: it may scale only this cluster's Auto Scaling groups."""
    return irsa.role(
        "cluster-autoscaler",
        namespace=KUBE_SYSTEM,
        service_account=traits.CLUSTER_AUTOSCALER_SERVICE_ACCOUNT,
        inline_policy=autoscaler_policy(irsa.scope.account, irsa.scope.cluster),
    )
