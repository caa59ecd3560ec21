"""Backup for GKE (DATA-03): a daily backup plan of the whole cluster, kept apart from the cluster's lifecycle.

What it covers: every namespace's Kubernetes objects (Secrets included) and the data of Persistent Disk
CSI volumes (kumo-block, kumo-block-retain). What it does NOT cover: the data on the Filestore share.
Backup for GKE does not integrate with Filestore volumes; with one in the cluster a backup with volume data
fails unless `permissive_mode` is on, and then only the PV/PVC definitions are captured (Google's "Handle
Filestore volumes with Backup for GKE"). So this plan is NOT the share's backup: the share has its own daily
Filestore backups (filestore_backups.py). Restoring the shared volume = restore the Filestore share, then restore
this backup with the "reuse existing volume" policy, which re-creates the static PV pointing at it.

The PD volumes are encrypted with the data layer's disk key, and Backup for GKE encrypts each volume backup with
the disk's own key: its service agent holds Encrypter/Decrypter on that key (service_facts.KEY_USERS, granted by
the data layer's keys.py), else every backup of a kumo-block volume fails.

The plan's own key (`backup_config.encryption_key`, DATA-07) is that same disk key: it encrypts the config backup
(every Kubernetes object, Secrets included) instead of a Google-owned key. It lives in the plan's region, as
Backup for GKE requires, and is the durable data's key, retained with it. The GKE service agent
(container-engine-robot) must hold Encrypter/Decrypter on the plan's key, else every backup fails with "Missing
IAM binding - agent service account (KCP)" (service_facts.KEY_USERS grants it).
"""

from __future__ import annotations

import pulumi
import pulumi_gcp as gcp

from components.gcp import traits
from components.gcp.scope import GcpScope
from components.spec import ClusterSpec


def build_backup_plan(
    name: str, spec: ClusterSpec, scope: GcpScope, cluster: gcp.container.Cluster, *, key: pulumi.Input[str]
) -> gcp.gkebackup.BackupPlan:
    """A Backup for GKE plan: all namespaces, secrets and PD volume data, daily, kept BACKUP_RETAIN_DAYS, encrypted
    with the Cloud KMS key `key` (the data layer's disk key)."""
    return gcp.gkebackup.BackupPlan(
        f"{name}-backup",  # auto-named: a replaced cluster's retained plan keeps its name and backups
        cluster=cluster.id,
        location=scope.region,
        description=f"kumo: daily backup of cluster {name}",
        backup_config={
            "all_namespaces": True,
            "include_secrets": True,
            "include_volume_data": True,
            # Filestore volumes cannot be backed up by Backup for GKE: without this every backup fails.
            "permissive_mode": True,
            "encryption_key": {"gcp_kms_encryption_key": key},
        },
        backup_schedule={"cron_schedule": traits.BACKUP_CRON, "paused": False},
        retention_policy={
            "backup_retain_days": traits.BACKUP_RETAIN_DAYS,
            # With deletion protection nobody can delete a backup younger than this (ransomware, mistakes).
            "backup_delete_lock_days": traits.BACKUP_DELETE_LOCK_DAYS if spec.deletion_protection else 0,
            "locked": False,  # a locked policy can never be relaxed again: left to the operator
        },
        # Backups must outlive the cluster and this stack, and Backup for GKE refuses to delete a plan that
        # still holds backups: on delete the provider abandons the plan (drops it from state, calls no API),
        # so its backups stay restorable and expire by retention; delete the plan by hand when done.
        # (ABANDON rather than Pulumi's retain_on_delete: the plan is bound to the cluster, it is not
        # durable data itself, and kumo reserves retain_on_delete for data that outlives the cluster.)
        deletion_policy="ABANDON",
        opts=scope.opts("gkebackup"),
    )
