"""AWS's share of the in-cluster layer: the controllers kumo installs by Helm, as pure data.

- The AWS Load Balancer Controller: Services with kumo's annotations become NLBs.
- The cluster autoscaler: the thing that scales the managed node groups (they ignore their desired size).

Both run on the system pool, in kube-system, under the IRSA roles the cluster layer created; their values
are built from the cluster layer's outputs (cluster name, region, VPC id, role ARNs). No cloud SDK here:
the in-cluster layer talks to the API server only.
"""

from __future__ import annotations

from typing import Any

import pulumi

from components.aws import traits
from components.layers.contract import ChartRelease, InClusterParts, LayerRef
from components.spec import POOL_LABEL, ClusterSpec, node_taints

KUBE_SYSTEM = "kube-system"

CONTROLLER_OUTPUTS = ("cluster_name", "region", "vpc_id", "lb_controller_role_arn", "cluster_autoscaler_role_arn")
"""Cluster-layer outputs (beyond the contract's) the controllers' values are built from."""


def system_placement(spec: ClusterSpec) -> dict[str, Any]:
    """Helm values that pin a controller to the system pool and tolerate that pool's taints."""
    pool = spec.system_pool
    tolerations = [{"key": t.key, "operator": "Equal", "value": t.value, "effect": t.effect} for t in node_taints(pool)]
    return {"nodeSelector": {POOL_LABEL: pool.name}, "tolerations": tolerations}


def lb_controller_values(
    spec: ClusterSpec, *, cluster_name: str, region: str, vpc_id: str, role_arn: str, tags: dict[str, str]
) -> dict[str, Any]:
    """Values of the AWS Load Balancer Controller chart."""
    return {
        "clusterName": cluster_name,
        # IMDS is out of the pods' reach (hop limit 1): region and VPC are given, not discovered.
        "region": region,
        "vpcId": vpc_id,
        "replicaCount": 2,
        "serviceAccount": {
            "create": True,
            "name": traits.LB_CONTROLLER_SERVICE_ACCOUNT,
            "annotations": {"eks.amazonaws.com/role-arn": role_arn},
        },
        # kumo annotates its Services itself; the controller must not take over other Services silently.
        "enableServiceMutatorWebhook": False,
        # What it creates carries the environment's tags, as everything the provider creates does.
        "defaultTags": tags,
        **system_placement(spec),
    }


def cluster_autoscaler_values(spec: ClusterSpec, *, cluster_name: str, region: str, role_arn: str) -> dict[str, Any]:
    """Values of the cluster autoscaler chart: it discovers the node groups' Auto Scaling groups by their tags."""
    values: dict[str, Any] = {
        "cloudProvider": "aws",
        "awsRegion": region,
        "autoDiscovery": {"clusterName": cluster_name},
        "rbac": {
            "serviceAccount": {
                "create": True,
                "name": traits.CLUSTER_AUTOSCALER_SERVICE_ACCOUNT,
                "annotations": {"eks.amazonaws.com/role-arn": role_arn},
            }
        },
        "extraArgs": {
            "balance-similar-node-groups": "true",
            "expander": "least-waste",
            "skip-nodes-with-local-storage": "false",
        },
        **system_placement(spec),
    }
    if spec.kubernetes_version is not None:  # else EKS's default minor: the chart's own image
        values["image"] = {"tag": autoscaler_image_tag(spec.kubernetes_version)}
    return values


def autoscaler_image_tag(minor: str) -> str:
    """The cluster autoscaler of the cluster's minor; a minor without one is kumo's omission, never a silent
    fallback to the chart's default (which follows another minor)."""
    tag = traits.CLUSTER_AUTOSCALER_IMAGE_TAGS.get(minor)
    if tag is None:
        raise ValueError(
            f"kubernetes_version {minor}: kumo pins no cluster-autoscaler image for it (add the newest "
            f"v{minor}.N to components/aws/traits.CLUSTER_AUTOSCALER_IMAGE_TAGS)"
        )
    return tag


def release(name: str, chart: dict[str, str], values: pulumi.Input[dict[str, Any]]) -> ChartRelease:
    """A pinned chart (traits) in kube-system."""
    return ChartRelease(
        name=name,
        chart=chart["chart"],
        version=chart["version"],
        repo=chart["repo"],
        namespace=KUBE_SYSTEM,
        values=values,
    )


def in_cluster(name: str, spec: ClusterSpec, cluster: LayerRef) -> InClusterParts:
    """The two controllers, from the cluster layer's outputs, and no default StorageClass to un-mark."""
    if spec.kubernetes_version is not None:
        autoscaler_image_tag(spec.kubernetes_version)  # fail before anything is registered
    outputs = {key: cluster.get(key) for key in CONTROLLER_OUTPUTS}
    lb_values = pulumi.Output.all(**outputs).apply(
        lambda o: lb_controller_values(
            spec,
            cluster_name=o["cluster_name"],
            region=o["region"],
            vpc_id=o["vpc_id"],
            role_arn=o["lb_controller_role_arn"],
            tags=traits.kumo_tags(name, spec.tags),
        )
    )
    autoscaler_values = pulumi.Output.all(**outputs).apply(
        lambda o: cluster_autoscaler_values(
            spec, cluster_name=o["cluster_name"], region=o["region"], role_arn=o["cluster_autoscaler_role_arn"]
        )
    )
    return InClusterParts(
        controllers=[
            release(f"{name}-lb-controller", traits.LB_CONTROLLER_CHART, lb_values),
            release(f"{name}-cluster-autoscaler", traits.CLUSTER_AUTOSCALER_CHART, autoscaler_values),
        ],
        builtin_default_classes=list(traits.BUILTIN_DEFAULT_CLASSES),
    )
