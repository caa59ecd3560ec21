"""InCluster: the in-cluster layer, the same on every cloud (type token kumo:k8s:InCluster).

Built from the cluster layer's named outputs (kubeconfig, block class, load-balancer exposure), the data
layer's shared store, and the cloud's `InClusterParts` (its Helm releases, its default StorageClasses): one
`k8s.Provider`, the cloud's controllers, the `kumo` namespace, the StorageClasses and the shared volume,
and the reference app behind its load balancer. Nothing here creates a cloud resource, and nothing here
asks which cloud it is on.
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_kubernetes as k8s

from components.kubernetes.storage import ClusterStorage
from components.layers.contract import (
    BlockClass,
    ChartRelease,
    InClusterParts,
    LayerRef,
    LoadBalancerExposure,
    SharedStore,
)
from components.spec import ClusterSpec

NAMESPACE = "kumo"
HELM_TIMEOUT_S = 600


def helm_release(release: ChartRelease, *, provider: k8s.Provider, parent: pulumi.Resource) -> k8s.helm.v3.Release:
    """A pinned chart; a failed install or upgrade rolls back instead of half-applying."""
    return k8s.helm.v3.Release(
        release.name,
        name=release.chart,
        chart=release.chart,
        version=release.version,
        repository_opts={"repo": release.repo},
        namespace=release.namespace,
        values=release.values,
        atomic=True,
        cleanup_on_fail=True,
        timeout=HELM_TIMEOUT_S,
        max_history=10,
        opts=pulumi.ResourceOptions(parent=parent, provider=provider),
    )


class InCluster(pulumi.ComponentResource):
    """Every Kubernetes object kumo manages in one cluster.

    Outputs: `storage_classes` (kumo's class names), `shared_volume` (the shared claim's namespace/name, or
    None without shared storage), `load_balancer_address` and `app_url` (None with the app off).
    """

    outputs: dict[str, Any]

    def __init__(
        self,
        name: str,
        spec: ClusterSpec,
        *,
        data: LayerRef,
        cluster: LayerRef,
        parts: InClusterParts,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("kumo:k8s:InCluster", name, None, opts)
        self.provider = k8s.Provider(
            f"{name}-k8s",
            kubeconfig=pulumi.Output.secret(cluster.get("kubeconfig")),
            enable_server_side_apply=True,
            # A cluster that is already gone must not block `destroy` of the objects it held.
            delete_unreachable=True,
            opts=pulumi.ResourceOptions(parent=self),
        )
        controllers: list[pulumi.Resource] = [
            helm_release(release, provider=self.provider, parent=self) for release in parts.controllers
        ]
        # kumo's own namespace (shared claim, reference app) enforces the restricted Pod Security Standard.
        namespace = k8s.core.v1.Namespace(
            f"{name}-ns",
            metadata={
                "name": NAMESPACE,
                "labels": {
                    "app.kubernetes.io/managed-by": "kumo",
                    **{f"pod-security.kubernetes.io/{mode}": "restricted" for mode in ("enforce", "audit", "warn")},
                },
            },
            opts=pulumi.ResourceOptions(parent=self, provider=self.provider, depends_on=controllers),
        )

        shared = None
        if spec.storage.shared is not None:
            shared = SharedStore(
                csi_driver=data.get("shared_store", "csi_driver"),
                volume_handle=data.get("shared_store", "volume_handle"),
                volume_attributes=data.get("shared_store", "volume_attributes"),
                mount_options=data.get("shared_store", "mount_options"),
                class_parameters=data.get("shared_store", "class_parameters"),
                capacity_gb=spec.storage.shared.size_gb,
            )
        storage = ClusterStorage(
            f"{name}-storage",
            spec=spec.storage,
            block=BlockClass(
                provisioner=cluster.get("block_class", "provisioner"),
                parameters=cluster.get("block_class", "parameters"),
            ),
            shared=shared,
            builtin_default_classes=list(parts.builtin_default_classes),
            namespace=NAMESPACE,
            provider=self.provider,
            depends_on=[*controllers, namespace],
            opts=pulumi.ResourceOptions(parent=self),
        )

        address: pulumi.Input[str | None] = None
        url: pulumi.Input[str | None] = None
        if spec.app.enabled and storage.shared_claim_name is not None:
            from components.kubernetes.app import ReferenceApp

            exposure = LoadBalancerExposure(
                annotations=cluster.get("load_balancer", "annotations"),
                # Only a reserved address is pinned; clouds that reserve one through annotations publish None.
                load_balancer_ip=(
                    cluster.get("load_balancer").apply(lambda lb: lb.get("load_balancer_ip"))
                    if spec.load_balancer.static_ip
                    else None
                ),
                depends_on=controllers,
            )
            app = ReferenceApp(
                f"{name}-app",
                spec=spec,
                exposure=exposure,
                namespace=NAMESPACE,
                claim_name=storage.shared_claim_name,
                provider=self.provider,
                depends_on=[*controllers, *storage.ready],
                opts=pulumi.ResourceOptions(parent=self),
            )
            address, url = app.address, app.url

        self.outputs = {
            "storage_classes": storage.class_names,
            "shared_volume": storage.shared_claim,
            "load_balancer_address": address,
            "app_url": url,
        }
        self.register_outputs(self.outputs)
