"""GKE node pools: one per spec pool, spread over the node zones, autoscaled with pool-wide limits.

The spec's min_nodes/max_nodes are totals across zones, so they become total_min/total_max_node_count
(GKE's min/max_node_count would be per zone). initial_node_count is per zone, only matters at creation,
and forces replacement when changed, so it is ignored afterwards: the autoscaler owns the size.
"""

from __future__ import annotations

import pulumi
import pulumi_gcp as gcp

from components.gcp import layout, traits
from components.gcp.scope import GcpScope
from components.sizes import machine_type
from components.spec import NodePoolSpec, node_labels
from components.spec import node_taints as kumo_node_taints


def node_taints(pool: NodePoolSpec) -> list[gcp.container.NodePoolNodeConfigTaintArgsDict]:
    """kumo's node taints (components/spec/nodes.py) in GKE's spelling (NO_SCHEDULE, ...); the nodes show
    the Kubernetes one. Labels need no translation: node_config.labels takes spec.node_labels as is."""
    return [{"key": t.key, "value": t.value, "effect": traits.TAINT_EFFECTS[t.effect]} for t in kumo_node_taints(pool)]


def build_node_pool(
    name: str,
    pool: NodePoolSpec,
    cluster: gcp.container.Cluster,
    *,
    scope: GcpScope,
    zones: pulumi.Input[list[str]],
    zone_count: int,
    service_account: pulumi.Input[str],
    disk_key: pulumi.Input[str],
    depends_on: list[pulumi.Resource],
) -> gcp.container.NodePool:
    """One autoscaled, auto-repaired, surge-upgraded pool of shielded COS nodes over `zones` (the data
    layer's node zones, as an output; `zone_count` is how many there are, spec.network.zones)."""
    counts = layout.initial_per_zone(pool.min_nodes, pool.max_nodes, zone_count)
    if not counts.exact:
        pulumi.log.warn(
            f"node pool {pool.name}: no per-zone count over {zone_count} zones gives a total "
            f"between {pool.min_nodes} and {pool.max_nodes}; starting with "
            f"{counts.initial_per_zone} per zone",
            resource=cluster,
        )
    return gcp.container.NodePool(
        f"{name}-{pool.name}",
        name=pool.name,
        cluster=cluster.id,
        location=scope.region,
        node_locations=zones,
        initial_node_count=counts.initial_per_zone,
        autoscaling={
            "total_min_node_count": pool.min_nodes,
            "total_max_node_count": pool.max_nodes,
            "location_policy": traits.SPOT_LOCATION_POLICY if pool.spot else traits.ON_DEMAND_LOCATION_POLICY,
        },
        management={"auto_repair": True, "auto_upgrade": True},  # NODE-03, NODE-04
        # One extra node at a time and none taken away before its replacement is ready (NODE-06).
        upgrade_settings={"strategy": "SURGE", "max_surge": 1, "max_unavailable": 0},
        node_config={
            "machine_type": machine_type("gcp", pool),
            "disk_size_gb": pool.disk_size_gb,
            "disk_type": traits.NODE_DISK_TYPE,
            "boot_disk_kms_key": disk_key,  # ENC-03
            "image_type": traits.NODE_IMAGE_TYPE,
            "spot": pool.spot,
            "service_account": service_account,
            "oauth_scopes": traits.NODE_OAUTH_SCOPES,
            "labels": node_labels(pool),
            "taints": node_taints(pool),
            "resource_labels": scope.labels,  # node VMs and disks are not covered by default_labels
            "metadata": traits.NODE_METADATA,
            "shielded_instance_config": {"enable_secure_boot": True, "enable_integrity_monitoring": True},
            "workload_metadata_config": {"mode": "GKE_METADATA"},
        },
        opts=scope.opts(
            "container",
            depends_on=depends_on,
            ignore_changes=["initialNodeCount"],
            custom_timeouts=pulumi.CustomTimeouts(create="30m", update="60m", delete="30m"),
        ),
    )
