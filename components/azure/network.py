"""The cluster's own network: resource group, VNet, node, private-endpoint and API server subnets, NAT egress.

Nodes get no public IPs: their only way out is the NAT gateway on the node subnet (AKS outbound type
userAssignedNATGateway). Azure attaches at most one NAT gateway to a subnet and an AKS pool lives in one
subnet, so `nat: per_zone` cannot mean one gateway per zone here: kumo creates one Standard NAT gateway
with a zone-redundant public IP for both settings. The gateway itself is zonal-by-Azure's-choice, not
zone-redundant: a zone outage can cut node egress (not ingress or the API) until Azure recovers it. The
zone-redundant StandardV2 SKU is not in this SDK version's NatGatewaySkuName.

The API server subnet holds AKS's API server (API Server VNet Integration, facts.VNET_INTEGRATION_SOURCE): delegated
to Microsoft.ContainerService/managedClusters, a /27 (the documented minimum is a /28), nothing else in it. It is
what lets AKS's KMS plugin reach the cluster's private Key Vault. The control-plane identity's Network Contributor
on the VNet covers it (identity.py).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from pulumi_azure_native import network, resources

from components.azure import facts
from components.azure.scope import AzureScope
from components.azure.zones import region_zones
from components.spec import NetworkSpec


def subnet_ranges(cidr: str) -> tuple[str, str]:
    """(node subnet, private-endpoint subnet): the first half of the VNet for nodes (CNI overlay gives
    pods their own range, so nodes need only their own addresses), and the first /24 of the second half
    for private endpoints (the shared store)."""
    net = ipaddress.ip_network(cidr)
    nodes, rest = net.subnets(prefixlen_diff=1)
    endpoints = next(rest.subnets(new_prefix=24))
    return str(nodes), str(endpoints)


def api_server_range(cidr: str) -> str:
    """The API server subnet: the first /27 of the second /24 of the VNet's second half, right after the
    private-endpoint subnet (a /16 to /20 VNet always has that /24: components/spec/network.py)."""
    _, rest = ipaddress.ip_network(cidr).subnets(prefixlen_diff=1)
    after_endpoints = list(rest.subnets(new_prefix=24))[1]
    return str(next(after_endpoints.subnets(new_prefix=facts.API_SERVER_SUBNET_PREFIX)))


def dns_service_ip(service_cidr: str) -> str:
    """The cluster DNS service address: the tenth address of the service range (AKS's convention; the
    first address is reserved for the API server service)."""
    return str(ipaddress.ip_network(service_cidr).network_address + 10)


@dataclass(frozen=True)
class Network:
    """The network resources a cluster and its shared store are built on."""

    resource_group: resources.ResourceGroup
    vnet: network.VirtualNetwork
    node_subnet: network.Subnet
    endpoint_subnet: network.Subnet
    api_server_subnet: network.Subnet
    nat_gateway: network.NatGateway
    nat_ip: network.PublicIPAddress


def build_network(name: str, spec: NetworkSpec, scope: AzureScope) -> Network:
    """Create the resource group, VNet, subnets and NAT gateway for cluster `name`."""
    node_range, endpoint_range = subnet_ranges(spec.cidr)
    group = resources.ResourceGroup(f"{name}-rg", location=scope.location, tags=scope.tags, opts=scope.opts())

    vnet = network.VirtualNetwork(
        f"{name}-vnet",
        resource_group_name=group.name,
        location=scope.location,
        address_space=network.AddressSpaceArgs(address_prefixes=[spec.cidr]),
        # Subnets are separate resources below; inline subnets and Subnet resources fight over the list.
        tags=scope.tags,
        opts=scope.opts(),
    )
    nat_ip = network.PublicIPAddress(
        f"{name}-nat-ip",
        resource_group_name=group.name,
        location=scope.location,
        sku=network.PublicIPAddressSkuArgs(name="Standard", tier="Regional"),
        public_ip_allocation_method="Static",
        public_ip_address_version="IPv4",
        zones=list(region_zones(scope.location)) or None,  # zone-redundant where the region has zones
        tags=scope.tags,
        opts=scope.opts(),
    )
    nat = network.NatGateway(
        f"{name}-nat",
        resource_group_name=group.name,
        location=scope.location,
        sku=network.NatGatewaySkuArgs(name="Standard"),
        public_ip_addresses=[network.SubResourceArgs(id=nat_ip.id)],
        idle_timeout_in_minutes=4,
        tags=scope.tags,
        opts=scope.opts(),
    )
    node_subnet = network.Subnet(
        f"{name}-nodes",
        resource_group_name=group.name,
        virtual_network_name=vnet.name,
        address_prefix=node_range,
        nat_gateway=network.SubResourceArgs(id=nat.id),
        # No implicit internet egress: traffic leaves through the NAT gateway only (NET-03).
        default_outbound_access=False,
        opts=scope.opts(),
    )
    endpoint_subnet = network.Subnet(
        f"{name}-endpoints",
        resource_group_name=group.name,
        virtual_network_name=vnet.name,
        address_prefix=endpoint_range,
        default_outbound_access=False,
        private_endpoint_network_policies="Enabled",
        # Azure updates one subnet of a VNet at a time; serialising avoids AnotherOperationInProgress.
        opts=scope.opts(depends_on=[node_subnet]),
    )
    api_server_subnet = network.Subnet(
        f"{name}-apiserver",
        resource_group_name=group.name,
        virtual_network_name=vnet.name,
        address_prefix=api_server_range(spec.cidr),
        delegations=[network.DelegationArgs(name="aks-apiserver", service_name=facts.API_SERVER_SUBNET_DELEGATION)],
        default_outbound_access=False,
        opts=scope.opts(depends_on=[endpoint_subnet]),
    )
    return Network(
        resource_group=group,
        vnet=vnet,
        node_subnet=node_subnet,
        endpoint_subnet=endpoint_subnet,
        api_server_subnet=api_server_subnet,
        nat_gateway=nat,
        nat_ip=nat_ip,
    )
