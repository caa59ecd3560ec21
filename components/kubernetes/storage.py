"""StorageClasses and the shared volume, the same on every cloud.

- `kumo-block`: the cluster's only default class; encrypted, expandable, WaitForFirstConsumer, Delete.
- `kumo-block-retain`: the same with reclaimPolicy Retain, for data a workload must not lose with its PVC.
- `kumo-shared` (with shared storage): RWX class of the cloud's file CSI driver, Retain; and a static
  PersistentVolume bound to the durable store (which lives outside the cluster's lifecycle) with a PVC
  `kumo-shared` pre-bound to it, so workloads find the same data after a cluster rebuild.

The cloud says only which driver and parameters to use (`BlockClass`, `SharedStore`); everything else is
decided here, once.
"""

from __future__ import annotations

import pulumi
import pulumi_kubernetes as k8s

from components.layers.contract import BlockClass, SharedStore
from components.spec import StorageSpec

BLOCK_CLASS = "kumo-block"
BLOCK_RETAIN_CLASS = "kumo-block-retain"
SHARED_CLASS = "kumo-shared"
SHARED_CLAIM = "kumo-shared"
DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class"


class ClusterStorage(pulumi.ComponentResource):
    """kumo's StorageClasses, and the shared volume's static PV + PVC when shared storage is on."""

    class_names: pulumi.Output[list[str]]
    shared_claim: pulumi.Output[dict[str, str] | None]
    shared_claim_name: str | None
    ready: list[pulumi.Resource]
    """What a workload mounting the shared claim waits for."""

    def __init__(
        self,
        name: str,
        *,
        spec: StorageSpec,
        block: BlockClass,
        shared: SharedStore | None,
        builtin_default_classes: list[str],
        namespace: str,
        provider: k8s.Provider,
        depends_on: list[pulumi.Resource],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("kumo:k8s:Storage", name, None, opts)

        # `kumo destroy` removes the in-cluster layer while the API server still answers; when it no longer
        # does, the provider's delete_unreachable lets these go from the state.
        def in_cluster(*after: pulumi.Resource) -> pulumi.ResourceOptions:
            return pulumi.ResourceOptions(parent=self, provider=provider, depends_on=[*depends_on, *after])

        block_classes = [
            k8s.storage.v1.StorageClass(
                f"{name}-{class_name}",
                metadata={
                    "name": class_name,
                    "annotations": {DEFAULT_CLASS_ANNOTATION: default},
                    "labels": {"app.kubernetes.io/managed-by": "kumo"},
                },
                provisioner=block.provisioner,
                parameters=block.parameters,
                reclaim_policy=reclaim,
                allow_volume_expansion=True,
                volume_binding_mode="WaitForFirstConsumer",
                opts=in_cluster(),
            )
            for class_name, reclaim, default in (
                (BLOCK_CLASS, "Delete", "true"),
                (BLOCK_RETAIN_CLASS, "Retain", "false"),
            )
        ]
        # The cloud's own default class loses its mark only once ours exists: never none, never two.
        for builtin in builtin_default_classes:
            k8s.storage.v1.StorageClassPatch(
                f"{name}-undefault-{builtin}",
                metadata={"name": builtin, "annotations": {DEFAULT_CLASS_ANNOTATION: "false"}},
                opts=in_cluster(*block_classes),
            )
        names = [BLOCK_CLASS, BLOCK_RETAIN_CLASS]

        self.shared_claim_name = None
        self.ready = []
        shared_claim: dict[str, str] | None = None
        if shared is not None and spec.shared is not None:
            names.append(SHARED_CLASS)
            shared_class = k8s.storage.v1.StorageClass(
                f"{name}-{SHARED_CLASS}",
                metadata={"name": SHARED_CLASS, "labels": {"app.kubernetes.io/managed-by": "kumo"}},
                provisioner=shared.csi_driver,
                parameters=shared.class_parameters,
                reclaim_policy="Retain",
                allow_volume_expansion=True,
                volume_binding_mode="Immediate",
                mount_options=shared.mount_options,
                opts=in_cluster(),
            )
            volume_spec: k8s.core.v1.PersistentVolumeSpecArgsDict = {
                "capacity": {"storage": f"{shared.capacity_gb}Gi"},
                "access_modes": ["ReadWriteMany"],
                "persistent_volume_reclaim_policy": "Retain",
                "storage_class_name": SHARED_CLASS,
                "volume_mode": "Filesystem",
                "mount_options": shared.mount_options,
                "claim_ref": {"namespace": namespace, "name": SHARED_CLAIM},
                "csi": {
                    "driver": shared.csi_driver,
                    "volume_handle": shared.volume_handle,
                    "volume_attributes": shared.volume_attributes,
                },
            }
            volume_name = f"{SHARED_CLAIM}-{name}"[:63].rstrip("-")
            volume = k8s.core.v1.PersistentVolume(
                f"{name}-shared-pv",
                metadata={
                    "name": volume_name,
                    "labels": {"app.kubernetes.io/managed-by": "kumo", "kumo.io/volume": SHARED_CLAIM},
                },
                spec=volume_spec,
                opts=in_cluster(shared_class),
            )
            claim = k8s.core.v1.PersistentVolumeClaim(
                f"{name}-shared-pvc",
                metadata={
                    "name": SHARED_CLAIM,
                    "namespace": namespace,
                    "labels": {"app.kubernetes.io/managed-by": "kumo"},
                },
                spec={
                    "access_modes": ["ReadWriteMany"],
                    "storage_class_name": SHARED_CLASS,
                    "volume_name": volume_name,
                    "resources": {"requests": {"storage": f"{shared.capacity_gb}Gi"}},
                },
                opts=pulumi.ResourceOptions(parent=self, provider=provider, depends_on=[volume]),
            )
            self.shared_claim_name = SHARED_CLAIM
            self.ready = [claim]
            shared_claim = {"namespace": namespace, "name": SHARED_CLAIM}

        self.class_names = pulumi.Output.from_input(names)
        self.shared_claim = pulumi.Output.from_input(shared_claim)
        self.register_outputs({"class_names": self.class_names, "shared_claim": self.shared_claim})
