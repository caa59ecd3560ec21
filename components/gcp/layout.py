"""Pure derivations from the spec: zones, address ranges, per-zone node counts, names. No Pulumi.

Kept apart from the resource code so each rule is tested with exact tables (tests/gcp/test_layout.py).
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
from collections.abc import Sequence
from dataclasses import dataclass

from components.gcp import facts, traits
from components.spec import NetworkSpec


def pick_zones(available: Sequence[str], count: int, region: str) -> list[str]:
    """The first `count` zones of the region, in name order; an error naming what exists if too few."""
    zones = sorted(z for z in available if z.startswith(f"{region}-"))
    if len(zones) < count:
        raise ValueError(
            f"region {region} has {len(zones)} zone(s) up ({', '.join(zones) or 'none'}); "
            f"spec.network.zones asks for {count}"
        )
    return zones[:count]


def _spec_ranges(network: NetworkSpec) -> list[ipaddress.IPv4Network]:
    return [ipaddress.IPv4Network(c) for c in (network.cidr, network.pod_cidr, network.service_cidr)]


def _first_free(candidates: tuple[str, ...], taken: list[ipaddress.IPv4Network], what: str) -> str:
    for candidate in candidates:
        net = ipaddress.IPv4Network(candidate)
        if not any(net.overlaps(t) for t in taken):
            return candidate
    raise ValueError(
        f"no free {what} range: every candidate ({', '.join(candidates)}) overlaps the spec's network ranges"
    )


def master_cidr(network: NetworkSpec) -> str:
    """The control plane's /28, disjoint from the node, pod and service ranges."""
    return _first_free(traits.MASTER_CIDR_CANDIDATES, _spec_ranges(network), "control-plane /28")


def psa_range(network: NetworkSpec) -> str:
    """The private-services-access range (for Filestore), disjoint from the spec's ranges and the /28."""
    taken = [*_spec_ranges(network), ipaddress.IPv4Network(master_cidr(network))]
    return _first_free(traits.PSA_RANGE_CANDIDATES, taken, "private services access")


def nfs_admin_range(network: NetworkSpec) -> str:
    """The admin subnetwork's range (the share owner job's, exported without root squash), disjoint from the
    spec's ranges, the control plane's /28 and the private-services range."""
    taken = [
        *_spec_ranges(network),
        ipaddress.IPv4Network(master_cidr(network)),
        ipaddress.IPv4Network(psa_range(network)),
    ]
    return _first_free(traits.NFS_ADMIN_RANGE_CANDIDATES, taken, "NFS admin")


@dataclass(frozen=True)
class NfsExport:
    """One Filestore export rule (nfs_export_options entry)."""

    ip_ranges: list[str]
    access_mode: str
    squash_mode: str


def nfs_exports(network: NetworkSpec) -> list[NfsExport]:
    """The shared store's export rules (Filestore nfs_export_options), most trusted first.

    - The admin subnetwork, READ_WRITE without root squash: only the one-shot owner job runs there (a Cloud Run
      job, share_owner.py); it is what hands the share's root to the app's user, which root squashed cannot.
      https://cloud.google.com/run/docs/configuring/jobs/nfs-volume-mounts
    - The node range, READ_WRITE with ROOT_SQUASH and the default anonymous ids (65534): pods reach the share
      only through their node's mount (the Filestore CSI node plugin runs with hostNetwork, so NFS traffic
      leaves from the node's address), and root in any pod arrives squashed to 65534, which the share's root
      (app uid:gid, mode 2770) admits to nothing. anonUid/anonGid are left at their default on purpose:
      mapping root to the app's ids would give root in every pod the app's access.
      https://cloud.google.com/filestore/docs/reference/rest/v1beta1/NfsExportOptions
    The pod range is not exported: a pod speaking NFS itself from its own address (AUTH_SYS trusts whatever uid
    the client claims) is refused outright.
    """
    return [
        NfsExport([nfs_admin_range(network)], "READ_WRITE", "NO_ROOT_SQUASH"),
        NfsExport([network.cidr], "READ_WRITE", "ROOT_SQUASH"),
    ]


@dataclass(frozen=True)
class ZoneCounts:
    """How a pool-wide min/max becomes GKE's per-zone initial count."""

    initial_per_zone: int
    """initial_node_count: nodes per zone at creation (GKE multiplies it by the zone count)."""
    exact: bool
    """False when no per-zone count puts the starting total within [min, max] (then min is honoured)."""


def initial_per_zone(min_nodes: int, max_nodes: int, zones: int) -> ZoneCounts:
    """The smallest per-zone count whose total (x zones) is at least `min_nodes` and at most `max_nodes`.

    When no multiple of the zone count lies in [min, max] (min=max=1 over 2 zones), the pool starts at
    ceil(min / zones) per zone: honouring the minimum matters more (a system pool must have capacity);
    the autoscaler's pool-wide limits then apply from there.
    """
    lowest = math.ceil(min_nodes / zones)
    exact = lowest * zones <= max_nodes
    return ZoneCounts(initial_per_zone=lowest, exact=exact)


def account_id(name: str, suffix: str) -> str:
    """A service account id (6-30 chars, [a-z][-a-z0-9]*[a-z0-9]) for `name`, stable and collision-safe.

    Cluster names reach 40 characters; a long one is cut and given a short hash of the full name so two
    long names sharing a prefix still differ.
    """
    wanted = f"{name}-{suffix}"
    if len(wanted) <= 30:
        return wanted
    digest = hashlib.sha256(name.encode()).hexdigest()[:6]
    keep = 30 - len(suffix) - len(digest) - 2
    return f"{name[:keep].rstrip('-')}-{digest}-{suffix}"


def _cut(text: str, limit: int, digest_of: str) -> str:
    """`text` if it fits in `limit`, else its head and a short hash of `digest_of`, separated by a hyphen."""
    if len(text) <= limit:
        return text
    digest = hashlib.sha256(digest_of.encode()).hexdigest()[:6]
    return f"{text[: limit - len(digest) - 1].rstrip('-_')}-{digest}"


SHARE_OWNER_JOB_MAX = 49
"""Longest owner-job name: a Cloud Run name, and short enough that the job's name plus its execution token stays
under the 63 characters run_execution_token allows."""


def share_owner_job_name(store: str) -> str:
    """The Cloud Run job that hands the share to the app's user: `{store}-owner`, cut to SHARE_OWNER_JOB_MAX."""
    return _cut(f"{store}-owner", SHARE_OWNER_JOB_MAX, store)


def zone_region(zone: str) -> str:
    """The region of a zone (europe-west1-b -> europe-west1): where a zonal instance's backups live."""
    region, _, letter = zone.rpartition("-")
    if not region or len(letter) != 1:
        raise ValueError(f"not a zone: {zone!r}")
    return region


BACKUP_STAMP_LENGTH = len("-20260101010000")
"""The timestamp the backup workflow appends to the id prefix: a hyphen and UTC YYYYMMDDhhmmss."""


def backup_id_prefix(instance: str) -> str:
    """The prefix of the scheduled backups' ids: the instance name, cut so prefix + stamp fits Filestore's
    63 characters ([a-z][-a-z0-9]*, no trailing hyphen; the stamp ends in a digit)."""
    return _cut(instance, 63 - BACKUP_STAMP_LENGTH, instance)


def role_suffix(role: str) -> str:
    """roles/logging.logWriter -> logging-logwriter: a role binding's suffix in its resource name."""
    return role.rsplit("/", 1)[-1].replace(".", "-").lower()


def custom_role_id(name: str, suffix: str) -> str:
    """A project custom role id ([a-zA-Z0-9_.]{3,64}: no hyphens) for `name`, stable and collision-safe."""
    return _cut(f"kumo_{name}_{suffix}".replace("-", "_"), 64, name).replace("-", "_")


def filestore_tier(size_gb: int) -> str:
    """The first tier of traits.SHARED_TIER_PREFERENCE that takes a customer-managed key and `size_gb` GiB
    (facts.FILESTORE_TIERS); a ValueError naming what the tiers take when none does (a spec facts.spec_problems
    refuses: the preference lists every tier that takes a key)."""
    for name in traits.SHARED_TIER_PREFERENCE:
        tier = facts.FILESTORE_TIERS[name]
        if tier.cmek and any(band.takes(size_gb) for band in tier.bands):
            return tier.tier
    raise ValueError(
        f"no Filestore tier that takes a customer-managed key takes {size_gb} GiB: {facts.cmek_capacities()} "
        f"({facts.FILESTORE_TIERS_SOURCE.url})"
    )


def kumo_labels(name: str, tags: dict[str, str]) -> dict[str, str]:
    """The labels on every resource: the spec's tags plus kumo's own (kumo's win)."""
    return {**tags, "kumo-cluster": name, "managed-by": "kumo"}


def cluster_log_filter(name: str, region: str, zones: list[str]) -> str:
    """A Cloud Logging filter matching this cluster's logs only: its GKE resource types, its name, and its
    location (regional resources carry the region, node resources may carry a zone), so another cluster of
    the same name elsewhere in the project is not caught. Lines are ANDed."""
    types = " OR ".join(f'"{t}"' for t in traits.GKE_LOG_RESOURCE_TYPES)
    locations = " OR ".join(f'"{loc}"' for loc in [region, *zones])
    return "\n".join(
        [
            f"resource.type=({types})",
            f'resource.labels.cluster_name="{name}"',
            f"resource.labels.location=({locations})",
        ]
    )
