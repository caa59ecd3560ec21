"""The load balancer's exposure on AWS: NLB annotations, and the Elastic IPs a static address needs.

The Service itself (and the NLB the Load Balancer Controller makes for it) belongs to the in-cluster layer;
the addresses are reserved here, in the cluster layer, and the annotations that pin them are its output.
"""

from __future__ import annotations

from collections.abc import Sequence

import pulumi
import pulumi_aws as aws

from components.aws import traits
from components.aws.scope import AwsScope
from components.layers.contract import LoadBalancerExposure
from components.spec import ClusterSpec


def exposure(
    spec: ClusterSpec, *, scope: AwsScope, zones: Sequence[str], public_subnet_ids: pulumi.Input[Sequence[str]]
) -> LoadBalancerExposure:
    """NLB annotations for the scheme; with static_ip, one Elastic IP per zone pinned to the public subnets.

    `public_subnet_ids` (the data layer's, in `zones` order) name the subnets, so the two lists line up: an
    NLB takes exactly one EIP per subnet.
    """
    annotations = dict(traits.LB_ANNOTATIONS[spec.load_balancer.scheme])
    if not spec.load_balancer.static_ip:
        return LoadBalancerExposure(annotations=annotations)
    eips = [
        aws.ec2.Eip(scope.name("lb", zone), domain="vpc", tags={"Name": scope.name("lb", zone)}, opts=scope.opts())
        for zone in zones
    ]
    allocations = pulumi.Output.all(*[e.allocation_id for e in eips])
    return LoadBalancerExposure(
        annotations=pulumi.Output.all(allocations, public_subnet_ids).apply(
            lambda ids: {
                **annotations,
                traits.EIP_ALLOCATIONS_ANNOTATION: ",".join(ids[0]),
                traits.SUBNETS_ANNOTATION: ",".join(ids[1]),
            }
        )
    )
