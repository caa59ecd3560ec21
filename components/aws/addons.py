"""What runs in the cluster on AWS's behalf: EKS managed add-ons and the controllers kumo installs by Helm.

- vpc-cni (IRSA, network policy enforcement on: NET-04) and kube-proxy before the nodes; CoreDNS and the
  EBS / EFS CSI drivers (each with its own IRSA role) once nodes exist to run them.
- The AWS Load Balancer Controller (NLBs for Services) and the cluster autoscaler (the thing that scales
  managed node groups), each with its own IRSA role and least-privilege policy, on the system pool.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pulumi
import pulumi_aws as aws
import pulumi_kubernetes as k8s

from components.aws import traits
from components.aws.identity import Irsa, policy_document
from components.aws.keys import Account
from components.aws.lb_controller_policy import lb_controller_policy
from components.spec import ClusterSpec, node_taints

KUBE_SYSTEM = "kube-system"


def managed_addon(name: str, addon_name: str, *, cluster: aws.eks.Cluster,
                  role: aws.iam.Role | None = None, configuration: dict[str, Any] | None = None,
                  depends_on: Sequence[pulumi.Resource] = (), parent: pulumi.Resource,
                  provider: aws.Provider) -> aws.eks.Addon:
    """An EKS add-on at the cluster version's default add-on version; kumo's settings win on conflicts."""
    return aws.eks.Addon(
        f"{name}-{addon_name}", cluster_name=cluster.name, addon_name=addon_name,
        service_account_role_arn=role.arn if role is not None else None,
        configuration_values=json.dumps(configuration, sort_keys=True) if configuration is not None else None,
        resolve_conflicts_on_create="OVERWRITE", resolve_conflicts_on_update="OVERWRITE",
        opts=pulumi.ResourceOptions(parent=parent, provider=provider, depends_on=list(depends_on),
                                    custom_timeouts=pulumi.CustomTimeouts(create="20m", update="20m")))


def ebs_kms_policy(key_arn: pulumi.Output[str]) -> pulumi.Output[str]:
    """Use of the volume key for EBS volumes, through EC2 only (the driver's managed policy has no KMS)."""
    return key_arn.apply(lambda arn: policy_document(
        {"Effect": "Allow", "Action": ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"], "Resource": arn,
         "Condition": {"Bool": {"kms:GrantIsForAWSResource": "true"}}},
        {"Effect": "Allow", "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*",
                                       "kms:DescribeKey"], "Resource": arn}))


def autoscaler_policy(account: Account, cluster_name: str) -> str:
    """The cluster autoscaler's documented minimum; it may change only Auto Scaling groups of this cluster."""
    return policy_document(
        {"Sid": "Discover", "Effect": "Allow", "Resource": "*", "Action": [
            "autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeAutoScalingInstances",
            "autoscaling:DescribeLaunchConfigurations", "autoscaling:DescribeScalingActivities",
            "autoscaling:DescribeTags", "ec2:DescribeImages", "ec2:DescribeInstanceTypes",
            "ec2:DescribeLaunchTemplateVersions", "ec2:GetInstanceTypesFromInstanceRequirements",
            "eks:DescribeNodegroup"]},
        {"Sid": "ScaleOwnGroups", "Effect": "Allow",
         "Action": ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
         "Resource": account.arn("autoscaling", "autoScalingGroup:*:autoScalingGroupName/*"),
         "Condition": {"StringEquals": {f"aws:ResourceTag/k8s.io/cluster-autoscaler/{cluster_name}": "owned"}}},
    )


def system_placement(spec: ClusterSpec) -> dict[str, Any]:
    """Helm values that pin a controller to the system pool and tolerate that pool's taints."""
    pool = spec.system_pool
    tolerations = [{"key": t.key, "operator": "Equal", "value": t.value, "effect": t.effect}
                   for t in node_taints(pool)]
    return {"nodeSelector": {traits.POOL_LABEL: pool.name}, "tolerations": tolerations}


def helm_release(name: str, chart: dict[str, str], *, values: pulumi.Input[dict[str, Any]],
                 k8s_provider: k8s.Provider, depends_on: Sequence[pulumi.Resource],
                 parent: pulumi.Resource) -> k8s.helm.v3.Release:
    """A pinned chart in kube-system; a failed install or upgrade rolls back instead of half-applying."""
    return k8s.helm.v3.Release(
        name, name=chart["chart"], chart=chart["chart"], version=chart["version"],
        repository_opts={"repo": chart["repo"]}, namespace=KUBE_SYSTEM, values=values,
        atomic=True, cleanup_on_fail=True, timeout=600, max_history=10,
        opts=pulumi.ResourceOptions(parent=parent, provider=k8s_provider, depends_on=list(depends_on)))


def lb_controller(name: str, *, spec: ClusterSpec, account: Account, irsa: Irsa, cluster_name: str,
                  vpc_id: pulumi.Output[str], tags: dict[str, str], k8s_provider: k8s.Provider,
                  depends_on: Sequence[pulumi.Resource], parent: pulumi.Resource) -> k8s.helm.v3.Release:
    """The AWS Load Balancer Controller: Services with kumo's annotations become NLBs."""
    sa = traits.LB_CONTROLLER_SERVICE_ACCOUNT
    role = irsa.role("lb-controller", namespace=KUBE_SYSTEM, service_account=sa,
                     inline_policy=lb_controller_policy(account.partition))
    values = pulumi.Output.all(role.role.arn, vpc_id).apply(lambda args: {
        "clusterName": cluster_name,
        # IMDS is out of the pods' reach (hop limit 1): region and VPC are given, not discovered.
        "region": account.region, "vpcId": args[1],
        "replicaCount": 2,
        "serviceAccount": {"create": True, "name": sa, "annotations": {"eks.amazonaws.com/role-arn": args[0]}},
        # kumo annotates its Services itself; the controller must not take over other Services silently.
        "enableServiceMutatorWebhook": False,
        "defaultTags": tags,
        **system_placement(spec),
    })
    return helm_release(f"{name}-lb-controller", traits.LB_CONTROLLER_CHART, values=values,
                        k8s_provider=k8s_provider, depends_on=[*depends_on, *role.grants], parent=parent)


def cluster_autoscaler(name: str, *, spec: ClusterSpec, account: Account, irsa: Irsa, cluster_name: str,
                       k8s_provider: k8s.Provider, depends_on: Sequence[pulumi.Resource],
                       parent: pulumi.Resource) -> k8s.helm.v3.Release:
    """The cluster autoscaler, discovering the node groups' Auto Scaling groups by their tags."""
    sa = traits.CLUSTER_AUTOSCALER_SERVICE_ACCOUNT
    role = irsa.role("cluster-autoscaler", namespace=KUBE_SYSTEM, service_account=sa,
                     inline_policy=autoscaler_policy(account, cluster_name))
    image_tag = traits.CLUSTER_AUTOSCALER_IMAGE_TAGS.get(spec.kubernetes_version or "")

    def values(role_arn: str) -> dict[str, Any]:
        result: dict[str, Any] = {
            "cloudProvider": "aws", "awsRegion": account.region,
            "autoDiscovery": {"clusterName": cluster_name},
            "rbac": {"serviceAccount": {"create": True, "name": sa,
                                        "annotations": {"eks.amazonaws.com/role-arn": role_arn}}},
            "extraArgs": {"balance-similar-node-groups": "true", "expander": "least-waste",
                          "skip-nodes-with-local-storage": "false"},
            **system_placement(spec),
        }
        if image_tag:  # the chart's default image follows the newest Kubernetes minor
            result["image"] = {"tag": image_tag}
        return result

    return helm_release(f"{name}-cluster-autoscaler", traits.CLUSTER_AUTOSCALER_CHART,
                        values=role.role.arn.apply(values), k8s_provider=k8s_provider,
                        depends_on=[*depends_on, *role.grants], parent=parent)
