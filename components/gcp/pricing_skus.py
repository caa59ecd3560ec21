"""kumo's price keys for Google Cloud, and the catalog of every key a GKE stack may be charged for.

Pure data and naming: no Pulumi, no Google Cloud SDK, no network. components/gcp/pricing.py documents what each
key stands for and where its shipped price comes from; pricing_api.py reads them from the Cloud Billing Catalog.
"""

from __future__ import annotations

from components.gcp import facts, traits

GKE_CLUSTER = "gke:cluster"
"""The cluster management fee, per cluster-hour (the same for zonal, regional and Autopilot clusters)."""
GKE_EXTENDED = "gke:extended-support"
"""The extra fee, per cluster-hour, of an Extended-channel cluster whose minor is in its extended support period."""
NAT_GATEWAY_VM = "nat:gateway-vm"
"""Cloud NAT gateway uptime, per VM instance using the gateway per hour (billed for at most 32 VMs)."""
NAT_IP = "nat:ip"
"""An external IP address used by a Cloud NAT gateway, per address-hour."""
LB_FIRST_FIVE = "lb:forwarding-rule:first-5"
"""The forwarding-rule charge of the first 5 forwarding rules of a project in a region, per hour (one price for
1 to 5 rules)."""
LB_ADDITIONAL = "lb:forwarding-rule:additional"
"""Each forwarding rule beyond the first 5 of a project in a region, per rule-hour."""
SCHEDULER_JOB = "scheduler:job"
"""A Cloud Scheduler job, per job-month."""

NAT_VM_CAP = 32
"""VM instances a NAT gateway is billed for at most: a gateway serving more pays the 32-VM rate."""
LB_RULES_IN_MINIMUM = 5
"""Forwarding rules of a project in a region that the minimum charge covers."""

UNITS: dict[str, str] = {
    "gce": "hour",
    "pd": "GiB-month",
    "gke": "hour",
    "nat": "hour",
    "lb": "hour",
    "kms": "month",
    "filestore": "GiB-month",
    "scheduler": "month",
}
"""A key's first part -> the unit its price is per (what one `usd` buys)."""

KMS_PROTECTION_LEVELS: tuple[str, ...] = ("SOFTWARE", "HSM")
"""Cloud KMS protection levels kumo may give a key (kumo's keys are SOFTWARE; HSM when a key template says so)."""


def unit(sku: str) -> str:
    """The unit of a price key (UNITS by its first part)."""
    return UNITS[sku.split(":", 1)[0]]


def machine_sku(machine_type: str, spot: bool) -> str:
    """A Compute Engine machine type, on-demand or Spot, per node-hour: `gce:n2-standard-8:on-demand`."""
    return f"gce:{machine_type}:{'spot' if spot else 'on-demand'}"


def disk_sku(disk_type: str) -> str:
    """A zonal Persistent Disk type, per provisioned GiB-month: `pd:pd-balanced`."""
    return f"pd:{disk_type}"


def kms_sku(protection_level: str) -> str:
    """An active Cloud KMS key version of a protection level, per month: `kms:key-version:software`."""
    return f"kms:key-version:{protection_level.lower()}"


def _band_label(min_gb: int, max_gb: int) -> str:
    return f"{min_gb / 1024:g}-{max_gb / 1024:g}TiB"


def filestore_sku(tier: str, capacity_gb: int) -> str:
    """A Filestore tier (and, for tiers priced by capacity band, the band the capacity falls in), per provisioned
    GiB-month: `filestore:zonal:1-9.75TiB`, `filestore:enterprise`."""
    known = facts.FILESTORE_TIERS.get(tier)
    if known is None or len(known.bands) == 1:
        return f"filestore:{tier.lower()}"
    for band in known.bands:
        if band.min_gb <= capacity_gb <= band.max_gb:
            return f"filestore:{tier.lower()}:{_band_label(band.min_gb, band.max_gb)}"
    return f"filestore:{tier.lower()}:{capacity_gb}GiB"


def filestore_skus() -> list[str]:
    """Every Filestore key of the tiers the shared store may use (traits.SHARED_TIER_PREFERENCE), band by band."""
    keys: list[str] = []
    for tier in traits.SHARED_TIER_PREFERENCE:
        for band in facts.FILESTORE_TIERS[tier].bands:
            keys.append(filestore_sku(tier, band.min_gb))
    return keys


def catalog(region: str) -> list[str]:
    """Every key kumo may charge a GKE stack in `region`: the same keys in every region (a region without a
    price for one reports it as missing)."""
    del region  # Google Cloud offers every SKU below in each region of facts.LOCATION, or no price says so
    keys = [GKE_CLUSTER, GKE_EXTENDED]
    for machine in traits.MACHINE_TYPES.values():
        keys += [machine_sku(machine, spot=False), machine_sku(machine, spot=True)]
    disks = dict.fromkeys([traits.NODE_DISK_TYPE, *traits.BLOCK_DISK_TYPES.values()])
    keys += [disk_sku(d) for d in disks]
    keys += [NAT_GATEWAY_VM, NAT_IP, LB_FIRST_FIVE, LB_ADDITIONAL]
    keys += [kms_sku(level) for level in KMS_PROTECTION_LEVELS]
    keys += filestore_skus()
    keys.append(SCHEDULER_JOB)
    return keys
