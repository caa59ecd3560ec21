"""Google Cloud's three layers (components/layers): DataLayer, ClusterLayer and in_cluster().

- DataLayer (data_layer.py): provider and scope (scope.py), zones, project APIs (apis.py), the service agents the
  keys name (agents.py), VPC with NAT (network.py), Cloud KMS keys and their grants (keys.py), the log bucket and
  sink (audit.py), the Filestore share (storage.py) with its private-services peering, scheduled backups
  (filestore_backups.py) and the one-shot job that hands it to the app's user (share_owner.py).
- ClusterLayer (cluster_layer.py): provider and scope, node identity (identity.py), the GKE cluster (gke.py;
  private endpoints reached through the DNS-based endpoint, kubeconfig.py), Backup for GKE (gke_backup.py), node
  pools (node_pools.py), the load balancer's address (load_balancer.py), the nfs-lock rule (storage.py).
- in_cluster(): GKE installs its controllers itself (PD and Filestore CSI drivers, the load balancer
  controller), so the in-cluster layer gets no Helm release from here, only the StorageClass GKE marks default.

The two components are imported on first use: the in-cluster layer's program imports this module for
in_cluster() alone and never loads the Google Cloud SDK.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from components.gcp import traits
from components.layers.contract import InClusterParts, LayerRef
from components.spec import ClusterSpec

if TYPE_CHECKING:
    from components.gcp.cluster_layer import ClusterLayer
    from components.gcp.data_layer import DataLayer

__all__ = ["ClusterLayer", "DataLayer", "in_cluster"]

_LAZY = {"DataLayer": "components.gcp.data_layer", "ClusterLayer": "components.gcp.cluster_layer"}


def __getattr__(name: str) -> Any:
    """DataLayer and ClusterLayer, imported from their modules when first asked for."""
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def in_cluster(name: str, spec: ClusterSpec, cluster: LayerRef) -> InClusterParts:
    """No controllers to install (GKE runs its own); `standard-rwo` is the class GKE marks default."""
    del name, spec, cluster  # the same on every GKE cluster
    return InClusterParts(controllers=[], builtin_default_classes=list(traits.BUILTIN_DEFAULT_CLASSES))
