"""What the Google services kumo's resources lean on do, as data with its sources: which service agents exist
and which of kumo's keys each must use, how a Filestore share's root and exports behave, what Cloud Run's NFS
mounts and Direct VPC egress need, and which GKE vulnerability modes are still accepted.

Pure data, like facts.py (which holds the registry's facts: Kubernetes minors, locations, Filestore tiers).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from components.fact_types import Source
from components.gcp.facts import CHECKED

# ---------------------------------------------------------------------------------------------------------
# Filestore NFS exports

FILESTORE_ACCESS_SOURCE = Source("https://cloud.google.com/filestore/docs/access-control", CHECKED)
"""A new file share's root is owned by root with mode rwxr-xr-x: only a root client can write or change owners.
Without export rules every internal address may mount with no_root_squash; zonal, regional and enterprise
instances take overlapping rules (the smaller subnet wins), basic ones do not."""

NFS_EXPORT_SOURCE = Source("https://cloud.google.com/filestore/docs/reference/rest/v1beta1/NfsExportOptions", CHECKED)
"""NfsExportOptions: squashMode ROOT_SQUASH maps root to anonUid/anonGid (default 65534, settable only with
ROOT_SQUASH); at most 64 IP ranges per file share across all export options."""

SHARE_ROOT_OWNER: tuple[int, int, int] = (0, 0, 0o755)
"""(uid, gid, mode) of a new Filestore share's root directory (FILESTORE_ACCESS_SOURCE)."""
SQUASHED_ROOT_ID = 65534
"""The uid and gid a squashed root gets when anonUid/anonGid are left unset (NFS_EXPORT_SOURCE)."""
NFS_EXPORT_RANGES_MAX = 64

CLOUD_RUN_NFS_SOURCE = Source("https://cloud.google.com/run/docs/configuring/jobs/nfs-volume-mounts", CHECKED)
"""Cloud Run jobs mount NFS (Filestore) volumes over Direct VPC egress or a connector. Filestore lets every user
read and only root (uid 0) write by default: to let a non-root container write, "modify share permissions using
a connected client running as root", for example chown to the container's user."""

DIRECT_VPC_SOURCE = Source("https://cloud.google.com/run/docs/configuring/vpc-direct-vpc", CHECKED)
"""Direct VPC egress puts Cloud Run instances in a subnet of the VPC, taking their addresses from it; the subnet
must be a /26 or larger."""
DIRECT_VPC_MAX_PREFIX = 26

# ---------------------------------------------------------------------------------------------------------
# Service agents

SERVICE_AGENTS_SOURCE = Source("https://cloud.google.com/iam/docs/service-agents", CHECKED)
"""Each agent's email and the role Google grants it on the project when it creates it. A primary service agent
can be created before the service is used (generateServiceIdentity, `gcp.projects.ServiceIdentity`); an agent
created that way is not granted its role automatically, so kumo grants it
(https://cloud.google.com/iam/docs/create-service-agents)."""


@dataclass(frozen=True)
class ServiceAgent:
    """A Google-managed service agent of one project."""

    api: str
    email: str
    """`service-{number}@<domain>`: format with the project number."""
    role: str
    """The project role Google grants the agent when it creates it itself."""
    primary: bool
    """The API's primary service agent: generateServiceIdentity can create it ahead of first use."""
    source: Source = SERVICE_AGENTS_SOURCE


SERVICE_AGENTS: dict[str, ServiceAgent] = {
    "container": ServiceAgent(
        "container.googleapis.com",
        "service-{number}@container-engine-robot.iam.gserviceaccount.com",
        "roles/container.serviceAgent",
        True,
    ),
    # Not the API's primary agent: generateServiceIdentity does not create it. It exists once the Compute Engine
    # API is enabled (and must be, before kumo's first call: the data layer lists zones through that API).
    "compute": ServiceAgent(
        "compute.googleapis.com",
        "service-{number}@compute-system.iam.gserviceaccount.com",
        "roles/compute.serviceAgent",
        False,
    ),
    "filestore": ServiceAgent(
        "file.googleapis.com", "service-{number}@cloud-filer.iam.gserviceaccount.com", "roles/file.serviceAgent", True
    ),
    "gkebackup": ServiceAgent(
        "gkebackup.googleapis.com",
        "service-{number}@gcp-sa-gkebackup.iam.gserviceaccount.com",
        "roles/gkebackup.serviceAgent",
        True,
    ),
}


@dataclass(frozen=True)
class KeyUser:
    """A service agent that must hold Encrypter/Decrypter on one of kumo's keys, and why."""

    key: Literal["secrets", "disks", "shared"]
    """Which key: the cluster's Secrets key, its node and PD disk key, or the shared store's key."""
    agent: str
    """A SERVICE_AGENTS key."""
    why: str
    source: Source


KEY_USERS: tuple[KeyUser, ...] = (
    KeyUser(
        "secrets",
        "container",
        "GKE encrypts Kubernetes Secrets with it (application-layer secrets encryption)",
        Source("https://cloud.google.com/kubernetes-engine/docs/how-to/encrypting-secrets", CHECKED),
    ),
    KeyUser(
        "disks",
        "compute",
        "Compute Engine encrypts node boot disks and CSI-provisioned Persistent Disks",
        Source("https://cloud.google.com/kubernetes-engine/docs/how-to/using-cmek", CHECKED),
    ),
    # Backup for GKE encrypts a CMEK disk's volume backup with the disk's own key (orig_disk_key), whatever key
    # the plan names; without this grant every backup of a kumo-block volume fails.
    KeyUser(
        "disks",
        "gkebackup",
        "Backup for GKE backs up CMEK-encrypted Persistent Disk volumes with their key",
        Source("https://cloud.google.com/kubernetes-engine/docs/add-on/backup-for-gke/concepts/about-cmek", CHECKED),
    ),
    # The backup plan names the disk key too (DATA-07): Backup for GKE uses the plan's key through the GKE service
    # agent ("agent_robot", service-<number>@container-engine-robot), else backups fail "Missing IAM binding".
    KeyUser(
        "disks",
        "container",
        "Backup for GKE encrypts the backup plan's config backups with it, through the GKE service agent",
        Source(
            "https://cloud.google.com/kubernetes-engine/docs/add-on/backup-for-gke/troubleshoot/permission-errors",
            date(2026, 12, 2),
        ),
    ),
    KeyUser(
        "shared",
        "filestore",
        "Filestore encrypts the shared store (and its backups) with it",
        Source("https://cloud.google.com/filestore/docs/cmek", CHECKED),
    ),
)

# ---------------------------------------------------------------------------------------------------------
# GKE security posture

POSTURE_SOURCE = Source(
    "https://cloud.google.com/kubernetes-engine/docs/deprecations/posture-management-deprecation", CHECKED
)
VULNERABILITY_SOURCE = Source(
    "https://cloud.google.com/kubernetes-engine/docs/deprecations/vulnerability-scanning-gkee", CHECKED
)


@dataclass(frozen=True)
class VulnerabilityMode:
    """A value of securityPostureConfig.vulnerabilityMode and whether GKE still accepts it."""

    mode: str
    supported: bool
    note: str
    source: Source


VULNERABILITY_MODES: dict[str, VulnerabilityMode] = {
    m.mode: m
    for m in (
        VulnerabilityMode("VULNERABILITY_DISABLED", True, "no workload vulnerability scanning", VULNERABILITY_SOURCE),
        VulnerabilityMode(
            "VULNERABILITY_BASIC",
            False,
            "standard-tier workload vulnerability scanning was shut down on 2025-07-31; the API enum says "
            '"Basic vulnerability scanning is no longer supported"',
            VULNERABILITY_SOURCE,
        ),
        VulnerabilityMode(
            "VULNERABILITY_ENTERPRISE",
            False,
            "Advanced Vulnerability Insights was deprecated on 2025-06-16 (a deprecated tier cannot be "
            "enabled) and its results left the console on 2026-06-16",
            VULNERABILITY_SOURCE,
        ),
    )
}
"""Workload vulnerability scanning moved out of GKE (to Artifact Analysis and Security Command Center); the
Kubernetes security posture itself (mode BASIC: workload configuration auditing) is not among the deprecated
capabilities (POSTURE_SOURCE)."""

# ---------------------------------------------------------------------------------------------------------
# VPC flow logs and intranode visibility (LOG-03)

FLOW_LOGS_READ = date(2026, 12, 2)

SUBNET_LOG_CONFIG_SOURCE = Source(
    "https://www.pulumi.com/registry/packages/gcp/api-docs/compute/subnetwork/", FLOW_LOGS_READ
)
"""Subnetwork logConfig: aggregationInterval INTERVAL_5_SEC | INTERVAL_30_SEC | INTERVAL_1_MIN | INTERVAL_5_MIN |
INTERVAL_10_MIN | INTERVAL_15_MIN; flowSampling 0.0 to 1.0 (default 0.5, half the flows); metadata
INCLUDE_ALL_METADATA | EXCLUDE_ALL_METADATA | CUSTOM_METADATA. Flow logs land in Cloud Logging's _Default bucket
(30 days) under compute.googleapis.com/vpc_flows unless a sink routes them elsewhere."""
SUBNET_LOG_CONFIG: dict[str, tuple[str, ...]] = {
    "aggregation_interval": (
        "INTERVAL_5_SEC",
        "INTERVAL_30_SEC",
        "INTERVAL_1_MIN",
        "INTERVAL_5_MIN",
        "INTERVAL_10_MIN",
        "INTERVAL_15_MIN",
    ),
    "metadata": ("INCLUDE_ALL_METADATA", "EXCLUDE_ALL_METADATA", "CUSTOM_METADATA"),
}

INTRANODE_VISIBILITY_SOURCE = Source(
    "https://cloud.google.com/kubernetes-engine/docs/how-to/intranode-visibility", FLOW_LOGS_READ
)
"""Intranode visibility sends Pod-to-Pod traffic on one node through the VPC network, so flow logs, firewall rules
and packet mirroring see it. Off by default on Standard clusters. With GKE Dataplane V2 it is supported (from
1.36.0-gke.3302000 eBPF-native, earlier through the netd DaemonSet): it is not redundant with Dataplane V2, whose
own flow visibility is Hubble (GKE Dataplane V2 observability), not VPC flow logs. Not supported on Windows Server
node pools (kumo runs none)."""
