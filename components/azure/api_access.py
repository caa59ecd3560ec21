"""How the in-cluster layer reaches the AKS API server: the cluster layer's `api_access` output.

A public cluster answers on its FQDN from `spec.api.authorized_cidrs`. A private cluster (private DNS zone
"system", no public FQDN) answers only on a private endpoint in the node subnet, under a private FQDN that
resolves only in virtual networks linked to the private DNS zone AKS creates in the node resource group
(MC_*). AKS links the cluster's own VNet itself; any other network needs its own virtual network link on
that zone, which only someone with rights on the MC_* group can add (kumo does not: the zone is AKS's).
`spec.api.private_access_cidrs` has no AKS setting (no CIDR opens a private AKS API), so it adds no way in.
"""

from __future__ import annotations

from typing import Any

import pulumi

from components.layers.contract import ApiAccess


def private_dns_zone(private_fqdn: str) -> str:
    """The private DNS zone AKS made for the cluster: the private FQDN less its first label
    (`<prefix>-<hash>.<guid>.privatelink.<region>.azmk8s.io` -> `<guid>.privatelink.<region>.azmk8s.io`)."""
    return private_fqdn.split(".", 1)[-1]


def private_ways_in(*, private_fqdn: str, vnet_name: str, vnet_group: str, node_group: str) -> list[str]:
    """Where kumo's in-cluster layer can run from when the cluster's API is private, naming the VNet, the
    private DNS zone and its resource group so each way in is one command away."""
    zone = private_dns_zone(private_fqdn)
    return [
        f"run kumo from inside the cluster's VNet {vnet_name} (resource group {vnet_group}): a CI runner or "
        f"VM in a subnet of it resolves {private_fqdn} through the private DNS zone AKS linked to that VNet",
        f"run kumo from a network peered with VNet {vnet_name} or connected to it by VPN or ExpressRoute, "
        f"whose DNS resolves {private_fqdn}: link that network's VNet to the cluster's private DNS zone {zone} "
        f"(resource group {node_group}) with a virtual network link: `az network private-dns link vnet create "
        f"--resource-group {node_group} --zone-name {zone} --name <link name> --virtual-network <VNet id> "
        "--registration-enabled false` (on-premises clients: forward the zone to an Azure DNS Private "
        "Resolver in a linked VNet)",
    ]


def api_access(
    *,
    public: bool,
    fqdn: pulumi.Input[str],
    private_fqdn: pulumi.Input[str | None],
    vnet_name: pulumi.Input[str],
    vnet_group: pulumi.Input[str],
    node_group: pulumi.Input[str | None],
) -> pulumi.Output[dict[str, Any]]:
    """`ApiAccess.to_output()` for the cluster: the FQDN the kubeconfig uses, and for a private cluster
    the ways in (built once the names are known, so the text is concrete)."""
    if public:
        return pulumi.Output.from_input(fqdn).apply(
            lambda host: ApiAccess(public=True, host=host, ways_in=[]).to_output()
        )

    def describe(values: list[Any]) -> dict[str, Any]:
        host, vnet, group, nodes = (str(v) for v in values)
        return ApiAccess(
            public=False,
            host=host,
            ways_in=private_ways_in(private_fqdn=host, vnet_name=vnet, vnet_group=group, node_group=nodes),
        ).to_output()

    return pulumi.Output.all(private_fqdn, vnet_name, vnet_group, node_group).apply(describe)
