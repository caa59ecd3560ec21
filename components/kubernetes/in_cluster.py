"""InCluster: the in-cluster layer, the same on every cloud (type token kumo:k8s:InCluster).

Built from the cluster layer's named outputs (kubeconfig, block class, load-balancer exposure), the data
layer's shared store, and the cloud's `InClusterParts` (its Helm releases, its default StorageClasses): one
`k8s.Provider`, the cloud's controllers, the `kumo` namespace, the StorageClasses and the shared volume,
and the reference app behind its load balancer. Nothing here creates a cloud resource, and nothing here
asks which cloud it is on.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi
import pulumi_kubernetes as k8s

from components.kubernetes import guardrails
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
        internal_annotations: Mapping[str, str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """`internal_annotations`: what makes a Service's load balancer internal on this cloud (the registry's
        `Cloud.lb_annotations["internal"]`), which the admission guardrail demands."""
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
        admission = admission_guardrails(
            name, spec, internal_annotations, provider=self.provider, parent=self, depends_on=controllers
        )
        network_isolation(name, spec, provider=self.provider, parent=self, namespace=namespace)

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
                # The guardrails first: the app's own Service is admitted under them.
                depends_on=[*controllers, *storage.ready, *admission],
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


def admission_guardrails(
    name: str,
    spec: ClusterSpec,
    internal_annotations: Mapping[str, str],
    *,
    provider: k8s.Provider,
    parent: pulumi.Resource,
    depends_on: list[pulumi.Resource],
) -> list[pulumi.Resource]:
    """The ValidatingAdmissionPolicies the spec keeps on, each with its Deny binding (GOV-04, NET-07)."""
    public: dict[str, list[str]] = {p.service: list(p.source_cidrs) for p in spec.load_balancer.public_services}
    if spec.app.enabled and spec.load_balancer.scheme == "public":
        from components.kubernetes.app import APP_NAME

        public.setdefault(f"{NAMESPACE}/{APP_NAME}", [])  # kumo's own, governed by the spec (NET-07)
    wanted: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
    if spec.guardrails.internal_load_balancers:
        wanted.append(
            (
                "lb",
                guardrails.load_balancer_policy(internal_annotations, public),
                guardrails.binding(guardrails.LB_POLICY),
            )
        )
    if spec.guardrails.host_volumes:
        wanted.append(
            (
                "volumes",
                guardrails.volume_policy(),
                guardrails.binding(guardrails.VOLUME_POLICY, guardrails.EXEMPT_NAMESPACES),
            )
        )
    made: list[pulumi.Resource] = []
    for suffix, policy, bound in wanted:
        created = k8s.admissionregistration.v1.ValidatingAdmissionPolicy(
            f"{name}-guardrail-{suffix}",
            metadata=policy["metadata"],
            spec=policy["spec"],
            opts=pulumi.ResourceOptions(parent=parent, provider=provider, depends_on=depends_on),
        )
        made.append(created)
        made.append(
            k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding(
                f"{name}-guardrail-{suffix}-binding",
                metadata=bound["metadata"],
                spec=bound["spec"],
                opts=pulumi.ResourceOptions(parent=parent, provider=provider, depends_on=[created]),
            )
        )
    return made


def network_isolation(
    name: str, spec: ClusterSpec, *, provider: k8s.Provider, parent: pulumi.Resource, namespace: pulumi.Resource
) -> None:
    """Default-deny (both directions) in kumo's namespace, and the reference app's exact allows (NET-09)."""
    from components.kubernetes.app import LABELS

    # The allows first, then the deny: on an existing cluster the app never loses its traffic in between.
    manifests = [("app", guardrails.app_allow(NAMESPACE, LABELS, spec.app.port))] if spec.app.enabled else []
    manifests.append(("deny", guardrails.default_deny(NAMESPACE)))
    previous: list[pulumi.Resource] = [namespace]
    for suffix, manifest in manifests:
        previous = [
            k8s.networking.v1.NetworkPolicy(
                f"{name}-netpol-{suffix}",
                metadata=manifest["metadata"],
                spec=manifest["spec"],
                opts=pulumi.ResourceOptions(parent=parent, provider=provider, depends_on=previous),
            )
        ]
