"""ClusterLayer: the GKE cluster and what belongs to it (type token kumo:gcp:ClusterLayer).

The nodes' service account and its roles (identity.py), the control plane (gke.py), its Backup for GKE plan
(gke_backup.py), the project's Binary Authorization policy and Kubernetes read audit
(admission.py), the node pools (node_pools.py), the load balancer's static address (load_balancer.py), the
nfs-lock firewall rule that admits Filestore to the nodes' service account (storage.py), and the exec-based
kubeconfig (kubeconfig.py). (The cluster's log bucket and sink are the data layer's: retained audit evidence,
audit.py.)
Every network, key and zone comes from the data layer's outputs (`data.get`), never from its resources;
the data layer (and its APIs) is applied first, so nothing here waits on a resource of that stack.
"""

from __future__ import annotations

from typing import Any

import pulumi

from components.gcp.admission import build_admission_policy, build_read_audit
from components.gcp.gke import build_cluster
from components.gcp.gke_backup import build_backup_plan
from components.gcp.identity import build_node_identity
from components.gcp.kubeconfig import api_host, kubeconfig
from components.gcp.load_balancer import exposure
from components.gcp.node_pools import build_node_pool
from components.gcp.scope import layer_scope
from components.gcp.storage import block_class, nfs_lock_firewall
from components.layers.contract import ApiAccess, LayerRef
from components.spec import ClusterSpec

TYPE = "kumo:gcp:ClusterLayer"


class ClusterLayer(pulumi.ComponentResource):
    """The cluster layer of one GKE environment.

    `outputs` are the contract's CLUSTER_OUTPUTS: `cluster_name`, `endpoint` (https:// + the IP endpoint of
    a public cluster, + the DNS-based endpoint of a private one), `kubeconfig` (secret, exec-based),
    `node_pools`, `block_class` (pd CSI, encrypted with the data layer's disk key), `load_balancer`
    (annotations, and the reserved address with spec.load_balancer.static_ip) and `api_access`.
    """

    outputs: dict[str, pulumi.Input[Any]]

    def __init__(
        self, name: str, spec: ClusterSpec, data: LayerRef, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__(TYPE, name, None, opts)
        scope = layer_scope(name, spec, self)
        zones = data.get("zones").apply(lambda names: _same_zone_count(list(names), spec.network.zones))
        disk_key = data.get("disks_key")
        nodes = build_node_identity(name, scope)
        cluster = build_cluster(
            name,
            spec,
            scope,
            zones=zones,
            network=data.get("network"),
            subnetwork=data.get("subnetwork"),
            secrets_key=data.get("secrets_key"),
            disk_key=disk_key,
            node_account=nodes.account.email,
            depends_on=list(nodes.roles),
        )
        build_backup_plan(name, spec, scope, cluster, key=disk_key)
        build_admission_policy(name, spec, scope)  # GOV-01: the policy the cluster enforces
        build_read_audit(name, scope)  # LOG-04: reads of Secrets audited
        pools = [
            build_node_pool(
                name,
                pool,
                cluster,
                scope=scope,
                zones=zones,
                zone_count=spec.network.zones,
                service_account=nodes.account.email,
                disk_key=disk_key,
                depends_on=list(nodes.roles),
            )
            for pool in spec.node_pools
        ]
        if spec.storage.shared is not None:
            nfs_lock_firewall(
                f"{name}-shared",
                network=data.get("network"),
                psa_range=data.get("psa_range"),
                node_account=nodes.account.email,
                scope=scope,
            )

        host = api_host(cluster, public=spec.api.public)
        self.outputs = {
            "cluster_name": cluster.name,
            "endpoint": host.apply(lambda h: f"https://{h}"),
            "kubeconfig": pulumi.Output.secret(
                kubeconfig(scope.project, scope.region, name, cluster, public=spec.api.public)
            ),
            # Read from the pools, so the output exists only once every pool does.
            "node_pools": pulumi.Output.all(*(pool.name for pool in pools)),
            "block_class": block_class(spec, disk_key).to_output(),
            "load_balancer": exposure(name, spec, scope).to_output(),
            # Both kinds of endpoint answer from anywhere: a public one to its allow-list, the DNS-based one
            # of a private cluster to any caller with IAM permission on the cluster. No way in to name.
            "api_access": ApiAccess(public=spec.api.public, host=host, ways_in=[]).to_output(),
        }
        self.register_outputs(self.outputs)


def _same_zone_count(zones: list[str], wanted: int) -> list[str]:
    """The data layer's zones, if they are as many as the spec asks (pool sizes are per zone)."""
    if len(zones) != wanted:
        raise pulumi.RunError(
            f"the data layer has {len(zones)} node zone(s) ({', '.join(zones)}) but "
            f"spec.network.zones is {wanted}: apply the data layer first "
            "(kumo up STACK --layer data)"
        )
    return zones
