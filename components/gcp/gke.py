"""The GKE control plane: a regional GKE Standard cluster (private nodes), and how its API is reached.

Built by the cluster layer (cluster_layer.py) in the data layer's VPC and subnetwork, with the data layer's
keys; the node zones are the data layer's too (the zones its NAT addresses and Filestore were placed in).

API access (spec.api):
- public: the IP endpoint, allow-listed by master authorized networks (`authorized_cidrs`). The DNS-based
  endpoint stays closed to user traffic: authorized networks do not apply to it, so opening it would bypass
  the allow-list.
- private: the IP endpoints stay private (private endpoint only, authorized networks enforced on it, with
  `private_access_cidrs` admitted), and the DNS-based endpoint takes user traffic: it answers from any network
  that reaches Google APIs and admits only requests whose Google identity holds IAM permission on the cluster
  (container.clusters.connect), so `kumo up` reaches a private cluster from a laptop with no VPN or bastion.
  https://cloud.google.com/kubernetes-engine/docs/concepts/network-isolation ("DNS-based endpoint")
"""

from __future__ import annotations

import pulumi
import pulumi_gcp as gcp

from components.gcp import layout, traits
from components.gcp.network import POD_RANGE, SERVICE_RANGE
from components.gcp.scope import GcpScope
from components.sizes import machine_type
from components.spec import ApiSpec, ClusterSpec, NetworkSpec


def api_access_config(
    api: ApiSpec, network: NetworkSpec
) -> tuple[
    gcp.container.ClusterPrivateClusterConfigArgsDict,
    gcp.container.ClusterMasterAuthorizedNetworksConfigArgsDict,
    gcp.container.ClusterControlPlaneEndpointsConfigArgsDict,
]:
    """(private_cluster_config, master_authorized_networks_config, control_plane_endpoints_config) for
    spec.api: see the module docstring."""
    public = api.public
    private_cluster: gcp.container.ClusterPrivateClusterConfigArgsDict = {
        "enable_private_nodes": True,  # NET-03
        "enable_private_endpoint": not public,  # NET-01
        "master_ipv4_cidr_block": layout.master_cidr(network),
        "master_global_access_config": {"enabled": False},
    }
    # NET-02: the allow-list, and no Google-owned ranges. A private endpoint admits the operator networks
    # (GKE takes only private ranges there) and, with enforcement on, nothing else beyond the cluster's own
    # ranges, which GKE always admits (https://cloud.google.com/kubernetes-engine/docs/how-to/authorized-networks).
    cidrs, label = (api.authorized_cidrs, "authorized") if public else (api.private_access_cidrs, "private-access")
    authorized: gcp.container.ClusterMasterAuthorizedNetworksConfigArgsDict = {
        "cidr_blocks": [{"cidr_block": c, "display_name": f"{label}-{i}"} for i, c in enumerate(cidrs)],
        "gcp_public_cidrs_access_enabled": False,
    }
    if not public:
        authorized["private_endpoint_enforcement_enabled"] = True
    endpoints: gcp.container.ClusterControlPlaneEndpointsConfigArgsDict = {
        # allow_external_traffic: whether user traffic is allowed over the DNS endpoint (Google's own services
        # may use it either way). Only for a private cluster: see the module docstring.
        "dns_endpoint_config": {"allow_external_traffic": not public},
        "ip_endpoints_config": {"enabled": True},  # nodes and the private/public IP endpoint keep working
    }
    return private_cluster, authorized, endpoints


def build_cluster(
    name: str,
    spec: ClusterSpec,
    scope: GcpScope,
    *,
    zones: pulumi.Input[list[str]],
    network: pulumi.Input[str],
    subnetwork: pulumi.Input[str],
    secrets_key: pulumi.Input[str],
    disk_key: pulumi.Input[str],
    node_account: pulumi.Input[str],
    depends_on: list[pulumi.Resource],
) -> gcp.container.Cluster:
    """The regional cluster, its default pool removed (kumo manages its own pools: node_pools.py)."""
    system = spec.system_pool
    private_cluster, authorized, endpoints = api_access_config(spec.api, spec.network)
    return gcp.container.Cluster(
        name,
        name=name,
        location=scope.region,  # regional: control plane replicated across zones (REL-01)
        node_locations=zones,
        network=network,
        subnetwork=subnetwork,
        networking_mode="VPC_NATIVE",  # NET-06
        ip_allocation_policy={
            "cluster_secondary_range_name": POD_RANGE,
            "services_secondary_range_name": SERVICE_RANGE,
            "stack_type": "IPV4",
        },
        # GKE insists on a default pool at creation; kumo deletes it and manages its own pools. It is
        # hardened like them while it exists.
        remove_default_node_pool=True,
        initial_node_count=1,
        node_config={
            "machine_type": machine_type("gcp", system),
            "disk_size_gb": system.disk_size_gb,
            "disk_type": traits.NODE_DISK_TYPE,
            "boot_disk_kms_key": disk_key,
            "image_type": traits.NODE_IMAGE_TYPE,
            "service_account": node_account,
            "oauth_scopes": traits.NODE_OAUTH_SCOPES,
            "metadata": traits.NODE_METADATA,
            "shielded_instance_config": {"enable_secure_boot": True, "enable_integrity_monitoring": True},
            "workload_metadata_config": {"mode": "GKE_METADATA"},
        },
        min_master_version=spec.kubernetes_version,
        release_channel={"channel": spec.gcp.release_channel},  # NODE-04
        maintenance_policy={"daily_maintenance_window": {"start_time": traits.MAINTENANCE_START}},
        private_cluster_config=private_cluster,
        master_authorized_networks_config=authorized,
        control_plane_endpoints_config=endpoints,
        datapath_provider=traits.DATAPATH_PROVIDER,  # NET-04 (Dataplane V2 enforces NetworkPolicy)
        # LOG-03: Pod-to-Pod traffic on one node crosses the VPC too, so its flow logs see it (supported with
        # Dataplane V2: service_facts.INTRANODE_VISIBILITY_SOURCE).
        enable_intranode_visibility=True,
        addons_config={
            "http_load_balancing": {"disabled": False},
            "horizontal_pod_autoscaling": {"disabled": False},
            "gce_persistent_disk_csi_driver_config": {"enabled": True},
            "gcp_filestore_csi_driver_config": {"enabled": True},
            "gke_backup_agent_config": {"enabled": True},  # Backup for GKE (gke_backup.py): objects + PD only
        },
        master_auth={"client_certificate_config": {"issue_client_certificate": False}},  # IAM-04
        enable_legacy_abac=False,  # IAM-04
        enable_kubernetes_alpha=False,  # GOV-02
        enable_shielded_nodes=True,  # NODE-01
        workload_identity_config={"workload_pool": f"{scope.project}.svc.id.goog"},  # IAM-01
        database_encryption={"state": "ENCRYPTED", "key_name": secrets_key},  # ENC-01
        logging_config={"enable_components": traits.LOGGING_COMPONENTS},  # LOG-01
        monitoring_config={"enable_components": traits.MONITORING_COMPONENTS, "managed_prometheus": {"enabled": True}},
        # GOV-01: the posture's configuration auditing. Vulnerability scanning left GKE: VULNERABILITY_BASIC is "no
        # longer supported" (service_facts.VULNERABILITY_MODES), so the one value GKE still takes is set explicitly.
        security_posture_config={"mode": traits.SECURITY_POSTURE_MODE, "vulnerability_mode": traits.VULNERABILITY_MODE},
        # GOV-01: only images the project's Binary Authorization policy admits (admission.py writes it).
        binary_authorization={"evaluation_mode": traits.BINAUTHZ_EVALUATION_MODE},
        authenticator_groups_config=(
            {"security_group": spec.gcp.security_group} if spec.gcp.security_group else None
        ),  # IAM-05
        deletion_protection=spec.deletion_protection,  # REL-04
        opts=scope.opts(
            "container",
            "compute",
            "binaryauthorization",
            "gkebackup",
            "logging",
            # The nodes' identity must hold its roles first. (The key grants GKE and Compute Engine need
            # are the data layer's: applied before this layer runs.)
            depends_on=depends_on,
            # The default pool's template and size only matter at creation; both force replacement.
            ignore_changes=["nodeConfig", "initialNodeCount"],
            custom_timeouts=pulumi.CustomTimeouts(create="45m", update="60m", delete="45m"),
        ),
    )
