"""GkeCluster: kumo's cluster on Google Kubernetes Engine (Standard, regional, private nodes).

Project and region come from the stack's `gcp:project` and `gcp:region`; every child uses an explicit
`gcp.Provider` (a child of this component) whose default_labels carry the spec's tags and kumo's own.
Zones: the region's zones that are UP (`gcp.compute.get_zones`), in name order, first spec.network.zones.
"""

from __future__ import annotations

import json

import pulumi
import pulumi_gcp as gcp

from components.cluster import CloudParts, LoadBalancerExposure, ManagedCluster
from components.gcp import layout, traits
from components.gcp.apis import enable_apis
from components.gcp.backup import build_backup_plan
from components.gcp.identity import NodeIdentity, build_node_identity
from components.gcp.keys import ClusterKeys, build_cluster_keys
from components.gcp.logs import build_cluster_logs
from components.gcp.network import POD_RANGE, SERVICE_RANGE, Network, build_network
from components.gcp.node_pools import build_node_pool
from components.gcp.scope import Scope
from components.gcp.storage import SharedStorage, block_class
from components.sizes import machine_type
from components.spec import ClusterSpec

TYPE = "kumo:gcp:GkeCluster"


class GkeCluster(ManagedCluster):
    """A regional GKE Standard cluster built from the cloud-neutral spec (see ManagedCluster for outputs)."""

    def __init__(self, name: str, spec: ClusterSpec, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(TYPE, name, spec, opts)

    def _build_cloud(self, name: str, spec: ClusterSpec) -> CloudParts:
        config = pulumi.Config("gcp")
        project = config.require("project")
        region = config.require("region")
        labels = layout.kumo_labels(name, spec.tags)
        provider = gcp.Provider(f"{name}-gcp", project=project, region=region, default_labels=labels,
                                opts=pulumi.ResourceOptions(parent=self))
        invoke = pulumi.InvokeOptions(provider=provider, parent=self)
        zones = layout.pick_zones(gcp.compute.get_zones(project=project, region=region, status="UP",
                                                        opts=invoke).names,
                                  spec.network.zones, region)
        scope = Scope(parent=self, provider=provider, project=project, region=region, zones=zones, labels=labels)
        scope = scope.with_apis(enable_apis(name, scope, shared_store=spec.storage.shared is not None))
        project_number = gcp.organizations.get_project_output(project_id=project, opts=invoke).number

        network = build_network(name, spec.network, scope)
        keys = build_cluster_keys(name, scope, project_number, protect=spec.deletion_protection)
        nodes = build_node_identity(name, scope)

        # Durable data first: it depends on the network only, never on the cluster below.
        shared = (SharedStorage(f"{name}-shared", spec, network, scope, project_number,
                                node_account=nodes.account.email, opts=pulumi.ResourceOptions(parent=self))
                  if spec.storage.shared is not None else None)

        cluster = self._cluster(name, spec, scope, network, keys, nodes)
        build_cluster_logs(name, scope, protect=spec.deletion_protection)
        build_backup_plan(name, spec, scope, cluster)
        pool_deps: list[pulumi.Resource] = [*keys.grants, *nodes.roles, network.nat]
        pools = {pool.name: build_node_pool(name, pool, cluster, scope=scope, service_account=nodes.account.email,
                                            disk_key=keys.disks.id, depends_on=pool_deps)
                 for pool in spec.node_pools}

        return CloudParts(
            cluster=cluster,
            cluster_name=cluster.name,
            endpoint=cluster.endpoint,
            kubeconfig=kubeconfig(project, region, name, cluster),
            node_pools=dict(pools),
            block=block_class(spec, keys.disks.id),
            shared=shared.store if shared is not None else None,
            load_balancer=self._exposure(name, spec, scope),
            builtin_default_classes=list(traits.BUILTIN_DEFAULT_CLASSES),
            addons=list(pools.values()),
        )

    def _cluster(self, name: str, spec: ClusterSpec, scope: Scope, network: Network, keys: ClusterKeys,
                 nodes: NodeIdentity) -> gcp.container.Cluster:
        system = spec.system_pool
        public = spec.api.public
        return gcp.container.Cluster(
            name,
            name=name,
            location=scope.region,  # regional: control plane replicated across zones (REL-01)
            node_locations=scope.zones,
            network=network.vpc.id,
            subnetwork=network.subnet.id,
            networking_mode="VPC_NATIVE",  # NET-06
            ip_allocation_policy={"cluster_secondary_range_name": POD_RANGE,
                                  "services_secondary_range_name": SERVICE_RANGE, "stack_type": "IPV4"},
            # GKE insists on a default pool at creation; kumo deletes it and manages its own pools. It is
            # hardened like them while it exists.
            remove_default_node_pool=True,
            initial_node_count=1,
            node_config={
                "machine_type": machine_type("gcp", system),
                "disk_size_gb": system.disk_size_gb,
                "disk_type": traits.NODE_DISK_TYPE,
                "boot_disk_kms_key": keys.disks.id,
                "image_type": traits.NODE_IMAGE_TYPE,
                "service_account": nodes.account.email,
                "oauth_scopes": traits.NODE_OAUTH_SCOPES,
                "metadata": traits.NODE_METADATA,
                "shielded_instance_config": {"enable_secure_boot": True, "enable_integrity_monitoring": True},
                "workload_metadata_config": {"mode": "GKE_METADATA"},
            },
            min_master_version=spec.kubernetes_version,
            release_channel={"channel": spec.gcp.release_channel},  # NODE-04
            maintenance_policy={"daily_maintenance_window": {"start_time": traits.MAINTENANCE_START}},
            private_cluster_config={
                "enable_private_nodes": True,  # NET-03
                "enable_private_endpoint": not public,  # NET-01
                "master_ipv4_cidr_block": layout.master_cidr(spec.network),
                "master_global_access_config": {"enabled": False},
            },
            master_authorized_networks_config={  # NET-02: the allow-list, and no Google-owned ranges
                "cidr_blocks": [{"cidr_block": c, "display_name": f"authorized-{i}"}
                                for i, c in enumerate(spec.api.authorized_cidrs)],
                "gcp_public_cidrs_access_enabled": False,
            },
            datapath_provider=traits.DATAPATH_PROVIDER,  # NET-04 (Dataplane V2 enforces NetworkPolicy)
            addons_config={
                "http_load_balancing": {"disabled": False},
                "horizontal_pod_autoscaling": {"disabled": False},
                "gce_persistent_disk_csi_driver_config": {"enabled": True},
                "gcp_filestore_csi_driver_config": {"enabled": True},
                "gke_backup_agent_config": {"enabled": True},  # Backup for GKE (backup.py): objects + PD only
            },
            master_auth={"client_certificate_config": {"issue_client_certificate": False}},  # IAM-04
            enable_legacy_abac=False,  # IAM-04
            enable_kubernetes_alpha=False,  # GOV-02
            enable_shielded_nodes=True,  # NODE-01
            workload_identity_config={"workload_pool": f"{scope.project}.svc.id.goog"},  # IAM-01
            database_encryption={"state": "ENCRYPTED", "key_name": keys.secrets.id},  # ENC-01
            logging_config={"enable_components": traits.LOGGING_COMPONENTS},  # LOG-01
            monitoring_config={"enable_components": traits.MONITORING_COMPONENTS,
                               "managed_prometheus": {"enabled": True}},
            security_posture_config={"mode": "BASIC", "vulnerability_mode": "VULNERABILITY_BASIC"},
            # GOV-01: only images the project's Binary Authorization policy admits. That policy is a
            # project singleton kumo does not manage; until someone sets one, it allows every image.
            binary_authorization={"evaluation_mode": traits.BINAUTHZ_EVALUATION_MODE},
            authenticator_groups_config=({"security_group": spec.gcp.security_group}
                                         if spec.gcp.security_group else None),  # IAM-05
            deletion_protection=spec.deletion_protection,  # REL-04
            opts=scope.opts(
                "container", "compute", "binaryauthorization", "gkebackup", "logging",
                # The keys must be usable by GKE (Secrets) and Compute Engine (default pool disks) first.
                depends_on=[*keys.grants, *nodes.roles],
                # The default pool's template and size only matter at creation; both force replacement.
                ignore_changes=["nodeConfig", "initialNodeCount"],
                custom_timeouts=pulumi.CustomTimeouts(create="45m", update="60m", delete="45m"),
            ),
        )

    def _exposure(self, name: str, spec: ClusterSpec, scope: Scope) -> LoadBalancerExposure:
        """Annotations for the scheme; a regional static address when asked (GKE takes loadBalancerIP)."""
        annotations: dict[str, pulumi.Input[str]] = dict(traits.LB_ANNOTATIONS[spec.load_balancer.scheme])
        if not spec.load_balancer.static_ip:
            return LoadBalancerExposure(annotations=annotations)
        address = gcp.compute.Address(
            f"{name}-lb",
            name=f"{name}-lb",
            region=scope.region,
            address_type="EXTERNAL",
            network_tier="PREMIUM",
            description=f"Static address of kumo cluster {name}'s load balancer",
            opts=scope.opts("compute"),
        )
        return LoadBalancerExposure(annotations=annotations, load_balancer_ip=address.address)


def kubeconfig(project: str, region: str, name: str, cluster: gcp.container.Cluster) -> pulumi.Output[str]:
    """An exec-based kubeconfig: gke-gcloud-auth-plugin fetches short-lived tokens; no static credential."""
    context = f"gke_{project}_{region}_{name}"  # the name gcloud gives the same cluster

    def render(args: list[str]) -> str:
        endpoint, ca = args
        return json.dumps({
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [{"name": context, "cluster": {"server": f"https://{endpoint}",
                                                        "certificate-authority-data": ca}}],
            "contexts": [{"name": context, "context": {"cluster": context, "user": context}}],
            "current-context": context,
            "preferences": {},
            "users": [{"name": context, "user": {"exec": {
                "apiVersion": "client.authentication.k8s.io/v1beta1",
                "command": "gke-gcloud-auth-plugin",
                "provideClusterInfo": True,
                "interactiveMode": "IfAvailable",
                "installHint": "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin "
                               "(see https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl)",
            }}}],
        }, indent=2)

    ca = cluster.master_auth.apply(lambda auth: auth.cluster_ca_certificate or "")
    return pulumi.Output.all(cluster.endpoint, ca).apply(render)
