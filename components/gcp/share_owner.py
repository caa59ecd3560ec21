"""The one-shot job that hands the shared store to the app's user, so uid/gid RUN_AS can write with no manual step.

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
  A Cloud Run job there mounts the share over NFS (Direct VPC egress) as root, runs
  `chown RUN_AS:RUN_AS <root> && chmod 2770 <root>` and exits: "to let a non-root container write, modify share
  permissions using a connected client running as root"
  (https://cloud.google.com/run/docs/configuring/jobs/nfs-volume-mounts). Pulumi runs it when it creates the job
  (run_execution_token) and waits for it to succeed; it touches the root directory only, so running it again
  never changes the app's files.
- Afterwards the share root is RUN_AS:RUN_AS 2770: the app (uid 101, group 101) reads and writes; root in any pod
  (squashed to 65534) and every other uid get nothing; nothing is world-writable. The app's pods must set
  fsGroupChangePolicy OnRootMismatch when they set fsGroup: the root then already matches (group 101, setgid,
  group rwx), and the kubelet skips the recursive change that it, squashed, could neither read nor make
  (https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#configure-volume-permission-and-ownership-change-policy-for-pods).
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

from components.gcp import layout, traits
from components.gcp.network import Network, subnet_flow_logs
from components.gcp.scope import GcpScope
from components.kubernetes.app import RUN_AS


def owner_script(uid: int = RUN_AS, gid: int = RUN_AS, mount: str = traits.SHARE_OWNER_MOUNT) -> str:
    """The job's shell command: hand the share's root (only) to uid:gid with traits.SHARE_MODE, and show it."""
    return f"chown {uid}:{gid} {mount} && chmod {traits.SHARE_MODE} {mount} && ls -ldn {mount}"


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
        run_execution_token=traits.SHARE_OWNER_RUN_TOKEN,
        template={
            "task_count": 1,
            "parallelism": 1,
            "template": {
                "service_account": account.email,
                "max_retries": 3,
                "timeout": "600s",
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
        opts=scope.opts("run", depends_on=[instance, subnet]),
    )
    return ShareOwner(subnet=subnet, account=account, job=job)
