"""The contract between the layers, and between shared code and each cloud's package.

What crosses a layer boundary is a stack output: plain data (strings, numbers, lists, mappings), read by
the next layer through a stack reference (`LayerRef`). Each cloud's package (`components/<cloud>/layers.py`)
provides the same three things, and shared code never asks which cloud it is talking to:

- `DataLayer(name, spec)`: a component whose `outputs` include `SHARED_STORE` (the durable RWX store as the
  static PersistentVolume sees it, or None) beside what its own cluster layer reads (network and key ids).
- `ClusterLayer(name, spec, data)`: a component whose `outputs` include every key of `CLUSTER_OUTPUTS`.
- `in_cluster(name, spec, cluster) -> InClusterParts`: what the in-cluster layer needs of this cloud beyond
  the cluster layer's outputs, as data: the Helm releases to install (AWS Load Balancer Controller, cluster
  autoscaler) and the StorageClasses the cloud marks default (which kumo un-marks).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pulumi

from components.layers import DEFAULT_ORGANIZATION, stack_reference

SHARED_STORE = "shared_store"
"""Data-layer output: None, or the mapping `SharedStore.to_output()` returns."""

CLUSTER_OUTPUTS: dict[str, str] = {
    "cluster_name": "the cloud's name for the cluster",
    "endpoint": "the API server URL (https://...)",
    "kubeconfig": "secret, exec-based kubeconfig (aws eks get-token / kubelogin / gke-gcloud-auth-plugin)",
    "node_pools": "the pool names, in spec order",
    "block_class": "{provisioner, parameters} of the block StorageClasses",
    "load_balancer": "{annotations, load_balancer_ip} a Service of type LoadBalancer needs for the spec's exposure",
    "api_access": "{public, host, port, private_access, ways_in}: how the in-cluster layer reaches the API",
}
"""Cluster-layer outputs every cloud publishes (the in-cluster layer and the CLI read them)."""

IN_CLUSTER_OUTPUTS = ("storage_classes", "shared_volume", "load_balancer_address", "app_url")


@dataclass(frozen=True)
class BlockClass:
    """How one cloud provisions the block StorageClasses (kumo-block, kumo-block-retain)."""

    provisioner: pulumi.Input[str]
    """CSI driver name, e.g. ebs.csi.aws.com."""
    parameters: pulumi.Input[dict[str, str]]
    """StorageClass parameters: disk type, encryption (with the cluster's key where the driver takes one)."""

    def to_output(self) -> dict[str, Any]:
        return {"provisioner": self.provisioner, "parameters": self.parameters}


@dataclass(frozen=True)
class SharedStore:
    """The durable RWX store the data layer created, as the static PersistentVolume needs to see it."""

    csi_driver: pulumi.Input[str]
    """CSI driver that mounts it (efs.csi.aws.com, file.csi.azure.com, filestore.csi.storage.gke.io)."""
    volume_handle: pulumi.Input[str]
    """The PersistentVolume's csi.volumeHandle."""
    volume_attributes: pulumi.Input[dict[str, str]]
    """The PersistentVolume's csi.volumeAttributes."""
    mount_options: pulumi.Input[list[str]]
    """NFS mount options (TLS on EFS, nfs 4.1 on Azure, ...)."""
    class_parameters: pulumi.Input[dict[str, str]]
    """Parameters of StorageClass kumo-shared, for dynamically provisioned shared volumes."""
    capacity_gb: pulumi.Input[int]
    """Capacity the PersistentVolume declares."""

    def to_output(self) -> dict[str, Any]:
        return {
            "csi_driver": self.csi_driver,
            "volume_handle": self.volume_handle,
            "volume_attributes": self.volume_attributes,
            "mount_options": self.mount_options,
            "class_parameters": self.class_parameters,
            "capacity_gb": self.capacity_gb,
        }


@dataclass(frozen=True)
class LoadBalancerExposure:
    """What one cloud needs on a Service of type LoadBalancer to honour the spec's exposure."""

    annotations: pulumi.Input[dict[str, str]]
    """Service annotations for the scheme (and the static address where one was reserved)."""
    load_balancer_ip: pulumi.Input[str | None] = None
    """spec.loadBalancerIP, for clouds that take a reserved address that way (GCP)."""
    depends_on: list[pulumi.Resource] = field(default_factory=list)
    """Resources of the same layer the Service must wait for (the controller that makes its load balancer)."""

    def to_output(self) -> dict[str, Any]:
        return {"annotations": self.annotations, "load_balancer_ip": self.load_balancer_ip}


@dataclass(frozen=True)
class ApiAccess:
    """How the API server is reached, for the CLI's reachability check before the in-cluster layer."""

    public: bool
    """The endpoint answers from the internet (allow-listed) or through an identity-gated DNS endpoint."""
    host: pulumi.Input[str]
    """Host name (or address) of the endpoint the kubeconfig uses."""
    ways_in: list[str]
    """Where the in-cluster layer can run from when the endpoint does not answer (empty when public)."""
    port: int = 443

    def to_output(self) -> dict[str, Any]:
        return {"public": self.public, "host": self.host, "port": self.port, "ways_in": list(self.ways_in)}


@dataclass(frozen=True)
class ChartRelease:
    """A Helm release a cloud needs in its clusters, installed by the in-cluster layer."""

    name: str
    """Release (and Pulumi resource) name."""
    chart: str
    version: str
    repo: str
    namespace: str
    values: pulumi.Input[dict[str, Any]]


@dataclass(frozen=True)
class InClusterParts:
    """A cloud's share of the in-cluster layer."""

    controllers: list[ChartRelease]
    """Helm releases, installed before every other in-cluster object (the load balancer waits for them)."""
    builtin_default_classes: list[str]
    """StorageClasses the cloud marks default, which kumo un-marks so kumo-block is the only default."""


class LayerRef:
    """The named outputs of one of the environment's earlier layers, read through a stack reference.

    Under `pulumi up`, the organization is the backend's (`organization` on DIY backends, the real one on
    Pulumi Cloud); the offline engine answers the reference with the outputs it recorded for that layer.
    """

    def __init__(
        self,
        layer: str,
        prefix: str,
        stack: str | None = None,
        *,
        organization: str | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        self.layer = layer
        self.name = stack_reference(
            layer, stack or pulumi.get_stack(), organization or pulumi.get_organization() or DEFAULT_ORGANIZATION
        )
        # Named like every other resource of the cluster: `<cluster>-<layer>-layer`.
        self.reference = pulumi.StackReference(f"{prefix}-{layer}-layer", stack_name=self.name, opts=opts)

    def get(self, key: str, *path: str | int) -> pulumi.Output[Any]:
        """The output `key` (or a value inside it, by keys and indexes); an absent output is an error that
        names the layer, so a layer applied before the one it reads fails clearly."""

        def pick(value: Any) -> Any:
            if value is None:
                raise pulumi.RunError(
                    f"the {self.layer} layer ({self.name}) has no output {key!r}: "
                    f"apply the {self.layer} layer first (kumo up STACK --layer {self.layer})"
                )
            for step in path:
                value = value[step]
            return value

        return self.reference.get_output(key).apply(pick)

    def optional(self, key: str) -> pulumi.Output[Any]:
        """The output `key`, or None when the layer does not publish it."""
        return self.reference.get_output(key)
