"""DataLayer: what outlives GKE clusters on Google Cloud (type token kumo:gcp:DataLayer).

The project's APIs (every API the three layers call, container included), the service agents kumo's keys
name, created before any grant names them (agents.py), the VPC (network.py: subnetwork with pod and service
ranges, Cloud Router and NAT), the cluster's Cloud KMS keys and the service-agent grants that let GKE, Compute
Engine and Backup for GKE use them (keys.py), the cluster's log bucket and sink (audit.py: audit evidence,
retained), and the durable shared store with its private-services peering, scheduled backups and the one-shot job
that hands it to the app's user (storage.py, filestore_backups.py, share_owner.py).

The VPC lives here, beside the Filestore peering that keeps it in use: destroying the cluster or in-cluster
layer never trips over that peering, and destroying this layer goes in dependency order (Filestore, then the
peering, then the VPC). Nothing here names a cluster identity: the nfs-lock firewall rule that admits
Filestore to the nodes' service account is the cluster layer's.
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_gcp as gcp

from components.gcp import layout
from components.gcp.agents import build_agents
from components.gcp.apis import enable_apis
from components.gcp.audit import build_cluster_logs
from components.gcp.keys import build_cluster_keys, key_users
from components.gcp.network import build_network, flow_log_sink
from components.gcp.scope import layer_scope
from components.gcp.storage import SharedStorage
from components.layers.contract import SHARED_STORE
from components.spec import ClusterSpec

TYPE = "kumo:gcp:DataLayer"


class DataLayer(pulumi.ComponentResource):
    """The data layer of one GKE environment.

    `outputs` (the stack's exports; what the cluster layer reads):
    - `shared_store`: the Filestore share as the static PersistentVolume sees it (contract.SharedStore), or None.
    - `zones`: the node zones (the region's zones that are UP, in name order, the first spec.network.zones).
    - `network`, `subnetwork`: ids of the VPC and of the node subnetwork (with its pod and service ranges).
    - `secrets_key`, `disks_key`: ids of the Cloud KMS keys for Kubernetes Secrets and for node and PD disks.
    - `psa_range`: the private-services range Filestore's addresses come from (None without a shared store).
    """

    outputs: dict[str, pulumi.Input[Any]]

    def __init__(self, name: str, spec: ClusterSpec, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(TYPE, name, None, opts)
        scope = layer_scope(name, spec, self)
        zones = layout.pick_zones(
            gcp.compute.get_zones(
                project=scope.project, region=scope.region, status="UP", opts=scope.invoke_opts()
            ).names,
            spec.network.zones,
            scope.region,
        )
        scope = scope.with_apis(enable_apis(name, scope, shared_store=spec.storage.shared is not None))
        project_number = gcp.organizations.get_project_output(project_id=scope.project, opts=scope.invoke_opts()).number

        used_keys = ["secrets", "disks", *(["shared"] if spec.storage.shared is not None else [])]
        scope = scope.with_agents(
            build_agents(
                name,
                scope,
                project_number,
                [a for k in used_keys for a in key_users(k)],
                protect=spec.deletion_protection,
            )
        )
        network = build_network(name, spec.network, scope, zones)
        keys = build_cluster_keys(name, scope, protect=spec.deletion_protection)
        logs = build_cluster_logs(name, scope, zones, protect=spec.deletion_protection)
        # Durable data: depends on the network, its own key and the Filestore agent only.
        shared = (
            SharedStorage(f"{name}-shared", spec, scope=scope, network=network)
            if spec.storage.shared is not None
            else None
        )
        # LOG-03: every kumo subnetwork's flow logs, kept like the cluster's other logs (LOG-02).
        subnetworks = [network.subnet, *([shared.owner.subnet] if shared is not None else [])]
        flow_log_sink(name, scope, bucket=logs.id, subnetworks=subnetworks)

        self.outputs = {
            SHARED_STORE: shared.store.to_output() if shared is not None else None,
            "zones": zones,
            "network": network.vpc.id,
            "subnetwork": network.subnet.id,
            "secrets_key": keys.secrets.id,
            "disks_key": keys.disks.id,
            "psa_range": shared.psa_range if shared is not None else None,
        }
        self.register_outputs(self.outputs)
