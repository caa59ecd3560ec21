"""EKS managed node groups, one per `NodePoolSpec`, each with its own launch template.

The launch template hardens the node (IMDSv2 with hop limit 1, IAM-03; encrypted gp3 root volume with the
cluster's CMK, ENC-03); the node group spreads the pool over every private subnet (REL-01), runs Amazon
Linux 2023 (NODE-02), repairs itself (NODE-03) and rolls a third of the nodes at a time (NODE-06). Min/max
are pool-wide; the cluster autoscaler owns the desired size after creation, so it is ignored.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pulumi
import pulumi_aws as aws

from components.aws import traits
from components.aws.scope import AwsScope
from components.sizes import machine_type
from components.spec import POOL_LABEL, NodePoolSpec, node_labels, node_taints

AUTOSCALER_TAG_PREFIX = "k8s.io/cluster-autoscaler"


def instance_types(pool: NodePoolSpec) -> list[str]:
    """The pool's instance types: its override alone, else the size's type (plus same-shape spot types)."""
    if pool.machine_types.aws:
        return [pool.machine_types.aws]
    if pool.spot:
        return list(traits.SPOT_ALTERNATIVES[pool.size])
    return [machine_type("aws", pool)]


def autoscaler_tags(pool: NodePoolSpec) -> dict[str, str]:
    """Tags kumo puts on the pool's Auto Scaling group: the node template (labels, taints), so the autoscaler
    can scale the pool up from zero nodes.

    Not the auto-discovery pair (`k8s.io/cluster-autoscaler/enabled`, `.../<cluster>`): EKS puts those on every
    managed node group's Auto Scaling group itself (facts.EKS_MANAGED_ASG_TAGS, with the EKS document), and
    declaring them again would make two owners of one tag (deleting kumo's copy deletes EKS's)."""
    tags = {}
    for key, value in node_labels(pool).items():
        tags[f"{AUTOSCALER_TAG_PREFIX}/node-template/label/{key}"] = value
    for taint in node_taints(pool):
        tags[f"{AUTOSCALER_TAG_PREFIX}/node-template/taint/{taint.key}"] = f"{taint.value}:{taint.effect}"
    return tags


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def node_pool(
    pool: NodePoolSpec,
    *,
    scope: AwsScope,
    cluster: aws.eks.Cluster,
    node_role: aws.iam.Role,
    subnet_ids: pulumi.Input[Sequence[str]],
    node_security_group_id: pulumi.Input[str],
    disk_key_arn: pulumi.Input[str],
    depends_on: list[pulumi.Resource],
) -> aws.eks.NodeGroup:
    """Launch template + managed node group (+ node-template tags on its Auto Scaling group) for one pool,
    named `{cluster}-{pool}`.

    The private subnets, the network's node security group and the cluster key come from the data layer."""
    pool_name = scope.name(pool.name)
    cluster_name = scope.cluster
    child = scope.opts()
    types = instance_types(pool)
    node_tags = {"Name": pool_name, POOL_LABEL: pool.name}

    template = aws.ec2.LaunchTemplate(
        f"{pool_name}-lt",
        description=f"kumo pool {pool.name} of {cluster_name}",
        update_default_version=True,
        # Nodes join the EKS cluster security group and kumo's node group (data services admit the latter).
        vpc_security_group_ids=[cluster.vpc_config.cluster_security_group_id, node_security_group_id],
        metadata_options={
            "http_endpoint": "enabled",
            "http_tokens": "required",
            "http_put_response_hop_limit": 1,
            "instance_metadata_tags": "disabled",
        },
        block_device_mappings=[
            aws.ec2.LaunchTemplateBlockDeviceMappingArgs(
                device_name=traits.ROOT_DEVICE_NAME,
                ebs=aws.ec2.LaunchTemplateBlockDeviceMappingEbsArgs(
                    volume_size=pool.disk_size_gb,
                    volume_type=traits.ROOT_VOLUME_TYPE,
                    iops=traits.ROOT_VOLUME_IOPS,
                    throughput=traits.ROOT_VOLUME_THROUGHPUT,
                    encrypted="true",
                    kms_key_id=disk_key_arn,
                    delete_on_termination="true",
                ),
            )
        ],
        # Provider default tags stop at the launch template; instances and volumes are tagged here.
        tag_specifications=[
            {"resource_type": kind, "tags": node_tags} for kind in ("instance", "volume", "network-interface")
        ],
        tags={"Name": f"{pool_name}-lt"},
        opts=child,
    )

    group = aws.eks.NodeGroup(
        pool_name,
        cluster_name=cluster.name,
        node_role_arn=node_role.arn,
        subnet_ids=subnet_ids,
        ami_type=traits.ami_type(types[0]),
        capacity_type=traits.CAPACITY_TYPES[pool.spot],
        instance_types=types,
        launch_template={"id": template.id, "version": template.latest_version.apply(str)},
        scaling_config={"min_size": pool.min_nodes, "max_size": pool.max_nodes, "desired_size": pool.min_nodes},
        labels=node_labels(pool),
        taints=[
            aws.eks.NodeGroupTaintArgs(key=t.key, value=t.value or None, effect=traits.TAINT_EFFECTS[t.effect])
            for t in node_taints(pool)
        ],
        update_config={"max_unavailable_percentage": 33},
        node_repair_config={"enabled": True},
        tags={"Name": pool_name, POOL_LABEL: pool.name},
        opts=scope.opts(
            depends_on=depends_on,
            # The cluster autoscaler owns the node count once the pool exists.
            ignore_changes=["scalingConfig.desiredSize"],
            custom_timeouts=pulumi.CustomTimeouts(create="30m", update="60m", delete="30m"),
        ),
    )

    asg_name = group.resources.apply(lambda resources: (resources[0].autoscaling_groups or [])[0].name or "")
    for key, value in autoscaler_tags(pool).items():
        aws.autoscaling.Tag(
            f"{pool_name}-asg-{_slug(key.removeprefix(AUTOSCALER_TAG_PREFIX))}",
            autoscaling_group_name=asg_name,
            tag={"key": key, "value": value, "propagate_at_launch": False},
            opts=child,
        )
    return group
