"""Azure's share of kumo's three layers (components/layers): DataLayer, ClusterLayer and in_cluster().

- data (`kumo:azure:DataLayer`): provider -> client config -> network (resource group, VNet, node, endpoint and
  API server subnets, NAT gateway) -> the VNet's flow log, its storage account, identity and grant (flow_logs.py)
  -> the cluster's private vault, etcd and disk keys, disk encryption set and its key grant -> durable
  shared storage (its own group, vault, key, identity, account, share, private endpoint and DNS; with
  spec.deletion_protection, a CanNotDelete lock on its group).
- cluster (`kumo:azure:ClusterLayer`): provider -> identities and their grants on the data layer's VNet,
  etcd key, vault and disk encryption set -> their propagation wait -> the CSI grant on the shared account -> Log
  Analytics -> the cluster (system pool inline, support plan for its minor, the NAT address allowed to a public
  API) -> user pools, audit diagnostic setting, Container insights' data collection rule and association,
  maintenance windows, deletion lock -> kubeconfig, load-balancer exposure (static IP and its grant), the
  deployer's Kubernetes data-plane role -> a propagation wait on the grants the in-cluster layer relies on.
- in-cluster: nothing Azure installs with Helm; AKS's own default StorageClass is un-marked.

Role propagation (propagation.py): a grant is checked by its first user, which either waits for it in the same
layer (the cluster waits for its identity's grants; the shared account for its key grant) or lives in a later
layer that only starts after this layer's last wait (the in-cluster layer, after the deployer's role, the CSI
and load-balancer grants; the cluster layer's node disks, after the data layer's disk-key grant).

The cluster layer reads the data layer only through `data.get(key)` (DATA_OUTPUTS), so durable data never
depends on the cluster. Each layer is its own stack, hence its own `{name}-azure` provider.
"""

from __future__ import annotations

from typing import Any

import pulumi
from pulumi_azure_native import authorization, containerservice

from components.azure import traits, versions
from components.azure.aks import build_deletion_lock, build_managed_cluster
from components.azure.api_access import api_access
from components.azure.audit import build_audit_logs, build_workspace
from components.azure.flow_logs import build_flow_logs
from components.azure.identity import build_identities, deployer_principal_type, grant
from components.azure.insights import build_container_insights
from components.azure.keys import build_disk_encryption, build_key, build_vault, kms_rotation_steps
from components.azure.kubeconfig import exec_kubeconfig
from components.azure.load_balancer import build_exposure
from components.azure.maintenance import build_maintenance_windows
from components.azure.network import build_network
from components.azure.node_pools import build_agent_pools
from components.azure.policy import build_pod_security_assignment
from components.azure.propagation import RolePropagation
from components.azure.scope import Account, layer_scope
from components.azure.storage import SharedStorage, block_class
from components.azure.versions import UnsupportedVersion, support_plan
from components.azure.zones import vnet_integration_problem, zone_problem
from components.layers.contract import SHARED_STORE, InClusterParts, LayerRef
from components.spec import ClusterSpec

DATA_OUTPUTS: dict[str, str] = {
    SHARED_STORE: "the shared NFS share as the static PersistentVolume sees it, or None",
    "tenant_id": "Entra ID tenant of the subscription (the cluster's AAD profile)",
    "subscription_id": "subscription every resource lives in (built-in role definition ids)",
    "resource_group_name": "the network's resource group, where the cluster layer creates its resources",
    "resource_group_id": "its ARM id (the static load-balancer IP's Network Contributor grant)",
    "vnet_id": "the VNet's ARM id (the control-plane identity's Network Contributor grant)",
    "vnet_name": "the VNet's name (named in api_access.ways_in)",
    "node_subnet_id": "the node subnet every pool joins",
    "api_server_subnet_id": "the delegated subnet the API server joins (API Server VNet Integration)",
    "nat_ip_address": "the NAT gateway's public IP: the nodes' egress address, allowed to a public API server",
    "vault_id": "the cluster's private Key Vault (etcd and disk keys; KMS's private link, its Key Vault Contributor)",
    "etcd_key_id": "ARM id of the etcd (KMS) key (the control plane's Key Vault Crypto User grant)",
    "etcd_key_uri": "its versioned key URI, which AKS's KMS pins",
    "disk_encryption_set_id": "the disk encryption set for node OS disks and kumo-block volumes",
    "shared_account_id": "the shared storage account's ARM id (the file CSI grant), or None",
}
"""Data-layer outputs: what the cluster layer reads, and the shared store the in-cluster layer mounts."""

CLUSTER_EXTRA_OUTPUTS: dict[str, str] = {
    "node_resource_group": "AKS's MC_* group (nodes, load balancers, the private API's DNS zone)",
    "oidc_issuer_url": "the OIDC issuer workload-identity federated credentials trust",
    "kubelet_principal_id": "the nodes' identity (it holds no role: grant it AcrPull on your registry)",
    "etcd_key_rotation": "the commands that move the cluster to the etcd key's newest version (KMS rotation)",
}
"""Cluster-layer outputs beyond contract.CLUSTER_OUTPUTS (in_cluster() reads none of them)."""


class DataLayer(pulumi.ComponentResource):
    """The network, the keys and the durable shared store of one environment: everything that outlives a
    cluster. `outputs` holds DATA_OUTPUTS."""

    outputs: dict[str, pulumi.Input[Any]]

    def __init__(self, name: str, spec: ClusterSpec, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("kumo:azure:DataLayer", name, None, opts)
        scope = layer_scope(name, spec, self)  # the account: the provider's own (its client configuration)
        _check_location(scope.location, spec)

        network = build_network(name, spec.network, scope)
        build_flow_logs(name, scope, network)  # LOG-03
        group = network.resource_group.name
        hsm = spec.azure.hsm_keys
        vault = build_vault(f"{name}-kv", scope, resource_group_name=group, hsm=hsm)
        etcd_key = build_key(f"{name}-etcd", scope, vault=vault, resource_group_name=group, hsm=hsm)
        disk_key = build_key(f"{name}-disks", scope, vault=vault, resource_group_name=group, hsm=hsm)
        disks = build_disk_encryption(name, scope, vault=vault, key=disk_key, resource_group_name=group)

        shared = None
        if spec.storage.shared is not None:
            shared = SharedStorage(
                f"{name}-shared",
                spec.storage.shared,
                scope=scope,
                network=network,
                hsm=hsm,
                deletion_lock=spec.deletion_protection,
            )

        self.outputs = {
            SHARED_STORE: shared.store.to_output() if shared else None,
            "tenant_id": scope.account.tenant_id,
            "subscription_id": scope.account.subscription_id,
            "resource_group_name": group,
            "resource_group_id": network.resource_group.id,
            "vnet_id": network.vnet.id,
            "vnet_name": network.vnet.name,
            "node_subnet_id": network.node_subnet.id,
            "api_server_subnet_id": network.api_server_subnet.id,
            "nat_ip_address": network.nat_ip.ip_address,
            "vault_id": vault.id,
            "etcd_key_id": etcd_key.id,
            "etcd_key_uri": etcd_key.key_uri_with_version,
            "disk_encryption_set_id": disks.disk_encryption_set.id,
            "shared_account_id": shared.account.id if shared else None,
        }
        self.register_outputs(self.outputs)


class ClusterLayer(pulumi.ComponentResource):
    """The AKS cluster, its identities, pools, logs and lock, built on the data layer's outputs.
    `outputs` holds every key of contract.CLUSTER_OUTPUTS plus CLUSTER_EXTRA_OUTPUTS."""

    outputs: dict[str, pulumi.Input[Any]]

    def __init__(
        self, name: str, spec: ClusterSpec, data: LayerRef, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("kumo:azure:ClusterLayer", name, None, opts)
        # The account is the data layer's: its grants and AAD profile read it from the data layer's outputs.
        scope = layer_scope(name, spec, self, Account(data.get("tenant_id"), data.get("subscription_id")))
        _check_location(scope.location, spec)
        try:
            plan = support_plan(spec.kubernetes_version, spec.azure.sku_tier, versions.today())
        except UnsupportedVersion as error:
            raise pulumi.RunError(f"kumo:cluster.kubernetes_version = {spec.kubernetes_version!r}: {error}") from None
        group = data.get("resource_group_name")
        des_id = data.get("disk_encryption_set_id")
        subnet_id = data.get("node_subnet_id")

        ids = build_identities(
            name,
            scope,
            resource_group_name=group,
            vnet_id=data.get("vnet_id"),
            vault_id=data.get("vault_id"),
            kms_key_id=data.get("etcd_key_id"),
            disk_encryption_set_id=des_id,
        )
        # AKS checks these grants as it creates the cluster (the KMS key first): it starts once they have
        # propagated. The data layer's disk-key grant and node subnet exist before this stack runs.
        ready = RolePropagation(f"{name}-identity-grants-propagation", ids.grants, scope)
        later: list[pulumi.CustomResource] = []
        if spec.storage.shared is not None:
            # The file CSI controller runs as the control-plane identity; it creates the shares of
            # dynamically provisioned kumo-shared volumes in the data layer's account (never in MC_*).
            # Named as when SharedStorage held it, so existing environments move it by (type, name).
            later.append(
                grant(
                    f"{name}-shared-csi-access",
                    scope,
                    role="Storage Account Contributor",
                    principal_id=ids.control_plane.principal_id,
                    on=data.get("shared_account_id"),
                )
            )

        workspace = build_workspace(name, scope, resource_group_name=group)
        cluster = build_managed_cluster(
            name,
            spec,
            scope,
            group=group,
            subnet_id=subnet_id,
            api_server_subnet_id=data.get("api_server_subnet_id"),
            vault_id=data.get("vault_id"),
            kms_key_id=data.get("etcd_key_uri"),
            des_id=des_id,
            egress_ip=data.get("nat_ip_address"),
            workspace_id=workspace.id,
            ids=ids,
            support_plan=plan,
            waits=[ready],
        )
        build_agent_pools(name, spec, scope, cluster=cluster, resource_group_name=group, subnet_id=subnet_id)
        build_audit_logs(name, scope, cluster=cluster, workspace=workspace)
        build_container_insights(name, scope, cluster=cluster, workspace=workspace, resource_group_name=group)
        # Azure RBAC is on and local accounts are off: whoever runs kumo needs a Kubernetes data-plane role to
        # apply the in-cluster layer (the principal the azure-native provider signs in as).
        deployer = authorization.get_client_config_output(opts=scope.invoke_opts())
        later.append(
            grant(
                f"{name}-deployer-cluster-admin",
                scope,
                role="Azure Kubernetes Service RBAC Cluster Admin",
                principal_id=deployer.object_id,
                principal_type=deployer.client_id.apply(deployer_principal_type),
                on=cluster.id,
            )
        )
        build_maintenance_windows(name, scope, cluster=cluster, resource_group_name=group)
        build_pod_security_assignment(name, scope, cluster_id=cluster.id)  # GOV-01
        if spec.deletion_protection:
            build_deletion_lock(name, scope, cluster=cluster)
        if not spec.api.public and spec.api.private_access_cidrs:
            pulumi.log.warn(
                "spec.api.private_access_cidrs is not applied on AKS: a private AKS API server is "
                "reached through virtual network links to its private DNS zone, not by CIDR "
                "(see the api_access output's ways_in)",
                resource=self,
            )

        credentials = containerservice.list_managed_cluster_user_credentials_output(
            resource_group_name=group, resource_name=cluster.name, format="exec", opts=scope.invoke_opts()
        )
        kubeconfig = credentials.kubeconfigs.apply(lambda configs: exec_kubeconfig(configs[0].value))
        fqdn = cluster.fqdn if spec.api.public else cluster.private_fqdn
        exposure = build_exposure(
            name,
            spec.load_balancer,
            scope,
            group_name=group,
            group_id=data.get("resource_group_id"),
            principal_id=ids.control_plane.principal_id,
        )
        later += [r for r in exposure.depends_on if isinstance(r, authorization.RoleAssignment)]
        # The in-cluster layer (the next stack) uses these grants at once: this stack ends after they propagated.
        RolePropagation(f"{name}-access-grants-propagation", later, scope)

        self.outputs = {
            "cluster_name": cluster.name,
            "endpoint": pulumi.Output.concat("https://", fqdn),
            "kubeconfig": pulumi.Output.secret(kubeconfig),
            "node_pools": [pool.name for pool in spec.node_pools],
            "block_class": block_class(spec, des_id).to_output(),
            "load_balancer": exposure.to_output(),
            "api_access": api_access(
                public=spec.api.public,
                fqdn=cluster.fqdn,
                private_fqdn=cluster.private_fqdn,
                vnet_name=data.get("vnet_name"),
                vnet_group=group,
                node_group=cluster.node_resource_group,
            ),
            "node_resource_group": cluster.node_resource_group,
            "oidc_issuer_url": cluster.oidc_issuer_profile.apply(lambda p: p.issuer_url if p else None),
            "kubelet_principal_id": ids.kubelet.principal_id,
            "etcd_key_rotation": pulumi.Output.all(group, cluster.name, data.get("etcd_key_id")).apply(
                lambda v: kms_rotation_steps(resource_group=v[0], cluster=v[1], etcd_key_id=v[2])
            ),
        }
        self.register_outputs(self.outputs)


def _check_location(location: str, spec: ClusterSpec) -> None:
    """Every pool spreads over spec.network.zones zones and the API server joins the VNet: a location without that
    many zones or without API Server VNet Integration is refused here, before any resource is registered."""
    problem = zone_problem(location, spec.network.zones) or vnet_integration_problem(location)
    if problem:
        raise pulumi.RunError(problem)


def in_cluster(name: str, spec: ClusterSpec, cluster: LayerRef) -> InClusterParts:
    """AKS installs its CSI drivers and load-balancer controller itself (cluster layer), so kumo adds no
    Helm release; it only un-marks AKS's default StorageClass."""
    return InClusterParts(controllers=[], builtin_default_classes=list(traits.BUILTIN_DEFAULT_CLASSES))
