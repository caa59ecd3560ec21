"""A share made while the app ran as 101:101 stays the app's when it runs as 10101:10101 (issue 16).

The azurefile CSI driver re-groups the share in NodeStageVolume (pkg/azurefile/nodeserver.go), with Kubernetes'
SetVolumeOwnership under fsGroupChangePolicy OnRootMismatch (pkg/volume/volume_linux.go: the walk runs when the
root's group is not the fsGroup, or the root lacks group rwx or setgid; each file gets the group, group rw, and
directories group x and setgid). The kubelet stages a volume on a node only for its first pod there, so a new pod
may meet the share still grouped 101: the pod's supplementary group 101 covers that time.
"""

from __future__ import annotations

from typing import Any

from components.records import Plan

Entry = tuple[int, int, int, bool]
"""(uid, gid, mode, is a directory)"""
LEGACY_SHARE: dict[str, Entry] = {
    "/": (0, 101, 0o2770, True),  # what the driver made of the root for fsGroup 101
    "/index.html": (101, 101, 0o644, False),  # written by the old app's uid, umask 022
    "/docs": (101, 101, 0o2755, True),
    "/docs/a.txt": (101, 101, 0o644, False),
}


def requires_change(root: Entry, fs_group: int) -> bool:
    _, gid, mode, _ = root
    return gid != fs_group or mode & 0o070 != 0o070 or not mode & 0o2000


def stage(share: dict[str, Entry], fs_group: int, policy: str) -> dict[str, Entry]:
    """The share after a node's NodeStageVolume for a pod with this fsGroup."""
    if policy == "OnRootMismatch" and not requires_change(share["/"], fs_group):
        return dict(share)
    return {
        path: (uid, fs_group, mode | 0o060 | (0o2010 if is_dir else 0), is_dir)
        for path, (uid, _, mode, is_dir) in share.items()
    }


def allowed(pod: dict[str, Any], entry: Entry, bits: int) -> bool:
    """POSIX permission check for the pod's process (owner, else any of its groups, else other)."""
    uid, gid, mode, _ = entry
    groups = {int(pod["runAsGroup"]), int(pod["fsGroup"]), *(int(g) for g in pod.get("supplementalGroups", []))}
    if uid == int(pod["runAsUser"]):
        return mode >> 6 & bits == bits
    if gid in groups:
        return mode >> 3 & bits == bits
    return mode & bits == bits


READ, WRITE, SEARCH = 4, 2, 1


def can_read(pod: dict[str, Any], share: dict[str, Entry], path: str) -> bool:
    parents = ["/"] + ["/".join(path.split("/")[:i]) for i in range(2, path.count("/") + 1)]
    return all(allowed(pod, share[p], SEARCH) for p in parents) and allowed(pod, share[path], READ)


def can_write(pod: dict[str, Any], share: dict[str, Entry], path: str) -> bool:
    return can_read(pod, share, path) and allowed(pod, share[path], WRITE)


def app_pod(plan: Plan) -> dict[str, Any]:
    context: dict[str, Any] = plan.one("kubernetes:apps/v1:Deployment").inputs["spec"]["template"]["spec"][
        "securityContext"
    ]
    return context


def test_the_new_app_reads_the_old_files_before_any_node_re_groups_them(prod_plan: Plan) -> None:
    pod = app_pod(prod_plan)
    assert (pod["runAsUser"], pod["runAsGroup"], pod["fsGroup"], pod["supplementalGroups"]) == (
        10101,
        10101,
        10101,
        [101],
    )
    assert [p for p in LEGACY_SHARE if can_read(pod, LEGACY_SHARE, p)] == ["/", "/index.html", "/docs", "/docs/a.txt"]
    assert can_write(pod, LEGACY_SHARE, "/")  # it creates files at the root, in group 101 (setgid)
    # Without the old group the new app would see nothing until a node re-groups the share.
    bare = {**pod, "supplementalGroups": []}
    assert [p for p in LEGACY_SHARE if can_read(bare, LEGACY_SHARE, p)] == []


def test_a_nodes_first_mount_hands_the_whole_share_to_the_new_group_once(prod_plan: Plan) -> None:
    pod = app_pod(prod_plan)
    policy = prod_plan.one("kubernetes:core/v1:PersistentVolume").inputs["spec"]["csi"]["volumeAttributes"][
        "fsGroupChangePolicy"
    ]
    assert policy == "OnRootMismatch"
    after = stage(LEGACY_SHARE, int(pod["fsGroup"]), policy)
    assert after == {
        "/": (0, 10101, 0o2770, True),
        "/index.html": (101, 10101, 0o664, False),
        "/docs": (101, 10101, 0o2775, True),
        "/docs/a.txt": (101, 10101, 0o664, False),
    }
    bare = {**pod, "supplementalGroups": []}
    assert all(can_write(bare, after, p) for p in after)  # every old file is the new app's, 101 or not
    assert stage(after, int(pod["fsGroup"]), policy) == after  # later mounts walk nothing
