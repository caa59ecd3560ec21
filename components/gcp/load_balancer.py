"""How the in-cluster layer's LoadBalancer Service is exposed on GKE: the annotations for the spec's scheme, and a
reserved regional address when spec.load_balancer.static_ip asks for one (GKE takes it as loadBalancerIP).

GKE runs its own load-balancer controller, so nothing is installed in the cluster for it (layers.in_cluster).
"""

from __future__ import annotations

import pulumi_gcp as gcp

from components.gcp import traits
from components.gcp.scope import GcpScope
from components.layers.contract import LoadBalancerExposure
from components.spec import ClusterSpec


def exposure(name: str, spec: ClusterSpec, scope: GcpScope) -> LoadBalancerExposure:
    """Annotations for the scheme; a regional static address when asked (GKE takes loadBalancerIP)."""
    annotations: dict[str, str] = dict(traits.LB_ANNOTATIONS[spec.load_balancer.scheme])
    if not spec.load_balancer.static_ip:
        return LoadBalancerExposure(annotations=annotations)
    address = gcp.compute.Address(
        f"{name}-lb",
        name=f"{name}-lb",
        region=scope.region,
        address_type="EXTERNAL",
        network_tier="PREMIUM",
        description=f"Static address of kumo cluster {name}'s load balancer",
        opts=scope.opts("compute"),
    )
    return LoadBalancerExposure(annotations=annotations, load_balancer_ip=address.address)
