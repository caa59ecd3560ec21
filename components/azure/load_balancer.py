"""What a Service of type LoadBalancer needs on AKS: the scheme's annotations, and for a static IP a
Standard public IP in kumo's resource group that the control-plane identity may manage.

AKS's cloud controller looks the address up in the resource group the annotation names (it lists the
group's public IPs), so Network Contributor is granted on that group, and the Service waits for it.
"""

from __future__ import annotations

import pulumi
from pulumi_azure_native import network, resources

from components.azure import traits
from components.azure.context import AzureScope
from components.azure.keys import grant
from components.cluster import LoadBalancerExposure
from components.spec import LoadBalancerSpec


def build_exposure(name: str, spec: LoadBalancerSpec, scope: AzureScope, *, group: resources.ResourceGroup,
                   subscription_id: pulumi.Input[str], principal_id: pulumi.Input[str]) -> LoadBalancerExposure:
    annotations: dict[str, pulumi.Input[str]] = dict(traits.LB_ANNOTATIONS[spec.scheme])
    if not spec.static_ip:
        return LoadBalancerExposure(annotations=annotations)
    address = network.PublicIPAddress(
        f"{name}-lb-ip",
        resource_group_name=group.name,
        location=scope.location,
        sku=network.PublicIPAddressSkuArgs(name="Standard", tier="Regional"),
        public_ip_allocation_method="Static",
        public_ip_address_version="IPv4",
        zones=list(traits.ZONES),  # zone-redundant, like the Standard load balancer in front of it
        tags=scope.tags,
        opts=scope.opts(),
    )
    access = grant(f"{name}-lb-ip-network", scope, subscription_id=subscription_id, role="Network Contributor",
                   principal_id=principal_id, on=group.id)
    annotations[traits.LB_IPV4] = address.ip_address.apply(lambda ip: ip or "")
    annotations[traits.LB_RESOURCE_GROUP] = group.name
    return LoadBalancerExposure(annotations=annotations, depends_on=[address, access])
