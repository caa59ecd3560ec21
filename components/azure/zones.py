"""Availability zones of an Azure location, from facts.LOCATION, and whether it offers API Server VNet Integration
(pure: validation may import it).

kumo spreads every pool over `spec.network.zones` zones and makes its public IPs zone-redundant; a region
without availability zones (westus, northcentralus, ...) takes neither, so such a location is refused rather
than planned into a cluster Azure would reject.
"""

from __future__ import annotations

from components.azure import facts


def region_zones(location: str) -> tuple[str, ...]:
    """Every availability zone of `location`; () for a region without zones (or an unknown one)."""
    return facts.LOCATION.regions.get(location, ())


def zone_problem(location: str, wanted: int) -> str | None:
    """Why `location` cannot hold a cluster over `wanted` zones, or None."""
    have = region_zones(location)
    if len(have) >= wanted:
        return None
    with_zones = sorted(r for r, z in facts.LOCATION.regions.items() if len(z) >= wanted)
    return (
        f"azure-native:location = {location!r} has {len(have)} availability zone(s) and network.zones asks for "
        f"{wanted}: choose a region with zones (such as {', '.join(with_zones[:4])}; "
        f"{facts.LOCATION.source.url}) or lower network.zones"
    )


def cluster_zones(location: str, wanted: int) -> list[str]:
    """The zones every pool spreads over: the first `wanted` of the region's (ValueError if it has fewer)."""
    problem = zone_problem(location, wanted)
    if problem:
        raise ValueError(problem)
    return list(region_zones(location)[:wanted])


def vnet_integration_problem(location: str) -> str | None:
    """Why `location` cannot hold kumo's AKS cluster, whose API server joins the VNet (the private etcd-key vault
    needs it), or None."""
    if location not in facts.VNET_INTEGRATION_UNAVAILABLE:
        return None
    return (
        f"azure-native:location = {location!r} does not offer AKS API Server VNet Integration, which the cluster's "
        f"private Key Vault needs ({facts.VNET_INTEGRATION_SOURCE.url}): choose another region"
    )
