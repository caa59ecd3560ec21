"""What a Service of type LoadBalancer needs on AKS: the scheme's annotations, and for a static IP a
Standard public IP in kumo's resource group that the control-plane identity may manage.

AKS's cloud controller looks the address up in the resource group the annotation names (it lists the
group's public IPs), so Network Contributor is granted on that group. The address and its grant belong to
the cluster layer (the grant names the cluster's identity); the group is the data layer's, taken by name and
id. The Service, in the in-cluster layer, is applied after both.
"""

from __future__ import annotations

import pulumi
from pulumi_azure_native import network

from components.azure import traits
from components.azure.identity import grant
from components.azure.scope import AzureScope
from components.azure.zones import region_zones
from components.layers.contract import LoadBalancerExposure
from components.spec import LoadBalancerSpec


def build_exposure(
    name: str,
    spec: LoadBalancerSpec,
    scope: AzureScope,
    *,
    group_name: pulumi.Input[str],
    group_id: pulumi.Input[str],
    principal_id: pulumi.Input[str],
) -> LoadBalancerExposure:
    """The Service annotations for `spec.scheme`; with `static_ip`, a reserved address in the network's
    resource group (`group_name`, `group_id`) that the control-plane identity (`principal_id`) may use."""
    scheme: dict[str, str] = dict(traits.LB_ANNOTATIONS[spec.scheme])
    if not spec.static_ip:
        return LoadBalancerExposure(annotations=scheme)
    address = network.PublicIPAddress(
        f"{name}-lb-ip",
        resource_group_name=group_name,
        location=scope.location,
        sku=network.PublicIPAddressSkuArgs(name="Standard", tier="Regional"),
        public_ip_allocation_method="Static",
        public_ip_address_version="IPv4",
        # Zone-redundant, like the Standard load balancer in front of it (where the region has zones).
        zones=list(region_zones(scope.location)) or None,
        tags=scope.tags,
        opts=scope.opts(),
    )
    access = grant(
        f"{name}-lb-ip-network",
        scope,
        role="Network Contributor",
        principal_id=principal_id,
        on=group_id,
    )
    annotations = pulumi.Output.all(ip=address.ip_address, group=group_name).apply(
        lambda v: {**scheme, traits.LB_IPV4: v["ip"] or "", traits.LB_RESOURCE_GROUP: v["group"]}
    )
    return LoadBalancerExposure(annotations=annotations, depends_on=[address, access])
