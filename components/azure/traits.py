"""Azure's spelling of kumo's neutral words: machine types, taints, disks, load-balancer annotations.

Pure data (no Pulumi, no SDK): shared code reads it through the registry record (cloud.py), and the
builders, readback and tests directly, without loading pulumi-azure-native. The region key is the
registry's (`cloud("azure").region_key`, facts.LOCATION); the pool label is the spec's (spec.POOL_LABEL).
"""

from __future__ import annotations

MACHINE_TYPES: dict[str, str] = {
    # Dsv5: current general-purpose Intel sizes with premium storage, encryption at host and Gen2 images
    # (trusted launch). Each has exactly the neutral size's vCPU and GiB.
    "small": "Standard_D2s_v5",  # 2 vCPU, 8 GiB
    "medium": "Standard_D4s_v5",  # 4 vCPU, 16 GiB
    "large": "Standard_D8s_v5",  # 8 vCPU, 32 GiB
    "xlarge": "Standard_D16s_v5",  # 16 vCPU, 64 GiB
}

TAINT_EFFECTS: dict[str, str] = {
    # AKS takes taints as Kubernetes strings ("key=value:Effect"), so the effects are spelt as in Kubernetes.
    "NoSchedule": "NoSchedule",
    "PreferNoSchedule": "PreferNoSchedule",
    "NoExecute": "NoExecute",
}

STATEFUL_TYPES: tuple[str, ...] = (
    "azure-native:containerservice:ManagedCluster",  # the cluster itself, with everything running in it
    "azure-native:storage:StorageAccount",  # holds the shared file share: deleting it deletes the data
    "azure-native:storage:FileShare",  # the shared store's data
    "azure-native:keyvault:Vault",  # deleting the vault deletes (soft-deletes) its keys
    "azure-native:keyvault:Key",  # a new key cannot read what the old one encrypted
)
"""Types whose replacement or deletion loses data or the cluster: `kumo up` refuses a plan that replaces or
deletes one without --allow-replace (cli/gate.py). Agent pools are not stateful: they are rebuilt at will."""

CRITICAL_ADDONS_TAINT = "CriticalAddonsOnly=true:NoSchedule"
"""The taint that keeps user workloads off the system pool: AKS's `only_critical_addons_enabled` (the
Terraform flag) is exactly this node taint, so a spec taint with this spelling turns the behaviour on."""

SPOT_NODE_TAINTS: tuple[str, ...] = ("kubernetes.azure.com/scalesetpriority=spot:NoSchedule",)
"""Taints AKS itself adds to every Spot pool's nodes (and re-adds if removed). kumo declares the same taint
on EKS and GKE spot pools (components/spec/nodes.py SPOT_TAINTS), so spot nodes are tainted alike on every
cloud; on AKS it is left out of node_taints, since AKS adds it."""

SPOT_NODE_LABELS: dict[str, str] = {"kubernetes.azure.com/scalesetpriority": "spot"}
"""Labels AKS adds to Spot nodes. kumo declares the same label on EKS and GKE spot pools (spec SPOT_LABELS); on
AKS it is left out of node_labels (AKS adds it, and the kubernetes.azure.com prefix is reserved there)."""

OS_SKU = "AzureLinux"
"""Node OS: Azure Linux, Microsoft's minimal container-optimised distribution (NODE-02)."""

MAX_SURGE = "33%"
"""Surge nodes during upgrades, as terraform-aws-eks's 33% max unavailable (NODE-06)."""

DRAIN_TIMEOUT_MINUTES = 30
"""How long an upgrade waits for PodDisruptionBudgets before it fails (NODE-06)."""

UPGRADE_CHANNEL = "patch"
"""Control plane auto-upgrade: newest patch of the pinned minor (spec.kubernetes_version) (NODE-04)."""

NODE_OS_UPGRADE_CHANNEL = "NodeImage"
"""Node image auto-upgrade: weekly patched node images, rolled with surge (NODE-04)."""

AUDIT_LOG_CATEGORIES: tuple[str, ...] = (
    "kube-audit",
    "kube-apiserver",
    "kube-controller-manager",
    "kube-scheduler",
    "cluster-autoscaler",
    "guard",
)
"""Control-plane log categories sent to Log Analytics (LOG-01): kube-audit is the whole audit log, reads of
Secrets included (LOG-04; kube-audit-admin leaves out get and list, and is not sent too: it would duplicate
kube-audit's write events); guard records Entra ID authentication. kube-audit ingests every read: more Log
Analytics cost than kube-audit-admin
(https://learn.microsoft.com/azure/aks/monitor-aks-reference#resource-logs, read 2026-12-02)."""

LOG_RETENTION_DAYS = 90
"""Log Analytics retention (LOG-02; terraform-aws-eks's default for the EKS control-plane log group)."""

# -- storage ------------------------------------------------------------------------------------------------

BLOCK_PROVISIONER = "disk.csi.azure.com"
BLOCK_PARAMETERS: dict[str, dict[str, str]] = {
    # Premium SSD ZRS survives a zone outage; Premium SSD v2 is faster but LRS only (zonal). The disk
    # encryption set (customer-managed key) is added by the component.
    "ssd": {"skuName": "Premium_ZRS", "cachingMode": "ReadOnly", "networkAccessPolicy": "DenyAll"},
    "performance": {"skuName": "PremiumV2_LRS", "cachingMode": "None", "networkAccessPolicy": "DenyAll"},
}

BUILTIN_DEFAULT_CLASSES: list[str] = ["default"]
"""StorageClasses AKS marks default (`default`, Azure Disk Standard SSD), which kumo un-marks."""

SHARED_CSI_DRIVER = "file.csi.azure.com"
SHARED_ACCOUNT_KIND = "FileStorage"
SHARED_ACCOUNT_SKU = "Premium_ZRS"
"""Premium file storage (NFS needs Premium), zone-redundant so a zone outage keeps the data reachable."""
SHARED_SHARE_NAME = "kumo-shared"
SHARED_ROOT_SQUASH = "NoRootSquash"
"""Root on an NFS client stays root on the share. Azure Files creates an NFS share's root directory owned by
root (seen as `drwxrwxrwx root root` by the CSI drivers' maintainer, kubernetes-sigs/blob-csi-driver#258) and
offers no control-plane setting for its owner or mode. The one
component that can hand it to the app's group without anyone's manual step is the Azure Files CSI node
plugin, at the first mount: it chmods the root to SHARED_MOUNT_PERMISSIONS, then gives it to the pod's fsGroup
(see below). Both need root on the share, so RootSquash (root mapped to uid 65534, which owns nothing) would
fail that mount, and the share would stay world-writable. Root from pods is kept off the share otherwise: the
only claim bound to it lives in kumo's namespace, which enforces the restricted Pod Security Standard (no root
containers, no inline `nfs` volumes), and the account is reachable only through the private endpoint in the
cluster's VNet. Once the root belongs to the group the driver changes nothing on later mounts (both of its
steps compare first), so an operator may switch the share to RootSquash afterwards."""
SHARED_MOUNT_PERMISSIONS = "0770"
"""azurefile CSI driver volume attribute `mountPermissions` (NFS only): after mounting, the node plugin chmods
the share's root to this mode when it differs (driver default 0777, i.e. world-writable; "0" skips the chmod and
leaves Azure's own 0777). Owner and group only; the next step adds setgid, so the root ends as root:APP_GID 2770.
https://github.com/kubernetes-sigs/azurefile-csi-driver/blob/master/docs/driver-parameters.md, and
pkg/azurefile/nodeserver.go (chmodIfPermissionMismatch after the NFS mount)."""
SHARED_FSGROUP_CHANGE_POLICY = "OnRootMismatch"
"""azurefile CSI driver volume attribute `fsGroupChangePolicy` (NFS only; the pod's own fsGroupChangePolicy is
ignored). The driver advertises VOLUME_MOUNT_GROUP, so kubelet hands it the pod's fsGroup (the app's
securityContext.fsGroup, APP_GID 10101) and the driver runs Kubernetes' SetVolumeOwnership: group APP_GID, group
rw(x), setgid on directories. OnRootMismatch does that walk only while the root's group or mode is not yet right,
i.e. once, not on every mount of a share with many files. Same sources as SHARED_MOUNT_PERMISSIONS (utils.go
SetVolumeOwnership).

It is also what hands over a share made while the app's group was 101 (LEGACY_APP_GID): the root's group no
longer matches the new fsGroup, so the walk re-groups every file and directory to APP_GID and gives the group read
and write, and the app (uid APP_UID, in group APP_GID) keeps every file the old uid wrote. The driver does it in
NodeStageVolume (nodeserver.go), which the kubelet calls only when a node mounts the share for its first pod:
new pods that land where old ones still hold the share skip it, and the share stays grouped 101 until a node
mounts it afresh (a node replaced by an upgrade or added by the autoscaler). So the app's pods keep 101 as a
supplementary group (components/kubernetes/app.py): the old files stay theirs to read (and, where the old uid gave
its group write, to write) whether or not a node has re-grouped them yet. Old pods, in group 101 only, lose the
share if a node re-groups it before they are replaced: only during the rollout, and nothing is lost."""
SHARED_MOUNT_OPTIONS: list[str] = ["nconnect=4", "noresvport", "actimeo=30"]
"""Microsoft's recommended NFS mount options for Azure Files (the driver picks NFS 4.1 itself)."""
SHARED_SOFT_DELETE_DAYS = 14
"""Deleted shares stay recoverable this long (DATA-03)."""
FILE_PRIVATE_DNS_ZONE = "privatelink.file.core.windows.net"

# -- load balancing -----------------------------------------------------------------------------------------

LB_INTERNAL = "service.beta.kubernetes.io/azure-load-balancer-internal"
LB_IPV4 = "service.beta.kubernetes.io/azure-load-balancer-ipv4"
LB_RESOURCE_GROUP = "service.beta.kubernetes.io/azure-load-balancer-resource-group"
LB_ANNOTATIONS: dict[str, dict[str, str]] = {
    "internal": {LB_INTERNAL: "true"},
    "public": {},  # AKS's Standard load balancer is public unless told otherwise
}

MAINTENANCE_WINDOWS: dict[str, tuple[str, str]] = {
    # AKS's managed maintenance configurations (fixed names) -> (weekday, UTC start), 4 hours each (AKS's
    # minimum): control-plane/node version upgrades first, node OS images after (NODE-04).
    "aksManagedAutoUpgradeSchedule": ("Sunday", "02:00"),
    "aksManagedNodeOSUpgradeSchedule": ("Sunday", "06:00"),
}
MAINTENANCE_HOURS = 4
