"""The output contract every cloud's cluster fulfils, and the lazy registry that builds one.

`build_cluster(name, spec)` imports only the chosen cloud's package and returns a `ManagedCluster`.
Each cloud's component (`EksCluster`, `AksCluster`, `GkeCluster`) implements `_build_cloud`, which creates
the network, the durable data, the managed control plane, the node pools and the cloud's add-ons, and
returns `CloudParts`. This base class then builds the cloud-neutral Kubernetes layer once against the
cluster's `k8s.Provider` (StorageClasses, the shared volume, the load balancer, the reference app) and
registers the same outputs on every cloud. Shared code never branches on the cloud's name.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import pulumi
import pulumi_kubernetes as k8s

from components.spec import ClusterSpec

NAMESPACE = "kumo"
CLUSTER_CLASSES: dict[str, str] = {
    "aws": "components.aws.eks:EksCluster",
    "azure": "components.azure.aks:AksCluster",
    "gcp": "components.gcp.gke:GkeCluster",
}


@dataclass(frozen=True)
class BlockClass:
    """How one cloud provisions the block StorageClasses (kumo-block, kumo-block-retain)."""

    provisioner: str
    """CSI driver name, e.g. ebs.csi.aws.com."""
    parameters: dict[str, pulumi.Input[str]]
    """StorageClass parameters: disk type, encryption (with the cluster's key where the driver takes one)."""


@dataclass(frozen=True)
class SharedStore:
    """The durable RWX store a cloud created, as the static PersistentVolume needs to see it."""

    resource: pulumi.Resource
    """The durable resource itself (EFS file system, Azure file share, Filestore instance)."""
    csi_driver: str
    """CSI driver that mounts it (efs.csi.aws.com, file.csi.azure.com, filestore.csi.storage.gke.io)."""
    volume_handle: pulumi.Input[str]
    """The PersistentVolume's csi.volumeHandle."""
    volume_attributes: dict[str, pulumi.Input[str]]
    """The PersistentVolume's csi.volumeAttributes."""
    mount_options: list[str]
    """NFS mount options (TLS on EFS, nfs 4.1 on Azure, ...)."""
    class_parameters: dict[str, pulumi.Input[str]]
    """Parameters of StorageClass kumo-shared, for dynamically provisioned shared volumes."""
    capacity_gb: int
    """Capacity the PersistentVolume declares."""


@dataclass(frozen=True)
class LoadBalancerExposure:
    """What one cloud needs on a Service of type LoadBalancer to honour the spec's exposure."""

    annotations: dict[str, pulumi.Input[str]]
    """Service annotations for the scheme (and the static address where one was reserved)."""
    load_balancer_ip: pulumi.Input[str] | None = None
    """spec.loadBalancerIP, for clouds that take a reserved address that way (GCP)."""
    depends_on: list[pulumi.Resource] = field(default_factory=list)
    """Resources the Service must wait for (the AWS Load Balancer Controller, IP role grants)."""


@dataclass(frozen=True)
class CloudParts:
    """What a cloud's `_build_cloud` hands back to the shared layer."""

    cluster: pulumi.Resource
    """The managed cluster resource (aws.eks.Cluster, ManagedCluster, container.Cluster)."""
    cluster_name: pulumi.Output[str]
    endpoint: pulumi.Output[str]
    kubeconfig: pulumi.Output[str]
    """Exec-based kubeconfig (short-lived credentials); the base class marks it secret."""
    node_pools: dict[str, pulumi.Resource]
    """Pool name -> the pool resource (for AKS's inline system pool, the cluster itself)."""
    block: BlockClass
    shared: SharedStore | None
    load_balancer: LoadBalancerExposure
    builtin_default_classes: list[str]
    """StorageClasses the cloud marks default, which kumo un-marks so kumo-block is the only default."""
    addons: list[pulumi.Resource]
    """Resources Kubernetes objects wait for: node pools, CSI drivers, controllers."""
    controllers: Callable[[k8s.Provider], list[pulumi.Resource]] | None = None
    """In-cluster controllers the cloud installs (Helm releases), built against the cluster's one
    `k8s.Provider` right after ManagedCluster creates it. What it returns joins `addons` (everything
    in-cluster waits for it) and the load balancer's `depends_on`."""


class ManagedCluster(pulumi.ComponentResource):
    """A managed Kubernetes cluster with node pools, storage and load balancing, the same on every cloud.

    Outputs (identical on every cloud):
    - `cluster_name`: the cloud's name for the cluster.
    - `endpoint`: the API server URL or address.
    - `kubeconfig`: a secret, exec-based kubeconfig (aws eks get-token / kubelogin / gke-gcloud-auth-plugin).
    - `provider`: a `pulumi_kubernetes.Provider` for the cluster.
    - `node_pools`: the pool names.
    - `storage_classes`: kumo's StorageClass names.
    - `shared_volume`: the shared PVC's namespace/name, or None without shared storage.
    - `load_balancer_address`: the app's load balancer hostname or IP, or None with the app off.
    """

    cluster_name: pulumi.Output[str]
    endpoint: pulumi.Output[str]
    kubeconfig: pulumi.Output[str]
    provider: k8s.Provider
    node_pools: pulumi.Output[list[str]]
    storage_classes: pulumi.Output[list[str]]
    shared_volume: pulumi.Output[dict[str, str] | None]
    load_balancer_address: pulumi.Output[str | None] | None
    app_url: pulumi.Output[str | None] | None

    def __init__(self, type_token: str, name: str, spec: ClusterSpec,
                 opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(type_token, name, None, opts)
        self.spec = spec
        parts = self._build_cloud(name, spec)

        self.cluster_name = parts.cluster_name
        self.endpoint = parts.endpoint
        self.kubeconfig = pulumi.Output.secret(parts.kubeconfig)
        self.provider = k8s.Provider(
            f"{name}-k8s",
            kubeconfig=self.kubeconfig,
            enable_server_side_apply=True,
            # A cluster that is already gone must not block `destroy` of the objects it held.
            delete_unreachable=True,
            opts=pulumi.ResourceOptions(parent=self, depends_on=list(parts.node_pools.values())),
        )
        if parts.controllers is not None:
            controllers = parts.controllers(self.provider)
            parts = replace(
                parts, addons=[*parts.addons, *controllers],
                load_balancer=replace(
                    parts.load_balancer, depends_on=[*parts.load_balancer.depends_on, *controllers]))
        self.node_pools = pulumi.Output.from_input(list(parts.node_pools))
        # kumo's own namespace (shared claim, reference app) enforces the restricted Pod Security Standard.
        namespace = k8s.core.v1.Namespace(
            f"{name}-ns",
            metadata={"name": NAMESPACE, "labels": {"app.kubernetes.io/managed-by": "kumo", **{
                f"pod-security.kubernetes.io/{mode}": "restricted" for mode in ("enforce", "audit", "warn")}}},
            opts=pulumi.ResourceOptions(parent=self, provider=self.provider, depends_on=parts.addons,
                                        deleted_with=parts.cluster),
        )

        # Imported here so a cloud package can be type-checked without the k8s layer, and vice versa.
        from components.kubernetes.storage import ClusterStorage

        storage = ClusterStorage(f"{name}-storage", spec=spec.storage, block=parts.block, shared=parts.shared,
                                 builtin_default_classes=parts.builtin_default_classes,
                                 namespace=NAMESPACE, cluster=parts.cluster, provider=self.provider,
                                 depends_on=[*parts.addons, namespace],
                                 opts=pulumi.ResourceOptions(parent=self))
        self.storage_classes = storage.class_names
        self.shared_volume = storage.shared_claim

        self.load_balancer_address = None
        self.app_url = None
        if spec.app.enabled and storage.shared_claim_name is not None:
            from components.kubernetes.app import ReferenceApp

            app = ReferenceApp(f"{name}-app", spec=spec, exposure=parts.load_balancer, namespace=NAMESPACE,
                               claim_name=storage.shared_claim_name, provider=self.provider,
                               depends_on=[*parts.addons, *storage.ready], opts=pulumi.ResourceOptions(parent=self))
            self.load_balancer_address = app.address
            self.app_url = app.url

        outputs: dict[str, Any] = {
            "cluster_name": self.cluster_name,
            "endpoint": self.endpoint,
            "kubeconfig": self.kubeconfig,
            "node_pools": self.node_pools,
            "storage_classes": self.storage_classes,
            "shared_volume": self.shared_volume,
            "load_balancer_address": self.load_balancer_address,
            "app_url": self.app_url,
        }
        self.register_outputs(outputs)

    def _build_cloud(self, name: str, spec: ClusterSpec) -> CloudParts:
        """Create the cloud's resources (children of `self`) and describe them for the shared layer."""
        raise NotImplementedError(f"{type(self).__name__} must implement _build_cloud")


def build_cluster(name: str, spec: ClusterSpec, cloud: str,
                  opts: pulumi.ResourceOptions | None = None) -> ManagedCluster:
    """Build `spec` on `cloud`, importing only that cloud's package."""
    try:
        target = CLUSTER_CLASSES[cloud]
    except KeyError:
        raise ValueError(f"unknown cloud {cloud!r}; kumo supports {', '.join(CLUSTER_CLASSES)}") from None
    module_name, _, class_name = target.partition(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    cluster: ManagedCluster = cls(name, spec, opts)
    return cluster
