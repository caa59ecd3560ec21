"""Which availability zones an EKS cluster may use, decided by zone ID (pure: no Pulumi, no AWS SDK).

A zone's name (us-east-1c) is an account's alias for a physical zone; its ID (use1-az3) is the physical zone,
the same in every account. EKS refuses control-plane subnets in some zone IDs (facts.EKS_UNSUPPORTED_ZONE_IDS),
so the choice is made on IDs, from the account's own name -> ID mapping (ec2:DescribeAvailabilityZones), by
the data layer (subnets), the cluster layer (its check of the data layer) and preflight alike.
"""

from __future__ import annotations

from collections.abc import Mapping

from components.aws import facts


def unsupported(region: str, zone_ids: Mapping[str, str]) -> dict[str, str]:
    """Name -> ID of this account's zones in `region` where EKS refuses control-plane subnets."""
    refused = facts.EKS_UNSUPPORTED_ZONE_IDS.get(region, ())
    return {name: zone_id for name, zone_id in zone_ids.items() if zone_id in refused}


def eks_zones(region: str, zone_ids: Mapping[str, str], count: int) -> list[str]:
    """The first `count` zones by name (names sort the same on every call) whose IDs EKS accepts.

    `zone_ids` is the account's regular available zones, name -> zone ID. Raises ValueError naming the zones
    left out and why when fewer than `count` remain."""
    refused = unsupported(region, zone_ids)
    usable = [name for name in sorted(zone_ids) if name not in refused]
    if len(usable) < count:
        skipped = "".join(
            f"; {name} is {zone_id}, where EKS refuses control-plane subnets"
            for name, zone_id in sorted(refused.items())
        )
        raise ValueError(
            f"network.zones = {count}: region {region} has {len(usable)} available zone(s) EKS "
            f"accepts ({', '.join(usable) or 'none'}){skipped}"
            + (f" ({facts.EKS_SUBNET_REQUIREMENTS.url})" if refused else "")
        )
    return usable[:count]


def refused_message(region: str, zones: list[str], zone_ids: Mapping[str, str]) -> str | None:
    """Why EKS would refuse a cluster with subnets in `zones` (names), or None: names the zone, its ID and
    the EKS document."""
    refused = unsupported(region, {name: zone_ids[name] for name in zones if name in zone_ids})
    if not refused:
        return None
    listed = ", ".join(f"{name} ({zone_id})" for name, zone_id in sorted(refused.items()))
    return f"EKS refuses control-plane subnets in {listed} ({facts.EKS_SUBNET_REQUIREMENTS.url})"
