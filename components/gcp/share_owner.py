"""The one-shot job that hands the shared store to the app's ids (APP_UID:APP_GID), so the app can write with no
manual step, and hands over a store an earlier uid/gid owns.

Why a job, and why this one:
- A new Filestore share's root is root:root, mode 755: only a root client can write or chown
  (https://cloud.google.com/filestore/docs/access-control).
- kumo exports the share to the nodes with ROOT_SQUASH (layout.nfs_exports), and pods reach it only through their
  node's mount, so root in a pod is squashed too. That is the point, but it also means nothing in the cluster can
  hand the share over: the kubelet's fsGroup change (the open-source Filestore CSI driver, the base of GKE's,
  declares fsGroupPolicy File and has no VOLUME_MOUNT_GROUP, so the kubelet itself chowns the volume:
  https://github.com/kubernetes-sigs/gcp-filestore-csi-driver/blob/master/docs/kubernetes/fsgroup.md) runs as
  root on the node, squashed, and fails. Exporting to the nodes without squash
  would let it work, and would let root in any pod that mounts the share do anything to it. Mapping root to the
  app's ids (anonUid/anonGid) would give root in every pod the app's access, and still could not chown a
  root-owned directory.
- So the share also exports, without root squash, to one small admin subnetwork that nothing but this job uses.
  A Cloud Run job there mounts the share over NFS (Direct VPC egress) as root, hands the root to the app's ids
  with mode 2770 and exits: "to let a non-root container write, modify share permissions using a connected client
  running as root" (https://cloud.google.com/run/docs/configuring/jobs/nfs-volume-mounts). Pulumi runs it when
  it creates the job and whenever its run_execution_token (RUN_TOKEN, which names the ids)
  changes, and waits for it to succeed.
- What it changes depends on who owns the root (owner_script): root:root is a new share, nothing in it is any
  app's yet, and only the root is handed over; when the app's ids already own it (the job runs again), only the
  root's mode is set, nothing below it; any other owner is an earlier app's ids (kumo's app ran as 101:101
  before), and the whole tree is re-owned to the app's, so every file the old ids wrote stays the app's to read
  and write. The root is 2770, so nothing but the app's ids (and this job) ever wrote in the share.
- Afterwards the share root is APP_UID:APP_GID 2770: the app reads and writes; root in any pod (squashed to
  65534) and every other uid get nothing; nothing is world-writable. The app's pods must set fsGroupChangePolicy
  OnRootMismatch when they set fsGroup: the root then already matches (the app's group, setgid, group rwx), and
  the kubelet skips the recursive change that it, squashed, could neither read nor make
  (https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#configure-volume-permission-and-ownership-change-policy-for-pods).
- Changing the ids: the data layer (this job) is applied before the in-cluster layer (the app), so the share is
  re-owned before the new pods mount it; a new pod never meets a root its fsGroup does not match (that would fail
  its mount, and the rollout, which keeps the old pods until new ones are ready, would wait). In between, the old
  pods, still running as the old ids, cannot read the share: a window of one `kumo up`, in which nothing is lost.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

from components.gcp import layout, traits
from components.gcp.network import Network, subnet_flow_logs
from components.gcp.scope import GcpScope
from components.spec.workload import APP_GID, APP_UID

RUN_TOKEN = f"{APP_UID}-{APP_GID}"
"""The job's run_execution_token: Cloud Run runs the job when it is created or this token changes. It names the
app's ids, so new ids run the job again, which hands them a share the old ids own (owner_script); it was "kumo-1"
while the app ran as 101:101. Add a suffix to run the job again otherwise: on a share the app's ids already own,
it sets the root's owner and mode, nothing below it. Job name and token stay under 63 characters."""


def owner_script(uid: int = APP_UID, gid: int = APP_GID, mount: str = traits.SHARE_OWNER_MOUNT) -> str:
    """The job's shell command: read the root's numeric owner (`ls -ldn`: fields 3 and 4); unless it is root:root
    (a new share) or uid:gid already, re-own the whole tree to uid:gid (`chown -hR`: symbolic links themselves,
    never what they point to); then hand the root to uid:gid with traits.SHARE_MODE, and show it."""
    return (
        f"set -e; set -- $(ls -ldn {mount}); "
        f'case "$3:$4" in 0:0|{uid}:{gid}) ;; *) chown -hR {uid}:{gid} {mount} ;; esac; '
        f"chown {uid}:{gid} {mount}; chmod {traits.SHARE_MODE} {mount}; ls -ldn {mount}"
    )


@dataclass(frozen=True)
class ShareOwner:
    subnet: gcp.compute.Subnetwork
    """The admin subnetwork: the only range the share exports without root squash."""
    account: gcp.serviceaccount.Account
    """The job's identity: no roles (mounting NFS needs none)."""
    job: gcp.cloudrunv2.Job


def build_share_owner(
    name: str,
    *,
    network: Network,
    admin_range: str,
    instance: gcp.filestore.Instance,
    ip: pulumi.Output[str],
    scope: GcpScope,
) -> ShareOwner:
    """The admin subnetwork, the job's identity and the job itself, run once when created."""
    subnet = gcp.compute.Subnetwork(
        f"{name}-nfs-admin",
        name=f"{name}-nfs-admin",
        network=network.vpc.id,
        region=scope.region,
        ip_cidr_range=admin_range,
        private_ip_google_access=True,
        stack_type="IPV4_ONLY",
        description="kumo: the shared store's admin range (exported without root squash); only the share owner "
        "job runs here",
        log_config=subnet_flow_logs(),  # LOG-03 (network.flow_log_sink keeps them)
        opts=scope.opts("compute"),
    )
    account = gcp.serviceaccount.Account(
        f"{name}-owner-sa",
        account_id=layout.account_id(name, "own"),
        display_name=f"kumo {name} share owner",
        description="Identity of the one-shot job that hands kumo's shared store to the app's user; no roles.",
        opts=scope.opts("iam"),
    )
    job = gcp.cloudrunv2.Job(
        f"{name}-owner",
        name=layout.share_owner_job_name(name),
        location=scope.region,
        deletion_protection=False,  # holds no data: the stack may remove it
        run_execution_token=RUN_TOKEN,
        template={
            "task_count": 1,
            "parallelism": 1,
            "template": {
                "service_account": account.email,
                "max_retries": 3,
                "timeout": traits.SHARE_OWNER_TIMEOUT,  # re-owning a large tree over NFS takes a while
                "execution_environment": "EXECUTION_ENVIRONMENT_GEN2",  # NFS volumes need the second generation
                "containers": [
                    {
                        "name": "owner",
                        "image": traits.SHARE_OWNER_IMAGE,
                        "commands": ["/bin/sh"],
                        "args": ["-c", owner_script()],
                        "volume_mounts": [{"name": "share", "mount_path": traits.SHARE_OWNER_MOUNT}],
                        "resources": {"limits": {"cpu": "1", "memory": "512Mi"}},
                    }
                ],
                "volumes": [
                    {"name": "share", "nfs": {"server": ip, "path": f"/{traits.FILESTORE_SHARE}", "read_only": False}}
                ],
                # Direct VPC egress from the admin subnetwork: the job's NFS client address is in admin_range.
                "vpc_access": {"network_interfaces": [{"subnetwork": subnet.id}], "egress": "PRIVATE_RANGES_ONLY"},
            },
        },
        opts=scope.opts(
            "run",
            depends_on=[instance, subnet],
            # Pulumi waits for the run: every attempt may take the task's whole timeout.
            custom_timeouts=pulumi.CustomTimeouts(create=traits.SHARE_OWNER_WAIT, update=traits.SHARE_OWNER_WAIT),
        ),
    )
    return ShareOwner(subnet=subnet, account=account, job=job)
