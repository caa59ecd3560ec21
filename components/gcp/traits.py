"""Google Cloud's words for kumo's neutral ones. Pure data: no Pulumi, no SDK.

Every table here is read by the GKE component and checked by table-driven tests (tests/gcp/test_traits.py).
"""

from __future__ import annotations

MACHINE_TYPES: dict[str, str] = {
    "small": "n2-standard-2",
    "medium": "n2-standard-4",
    "large": "n2-standard-8",
    "xlarge": "n2-standard-16",
}
"""Neutral size -> general-purpose machine type with exactly the size's vCPU and GiB (N2 has 4 GiB/vCPU)."""

MACHINE_SHAPES: dict[str, tuple[int, int]] = {
    "n2-standard-2": (2, 8),
    "n2-standard-4": (4, 16),
    "n2-standard-8": (8, 32),
    "n2-standard-16": (16, 64),
}
"""Machine type -> (vCPU, GiB), as the Compute Engine machine-type catalogue lists them."""

TAINT_EFFECTS: dict[str, str] = {
    "NoSchedule": "NO_SCHEDULE",
    "PreferNoSchedule": "PREFER_NO_SCHEDULE",
    "NoExecute": "NO_EXECUTE",
}
"""Kubernetes taint effect -> GKE node_config.taints effect. GKE writes the Kubernetes spelling on the node."""

# --- Nodes -------------------------------------------------------------------------------------------------

NODE_IMAGE_TYPE = "COS_CONTAINERD"
"""Container-Optimized OS: read-only root, minimal packages (NODE-02)."""
NODE_DISK_TYPE = "pd-balanced"
"""Boot disk type of every node."""
NODE_OAUTH_SCOPES: list[str] = ["https://www.googleapis.com/auth/cloud-platform"]
"""Google's recommendation: the broad scope, with access narrowed by the node account's IAM roles."""
NODE_ROLES: tuple[str, ...] = (
    "roles/logging.logWriter",
    "roles/monitoring.metricWriter",
    "roles/monitoring.viewer",
    "roles/stackdriver.resourceMetadata.writer",
    "roles/autoscaling.metricsWriter",
    "roles/artifactregistry.reader",
)
"""Project roles of the dedicated node service account: logs, metrics, image pulls and nothing else (IAM-02)."""
NODE_METADATA: dict[str, str] = {"disable-legacy-endpoints": "true"}
"""Instance metadata: the legacy (v0.1/v1beta1) metadata endpoints off (IAM-03)."""
SPOT_LOCATION_POLICY = "ANY"
"""Autoscaler location policy for spot pools: take capacity wherever it is (Google's advice for Spot VMs)."""
ON_DEMAND_LOCATION_POLICY = "BALANCED"
"""Autoscaler location policy for on-demand pools: keep zones even."""

# --- Control plane -----------------------------------------------------------------------------------------

DATAPATH_PROVIDER = "ADVANCED_DATAPATH"
"""Dataplane V2 (eBPF): NetworkPolicy enforcement built in (NET-04); excludes the Calico network_policy block."""
LOGGING_COMPONENTS: list[str] = ["SYSTEM_COMPONENTS", "WORKLOADS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER"]
"""Control-plane and workload logs sent to Cloud Logging (LOG-01)."""
MONITORING_COMPONENTS: list[str] = ["SYSTEM_COMPONENTS", "APISERVER", "SCHEDULER", "CONTROLLER_MANAGER", "STORAGE"]
"""Metrics sent to Cloud Monitoring."""
MASTER_CIDR_CANDIDATES: tuple[str, ...] = (
    "172.16.0.0/28",
    "192.168.0.0/28",
    "10.255.255.240/28",
    "172.16.0.16/28",
    "192.168.255.240/28",
)
"""RFC 1918 /28s tried in order for the control plane's peering range; the first that overlaps none of the
spec's ranges wins."""
PSA_RANGE_CANDIDATES: tuple[str, ...] = ("172.17.0.0/24", "192.168.1.0/24", "10.255.254.0/24", "172.17.1.0/24")
"""Candidate /24s for private services access (a zonal Filestore instance takes a /26 of one: facts.FILESTORE_TIERS
reserved_prefix); the first overlapping no other range wins."""
MAINTENANCE_START = "03:00"
"""Daily maintenance window start (UTC): auto-upgrades run off-peak (NODE-04)."""
KEY_ROTATION_PERIOD = "7776000s"
"""Cloud KMS rotation every 90 days, the ENC-02 maximum."""
KEY_DESTROY_DELAY = "2592000s"
"""30 days in DESTROY_SCHEDULED before a key version is gone, to undo a mistaken destroy."""
KMS_ROLE = "roles/cloudkms.cryptoKeyEncrypterDecrypter"

# Which Google service agent must use which of kumo's keys is a cloud fact: components/gcp/service_facts.py
# KEY_USERS (the agents themselves: service_facts.SERVICE_AGENTS).

# --- Storage -----------------------------------------------------------------------------------------------

BLOCK_PROVISIONER = "pd.csi.storage.gke.io"
BLOCK_DISK_TYPES: dict[str, str] = {"ssd": "pd-balanced", "performance": "pd-ssd"}
"""spec.storage.block.tier -> Persistent Disk type."""
BLOCK_KMS_PARAMETER = "disk-encryption-kms-key"
"""PD CSI StorageClass parameter naming the CMEK for new disks (ENC-04)."""
BUILTIN_DEFAULT_CLASSES: list[str] = ["standard-rwo"]
"""The class GKE marks default when the PD CSI driver is on; kumo un-marks it."""

SHARED_CSI_DRIVER = "filestore.csi.storage.gke.io"
SHARED_TIER_PREFERENCE: tuple[str, ...] = ("ZONAL", "REGIONAL", "ENTERPRISE")
"""Every Filestore tier that takes a customer-managed key (ENC-05: never the basic tiers), best first: the shared
store takes the first whose capacities (facts.FILESTORE_TIERS) take spec.storage.shared.size_gb, and a size none
takes is refused (facts.spec_problems). ZONAL first: a zonal instance in the first node zone, as the basic tiers
were, at the lowest price of the three."""
FILESTORE_SHARE = "kumo"
"""Filestore file share name ([a-z][a-z0-9_]*, at most 16 characters on basic tiers, 63 on the others)."""
SHARE_MODE = "2770"
"""Mode of the share's root once the owner job has run: owner and group (the app's uid and gid) read, write and
search; others (squashed root included) nothing; setgid, so what the app creates keeps the app's group."""
SHARE_OWNER_IMAGE = "docker.io/library/busybox:1.37.0"
"""The owner job's image: a shell with chown and chmod, nothing else (Cloud Run pulls Docker Hub images)."""
SHARE_OWNER_MOUNT = "/mnt/share"
"""Where the owner job mounts the share."""
SHARE_OWNER_TIMEOUT = "3600s"
"""The owner job's task timeout: re-owning a share an earlier uid owns walks every file over NFS."""
SHARE_OWNER_WAIT = "250m"
"""How long Pulumi waits for the job's run when it creates or updates it (custom timeouts): four attempts
(max_retries 3) of SHARE_OWNER_TIMEOUT, and a margin, so `kumo up` does not give up while the run goes on."""
NFS_ADMIN_RANGE_CANDIDATES: tuple[str, ...] = ("172.18.0.0/26", "192.168.2.0/26", "10.255.253.0/26", "172.18.0.64/26")
"""Candidate ranges of the admin subnetwork (the owner job's, and the only range the share exports without root
squash), each a /26: Direct VPC egress needs at least that (service_facts.DIRECT_VPC_MAX_PREFIX). The first overlapping
none of the spec's ranges, the control plane's /28 or the private-services range wins."""
NFS_LOCK_PORTS: tuple[str, ...] = ("111", "2046", "4045")
"""Ports Filestore's NFSv3 lock manager calls back on clients (portmapper, statd, nlockmgr)."""
FILESTORE_CONNECT_MODE = "PRIVATE_SERVICE_ACCESS"
"""Filestore reached over private services access: no public address, a reserved peering range (ENC-06)."""

# --- Load balancing ----------------------------------------------------------------------------------------

LB_ANNOTATIONS: dict[str, dict[str, str]] = {
    "internal": {"networking.gke.io/load-balancer-type": "Internal"},
    "public": {},
}
"""Service annotations per spec.load_balancer.scheme; GKE's default LoadBalancer is external."""

# --- Project services, logs, backups, admission -------------------------------------------------------------

APIS: dict[str, str] = {
    "compute": "compute.googleapis.com",
    "container": "container.googleapis.com",
    "iam": "iam.googleapis.com",
    "cloudkms": "cloudkms.googleapis.com",
    "file": "file.googleapis.com",
    "servicenetworking": "servicenetworking.googleapis.com",
    "binaryauthorization": "binaryauthorization.googleapis.com",
    "gkebackup": "gkebackup.googleapis.com",
    "logging": "logging.googleapis.com",
}
"""Short name -> the Google API kumo's resources call (enabled in the project, never disabled by kumo)."""
SHARED_STORE_APIS: dict[str, str] = {
    "workflows": "workflows.googleapis.com",
    "cloudscheduler": "cloudscheduler.googleapis.com",
    "run": "run.googleapis.com",
}
"""APIs only the shared store calls (enabled only when spec.storage.shared is set): its scheduled backups
(Workflows, Cloud Scheduler) and the one-shot job that hands the share to the app's user (Cloud Run)."""
SECURITY_POSTURE_MODE = "BASIC"
"""Kubernetes security posture: workload configuration auditing (GOV-01)."""
VULNERABILITY_MODE = "VULNERABILITY_DISABLED"
"""securityPostureConfig.vulnerabilityMode: the only value GKE still accepts (service_facts.VULNERABILITY_MODES); image
vulnerability scanning belongs to Artifact Analysis, outside the cluster."""
BINAUTHZ_EVALUATION_MODE = "PROJECT_SINGLETON_POLICY_ENFORCE"
"""Binary Authorization: admit only images the project's (singleton) policy allows (GOV-01)."""

LOG_BUCKET_LOCATION = "global"
"""Where the cluster's log bucket lives: where GKE's logs land today (the _Default bucket is global)."""
LOG_RETENTION_DAYS = 90
"""Days the cluster's logs are kept (LOG-02: at least 90; _Default keeps 30)."""
GKE_LOG_RESOURCE_TYPES: tuple[str, ...] = (
    "k8s_cluster",
    "k8s_control_plane_component",
    "k8s_node",
    "k8s_pod",
    "k8s_container",
    "gke_cluster",
    "gke_nodepool",
)
"""Monitored-resource types of GKE's logs; each carries resource.labels.cluster_name and .location."""

SUBNET_FLOW_LOGS: dict[str, str | float] = {
    "aggregation_interval": "INTERVAL_5_SEC",
    "flow_sampling": 1.0,
    "metadata": "INCLUDE_ALL_METADATA",
}
"""The node subnetwork's VPC flow logs (LOG-03, CKV_GCP_26): every flow (sampling 1.0, the API's range is 0 to 1),
the finest interval, all metadata (service_facts.SUBNET_LOG_CONFIG has the values the API takes)."""
VPC_FLOWS_LOG_ID = "compute.googleapis.com/vpc_flows"
"""The log VPC flow logs are written to (resource type gce_subnetwork): routed to the cluster's bucket (LOG-02)."""

BACKUP_CRON = "0 2 * * *"
"""Backup for GKE schedule (UTC): daily, an hour before the maintenance window."""
BACKUP_RETAIN_DAYS = 30
"""Days each Backup for GKE backup is kept before it is deleted automatically."""
BACKUP_DELETE_LOCK_DAYS = 7
"""Days a backup cannot be deleted by anyone (clusters with deletion protection only)."""
FILESTORE_BACKUP_CRON = "0 1 * * *"
"""Filestore backup schedule (Cloud Scheduler cron, UTC): daily, before Backup for GKE and maintenance."""
FILESTORE_BACKUP_TIME_ZONE = "Etc/UTC"
FILESTORE_BACKUP_RETAIN_DAYS = 30
"""Days a scheduled Filestore backup is kept; the workflow deletes its own older backups after each new one."""
FILESTORE_BACKUP_TIMEOUT_SECONDS = 6 * 3600
"""How long the workflow waits for one backup (a first, full backup of a multi-TiB share takes hours)."""
FILESTORE_BACKUP_LABEL: tuple[str, str] = ("kumo-backup", "scheduled")
"""Label on every backup the schedule takes: retention deletes only backups carrying it (never a manual one)."""
FILESTORE_BACKUP_PERMISSIONS: tuple[str, ...] = (
    "file.backups.create",
    "file.backups.delete",
    "file.backups.get",
    "file.backups.list",
    "file.instances.get",
    "file.operations.get",
)
"""The custom role of the backup workflow's identity. Narrower than every predefined Filestore role:
roles/file.editor is `file.*` (it may also delete, restore over and revert instances), roles/file.viewer
cannot create or delete backups, roles/file.admin adds Backup and DR and KMS."""
BACKUP_WORKFLOW_ROLES: tuple[str, ...] = ("roles/logging.logWriter",)
"""Predefined project roles of the backup workflow's identity besides its custom role: its execution logs."""
BACKUP_SCHEDULER_ROLES: tuple[str, ...] = ("roles/workflows.invoker",)
"""Project roles of the scheduler's identity: start workflow executions, nothing else."""
WORKFLOW_CALL_LOG_LEVEL = "LOG_ERRORS_ONLY"
"""Workflows call logging: failed connector calls land in Cloud Logging (where alerting can find them)."""

STATEFUL_TYPES: tuple[str, ...] = (
    "gcp:container/cluster:Cluster",  # the cluster itself, with everything running in it
    "gcp:filestore/instance:Instance",  # the shared store's data
    "gcp:kms/cryptoKey:CryptoKey",  # a new key cannot read what the old one encrypted
)
"""Types whose replacement or deletion loses data or the cluster: `kumo up` refuses a plan that replaces or
deletes one without --allow-replace (cli/gate.py). Node pools are not stateful: they are rebuilt at will."""
STATEFUL_LABELS: dict[str, str] = {"stateful": "true"}
"""Label on durable data (the Filestore instance and its key): what kumo's `up` gate finds it by (GOV-03)."""
