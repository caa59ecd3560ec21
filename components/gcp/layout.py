"""Pure derivations from the spec: zones, address ranges, per-zone node counts, names. No Pulumi.

Kept apart from the resource code so each rule is tested with exact tables (tests/gcp/test_layout.py).
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
from collections.abc import Sequence
from dataclasses import dataclass

from components.gcp import traits
from components.spec import NetworkSpec


def pick_zones(available: Sequence[str], count: int, region: str) -> list[str]:
    """The first `count` zones of the region, in name order; an error naming what exists if too few."""
    zones = sorted(z for z in available if z.startswith(f"{region}-"))
    if len(zones) < count:
        raise ValueError(f"region {region} has {len(zones)} zone(s) up ({', '.join(zones) or 'none'}); "
                         f"spec.network.zones asks for {count}")
    return zones[:count]


def _spec_ranges(network: NetworkSpec) -> list[ipaddress.IPv4Network]:
    return [ipaddress.IPv4Network(c) for c in (network.cidr, network.pod_cidr, network.service_cidr)]


def _first_free(candidates: tuple[str, ...], taken: list[ipaddress.IPv4Network], what: str) -> str:
    for candidate in candidates:
        net = ipaddress.IPv4Network(candidate)
        if not any(net.overlaps(t) for t in taken):
            return candidate
    raise ValueError(f"no free {what} range: every candidate ({', '.join(candidates)}) overlaps the spec's "
                     "network ranges")


def master_cidr(network: NetworkSpec) -> str:
    """The control plane's /28, disjoint from the node, pod and service ranges."""
    return _first_free(traits.MASTER_CIDR_CANDIDATES, _spec_ranges(network), "control-plane /28")


def psa_range(network: NetworkSpec) -> str:
    """The private-services-access range (for Filestore), disjoint from the spec's ranges and the /28."""
    taken = [*_spec_ranges(network), ipaddress.IPv4Network(master_cidr(network))]
    return _first_free(traits.PSA_RANGE_CANDIDATES, taken, "private services access")


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
    return f"{text[:limit - len(digest) - 1].rstrip('-_')}-{digest}"


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


def custom_role_id(name: str, suffix: str) -> str:
    """A project custom role id ([a-zA-Z0-9_.]{3,64}: no hyphens) for `name`, stable and collision-safe."""
    return _cut(f"kumo_{name}_{suffix}".replace("-", "_"), 64, name).replace("-", "_")


def filestore_tier(size_gb: int) -> str:
    """The fastest basic Filestore tier whose minimum capacity `size_gb` meets."""
    for tier, minimum in traits.FILESTORE_TIERS:
        if size_gb >= minimum:
            return tier
    smallest = min(m for _, m in traits.FILESTORE_TIERS)
    raise ValueError(f"Filestore needs at least {smallest} GiB; spec.storage.shared.size_gb is {size_gb}")


def kumo_labels(name: str, tags: dict[str, str]) -> dict[str, str]:
    """The labels on every resource: the spec's tags plus kumo's own (kumo's win)."""
    return {**tags, "kumo-cluster": name, "managed-by": "kumo"}


def cluster_log_filter(name: str, region: str, zones: list[str]) -> str:
    """A Cloud Logging filter matching this cluster's logs only: its GKE resource types, its name, and its
    location (regional resources carry the region, node resources may carry a zone), so another cluster of
    the same name elsewhere in the project is not caught. Lines are ANDed."""
    types = " OR ".join(f'"{t}"' for t in traits.GKE_LOG_RESOURCE_TYPES)
    locations = " OR ".join(f'"{loc}"' for loc in [region, *zones])
    return "\n".join([f"resource.type=({types})", f'resource.labels.cluster_name="{name}"',
                      f"resource.labels.location=({locations})"])
