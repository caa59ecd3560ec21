"""What Google Cloud accepts today, as data with its sources (components/facts.py has the record types).

This module holds what the registry asks of it (components/clouds.py CloudFacts: KUBERNETES, LOCATION and
spec_problems) and the Filestore tiers spec_problems reads; service_facts.py holds the rest (service agents and
the keys they use, Filestore's exports, Cloud Run's NFS mounts, GKE's security posture).

Pure data: no Pulumi, no Google Cloud SDK, nothing of this package. The layers, preflight and tests read these
tables; nothing repeats them. Keeping them current: re-read each `Source.url`, change the entries and their
`checked` date together; `kumo preflight` compares the Kubernetes minors with GKE's live `gcloud container
get-server-config` and names any minor a release channel offers that KUBERNETES does not list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from components.fact_types import FactProblem, KubernetesMinor, LocationFacts, LocationKey, Source

CHECKED = date(2026, 12, 1)

# ---------------------------------------------------------------------------------------------------------
# Kubernetes minors on GKE

GKE_SCHEDULE = Source("https://cloud.google.com/kubernetes-engine/docs/release-schedule", CHECKED)
"""The GKE release schedule: per minor, availability in each release channel, end of standard support and end
of extended support (the Extended channel). GKE's rule (https://cloud.google.com/kubernetes-engine/versioning):
a minor is supported for about 14 months of standard support plus about 10 months of extended support, 24
months in all, counted from its availability for new clusters in the Regular channel.

No stored copy of the schedule page itself could be read in full. The end dates of 1.31 to 1.35 are the
schedule's as a dated copy quotes them (https://cloud.google.com/kubernetes-engine/docs/release-schedule read
2026-10-04 into an extended-support price table); `released` is the Regular-channel availability, derived
as end_of_extended less 24 months (the rule above; for 1.32 and 1.35 it matches endoflife.date's copy of the
schedule, 2025-02-11 and 2026-02-11)."""

GKE_RELEASE_NOTES = Source("https://cloud.google.com/kubernetes-engine/docs/release-notes", CHECKED)
"""GKE release notes: which versions each channel offers, week by week."""

KUBERNETES: tuple[KubernetesMinor, ...] = (
    KubernetesMinor("1.31", date(2024, 10, 22), date(2026, 1, 15), date(2026, 10, 22), GKE_SCHEDULE),
    KubernetesMinor("1.32", date(2025, 2, 11), date(2026, 4, 26), date(2027, 2, 11), GKE_SCHEDULE),
    # The finding: the Regular channel has moved past 1.33 (standard support ended 2026-08-11).
    KubernetesMinor("1.33", date(2025, 6, 12), date(2026, 8, 11), date(2027, 6, 12), GKE_SCHEDULE),
    # endoflife.date's April 2026 copy of the schedule gave 2026-10-01 as 1.34's end of standard support; the
    # October copy gives 2027-01-24 (the Regular channel took 1.34 late, in November 2025), and the 2026-09-23
    # release notes still list 1.34 patches for new clusters. The later copy is used.
    KubernetesMinor("1.34", date(2025, 11, 25), date(2027, 1, 24), date(2027, 11, 25), GKE_SCHEDULE),
    KubernetesMinor("1.35", date(2026, 2, 11), date(2027, 4, 10), date(2028, 2, 11), GKE_SCHEDULE),
    # Not in the dated copy of the schedule. Released: the first release notes found listing a 1.36 version
    # for new clusters outside the Rapid channel (no channel, whose versions follow the Regular channel's:
    # 1.36.0-gke.3302001 on 2026-06-26; the Regular channel offered 1.36 by 2026-09-02). The end dates are
    # derived from the 14-month and 24-month rules above: 2026-06-26 plus 14 and plus 24 months.
    KubernetesMinor("1.36", date(2026, 6, 26), date(2027, 8, 26), date(2028, 6, 26), GKE_RELEASE_NOTES),
    # Rapid channel only, with no SLA: 1.37.0-gke.2155000 became available to all clusters on 2026-09-02
    # (release notes 2026-R37); no source shows it in the Regular channel by CHECKED. `released` is that
    # Rapid availability; the end dates are derived from it with the rules above (14 and 24 months), so they
    # are the earliest GKE could give once 1.37 reaches the Regular channel. preflight tells whether the
    # stack's channel offers it.
    KubernetesMinor("1.37", date(2026, 9, 2), date(2027, 11, 2), date(2028, 9, 2), GKE_RELEASE_NOTES),
)
"""Every minor from 1.31 to the newest GKE offers on CHECKED."""

# ---------------------------------------------------------------------------------------------------------
# Where a stack goes

REGIONS_SOURCE = Source("https://cloud.google.com/compute/docs/regions-zones", CHECKED)
"""Compute Engine's regions and their zones (the zones a GKE cluster's nodes can use). The 43 public regions
are also what a November 2026 deployment script enumerates for Google Cloud; the zone letters are those of the
Compute Engine page (us-central1 has a, b, c and f; us-east1 and europe-west1 have b, c and d). asia-southeast3
(Bangkok) opened in 2026: its zones were not in any stored copy of the page and are assumed a, b and c, as in
every region opened since 2019. `kumo preflight` lists the zones that are UP live (`gcloud compute zones list`)."""

PROJECT_ID_SOURCE = Source("https://cloud.google.com/resource-manager/docs/creating-managing-projects", CHECKED)
"""Project ID requirements: 6 to 30 characters; lowercase letters, digits and hyphens; starts with a letter;
cannot end with a hyphen."""

PROJECT_ID_FORMAT = r"[a-z][a-z0-9-]{4,28}[a-z0-9]"
"""A project ID (matched in full): a letter, then 4 to 28 lowercase letters, digits or hyphens, then a letter or
digit, 6 to 30 characters in all."""


def _zones(region: str, letters: str = "abc") -> tuple[str, ...]:
    return tuple(f"{region}-{letter}" for letter in letters)


LOCATION = LocationFacts(
    required=(LocationKey("gcp:project", "Google Cloud project ID"), LocationKey("gcp:region", "Google Cloud region")),
    region_key="gcp:region",
    regions={
        region: _zones(region, letters)
        for region, letters in (
            ("africa-south1", "abc"),
            ("asia-east1", "abc"),
            ("asia-east2", "abc"),
            ("asia-northeast1", "abc"),
            ("asia-northeast2", "abc"),
            ("asia-northeast3", "abc"),
            ("asia-south1", "abc"),
            ("asia-south2", "abc"),
            ("asia-southeast1", "abc"),
            ("asia-southeast2", "abc"),
            ("asia-southeast3", "abc"),
            ("australia-southeast1", "abc"),
            ("australia-southeast2", "abc"),
            ("europe-central2", "abc"),
            ("europe-north1", "abc"),
            ("europe-north2", "abc"),
            ("europe-southwest1", "abc"),
            ("europe-west1", "bcd"),
            ("europe-west10", "abc"),
            ("europe-west12", "abc"),
            ("europe-west2", "abc"),
            ("europe-west3", "abc"),
            ("europe-west4", "abc"),
            ("europe-west6", "abc"),
            ("europe-west8", "abc"),
            ("europe-west9", "abc"),
            ("me-central1", "abc"),
            ("me-central2", "abc"),
            ("me-west1", "abc"),
            ("northamerica-northeast1", "abc"),
            ("northamerica-northeast2", "abc"),
            ("northamerica-south1", "abc"),
            ("southamerica-east1", "abc"),
            ("southamerica-west1", "abc"),
            ("us-central1", "abcf"),
            ("us-east1", "bcd"),
            ("us-east4", "abc"),
            ("us-east5", "abc"),
            ("us-south1", "abc"),
            ("us-west1", "abc"),
            ("us-west2", "abc"),
            ("us-west3", "abc"),
            ("us-west4", "abc"),
        )
    },
    source=REGIONS_SOURCE,
    formats={"gcp:project": PROJECT_ID_FORMAT},
)

# ---------------------------------------------------------------------------------------------------------
# Filestore service tiers

FILESTORE_TIERS_SOURCE = Source("https://cloud.google.com/filestore/docs/service-tiers", CHECKED)
"""Capacity per tier: zonal and regional 1 TiB to 9.75 TiB in 256 GiB steps and 10 TiB to 100 TiB in 2.5 TiB
steps; enterprise 1 TiB to 10 TiB in 256 GiB steps; basic HDD 1 TiB (100 GiB through the GKE CSI driver) to
63.9 TiB and basic SSD 2.5 TiB to 63.9 TiB, both in 1 GiB steps, up only."""

FILESTORE_CMEK_SOURCE = Source("https://cloud.google.com/filestore/docs/cmek-organization-policy", CHECKED)
""""CMEK support is not available for the basic HDD and basic SSD service tiers" (creating one with a key, or
under a policy requiring one, fails). Zonal, regional and enterprise instances take `kmsKeyName`
(https://cloud.google.com/filestore/docs/cmek)."""

FILESTORE_CSI_SOURCE = Source(
    "https://github.com/kubernetes-sigs/gcp-filestore-csi-driver/blob/master/pkg/csi_driver/controller.go", CHECKED
)
"""The Filestore CSI driver: its StorageClass `tier` names (standard/basic_hdd, premium/basic_ssd, enterprise,
zonal, regional) and the reserved range it takes per instance (pkg/util/ip_def.go: a /29 for the basic tiers,
a /26 for enterprise, zonal and regional)."""


@dataclass(frozen=True)
class CapacityBand:
    """Capacities a tier takes: from `min_gb` to `max_gb` GiB, in steps of `step_gb` from `min_gb`."""

    min_gb: int
    max_gb: int
    step_gb: int

    def takes(self, size_gb: int) -> bool:
        return self.min_gb <= size_gb <= self.max_gb and (size_gb - self.min_gb) % self.step_gb == 0

    def describe(self) -> str:
        return f"{self.min_gb}-{self.max_gb} GiB in steps of {self.step_gb}"


@dataclass(frozen=True)
class FilestoreTier:
    """One Filestore service tier."""

    tier: str
    """The API's `tier` value."""
    cmek: bool
    """Instances of this tier take a customer-managed key (kmsKeyName)."""
    bands: tuple[CapacityBand, ...]
    """Capacities an instance of this tier takes."""
    location: Literal["zone", "region"]
    """Where an instance lives: a zone (zonal and basic tiers) or a region."""
    csi_tier: str
    """The Filestore CSI driver's StorageClass `tier` parameter for this tier."""
    reserved_prefix: int
    """Prefix length of the address block an instance takes from its reserved range."""
    source: Source


_TIB = 1024
_SMALL_HIGH = CapacityBand(1 * _TIB, 9984, 256)  # 1 TiB to 9.75 TiB in 256 GiB steps
_LARGE_HIGH = CapacityBand(10 * _TIB, 100 * _TIB, 2560)  # 10 TiB to 100 TiB in 2.5 TiB steps
_BASIC_MAX = 65433  # 63.9 TiB, in whole GiB

FILESTORE_TIERS: dict[str, FilestoreTier] = {
    t.tier: t
    for t in (
        FilestoreTier(
            "BASIC_HDD", False, (CapacityBand(1 * _TIB, _BASIC_MAX, 1),), "zone", "standard", 29, FILESTORE_CMEK_SOURCE
        ),
        FilestoreTier(
            "BASIC_SSD", False, (CapacityBand(2560, _BASIC_MAX, 1),), "zone", "premium", 29, FILESTORE_CMEK_SOURCE
        ),
        FilestoreTier("ZONAL", True, (_SMALL_HIGH, _LARGE_HIGH), "zone", "zonal", 26, FILESTORE_TIERS_SOURCE),
        FilestoreTier("REGIONAL", True, (_SMALL_HIGH, _LARGE_HIGH), "region", "regional", 26, FILESTORE_TIERS_SOURCE),
        FilestoreTier(
            "ENTERPRISE",
            True,
            (CapacityBand(1 * _TIB, 10 * _TIB, 256),),
            "region",
            "enterprise",
            26,
            FILESTORE_TIERS_SOURCE,
        ),
    )
}
"""Every tier kumo could choose (HIGH_SCALE_SSD is the zonal tier's former name), with its CMEK support and
capacities."""


# ---------------------------------------------------------------------------------------------------------
# The spec against these tables


def cmek_tiers() -> list[FilestoreTier]:
    """The tiers that take a customer-managed key, in table order: the only ones the shared store may use (ENC-05)."""
    return [t for t in FILESTORE_TIERS.values() if t.cmek]


def cmek_capacities() -> str:
    """What the CMEK tiers take, tiers with the same capacities named together."""
    by_capacity: dict[str, list[str]] = {}
    for t in cmek_tiers():
        by_capacity.setdefault(" or ".join(b.describe() for b in t.bands), []).append(t.tier)
    return "; ".join(
        f"{' and '.join(tiers)} take{'s' if len(tiers) == 1 else ''} {capacity}"
        for capacity, tiers in by_capacity.items()
    )


def spec_problems(spec: object) -> list[FactProblem]:
    """What Google Cloud would refuse in a valid ClusterSpec, by these tables (for `kumo validate`, beside the
    neutral version and location checks): a spec.storage.shared size no Filestore tier with a customer-managed key
    takes (the spec allows 1024 to 63900 GiB in 256 GiB steps, the portable range; above 9984 GiB the zonal tier
    grows in 2560 GiB steps). The program picks its tier among the same ones (layout.filestore_tier)."""
    from components.spec import ClusterSpec

    shared = spec.storage.shared if isinstance(spec, ClusterSpec) else None
    if shared is None or any(band.takes(shared.size_gb) for t in cmek_tiers() for band in t.bands):
        return []
    return [
        FactProblem(
            ("kumo:cluster", "storage", "shared", "size_gb"),
            shared.size_gb,
            f"is a size no Filestore tier with a customer-managed key takes: {cmek_capacities()} "
            f"({FILESTORE_TIERS_SOURCE.url}, checked {FILESTORE_TIERS_SOURCE.checked.isoformat()})",
        )
    ]
