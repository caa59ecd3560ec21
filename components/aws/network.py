"""The cluster's own VPC: a public and a private subnet per zone, an internet gateway, NAT, route tables;
and the zones it spans.

Nodes, the control plane's network interfaces and EFS mount targets live in the private subnets (no public
IPs, NET-03); only NAT gateways and internet-facing load balancers use the public ones. Subnets carry the
role tags the AWS Load Balancer Controller discovers them by. The zones are asked of AWS by both layers
(by zone ID: the same name is another physical zone in another account) and chosen by zones.py.
"""

from __future__ import annotations

import ipaddress

import pulumi
import pulumi_aws as aws

from components.aws import traits
from components.aws.scope import AwsScope
from components.aws.zones import eks_zones
from components.spec import ClusterSpec, NetworkSpec


def region_zones(scope: AwsScope) -> dict[str, str]:
    """This account's regular available zones in the region: name -> zone ID (one lookup).

    Regular zones only: Local and Wavelength Zones lack EKS control-plane and NAT support."""
    found = aws.get_availability_zones(
        state="available",
        filters=[{"name": "opt-in-status", "values": ["opt-in-not-required"]}],
        opts=scope.invoke_opts(),
    )
    return dict(zip(found.names, found.zone_ids, strict=True))


def available_zones(spec: ClusterSpec, scope: AwsScope, zone_ids: dict[str, str] | None = None) -> list[str]:
    """The `network.zones` zones the cluster uses: the first by name among those whose zone IDs EKS accepts
    for control-plane subnets (zones.py; the IDs EKS refuses are facts.EKS_UNSUPPORTED_ZONE_IDS)."""
    return eks_zones(scope.region, zone_ids if zone_ids is not None else region_zones(scope), spec.network.zones)


def subnet_cidrs(cidr: str, zones: int) -> tuple[list[str], list[str]]:
    """(public, private) CIDRs, one of each per zone, carved from the VPC range.

    The VPC splits into four quarters: each zone's private subnet takes one (pods take VPC addresses on EKS,
    so private subnets get the room); the fourth quarter is cut in four for the small public subnets.
    A /16 gives private /18s and public /20s; a /20 gives private /22s and public /24s.
    """
    if not 1 <= zones <= 3:
        raise ValueError(f"zones must be 1 to 3, got {zones}")
    vpc = ipaddress.ip_network(cidr, strict=True)
    quarters = list(vpc.subnets(prefixlen_diff=2))
    private = [str(q) for q in quarters[:zones]]
    public = [str(s) for s in list(quarters[3].subnets(prefixlen_diff=2))[:zones]]
    return public, private


class Network(pulumi.ComponentResource):
    """VPC, subnets, gateways and routes for one cluster (type token kumo:aws:Network)."""

    vpc: aws.ec2.Vpc
    public_subnets: list[aws.ec2.Subnet]
    private_subnets: list[aws.ec2.Subnet]
    node_security_group: aws.ec2.SecurityGroup
    """Marks the nodes (beside the EKS cluster security group), so data services can admit exactly them."""
    zones: list[str]

    def __init__(
        self,
        name: str,
        spec: NetworkSpec,
        *,
        zones: list[str],
        scope: AwsScope,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """A child of `scope.parent` unless `opts` says otherwise; its own children are under it."""
        super().__init__(
            "kumo:aws:Network",
            name,
            None,
            scope.component_opts(opts),
        )
        scope = scope.under(self)
        child = scope.opts()
        cidr, nat, cluster_name = spec.cidr, spec.nat, scope.cluster
        self.zones = list(zones)

        self.vpc = aws.ec2.Vpc(
            f"{name}-vpc",
            cidr_block=cidr,
            enable_dns_support=True,
            enable_dns_hostnames=True,  # EKS private endpoints and EFS DNS need both
            tags={"Name": f"{name}-vpc"},
            opts=child,
        )
        # The default security group admits all traffic between its members: strip it (CKV2_AWS_12).
        aws.ec2.DefaultSecurityGroup(
            f"{name}-default-sg",
            vpc_id=self.vpc.id,
            ingress=[],
            egress=[],
            tags={"Name": f"{name}-default-deny"},
            opts=child,
        )
        igw = aws.ec2.InternetGateway(f"{name}-igw", vpc_id=self.vpc.id, tags={"Name": f"{name}-igw"}, opts=child)

        cluster_tag = {f"kubernetes.io/cluster/{cluster_name}": "shared"}
        public_cidrs, private_cidrs = subnet_cidrs(cidr, len(zones))
        self.public_subnets, self.private_subnets = [], []
        for zone, public_cidr, private_cidr in zip(zones, public_cidrs, private_cidrs, strict=True):
            self.public_subnets.append(
                aws.ec2.Subnet(
                    f"{name}-public-{zone}",
                    vpc_id=self.vpc.id,
                    availability_zone=zone,
                    cidr_block=public_cidr,
                    # Nothing kumo launches takes a public IP; NAT gateways and NLBs bring their own EIPs.
                    map_public_ip_on_launch=False,
                    tags={"Name": f"{name}-public-{zone}", **traits.SUBNET_ROLE_TAGS["public"], **cluster_tag},
                    opts=child,
                )
            )
            self.private_subnets.append(
                aws.ec2.Subnet(
                    f"{name}-private-{zone}",
                    vpc_id=self.vpc.id,
                    availability_zone=zone,
                    cidr_block=private_cidr,
                    map_public_ip_on_launch=False,
                    tags={"Name": f"{name}-private-{zone}", **traits.SUBNET_ROLE_TAGS["private"], **cluster_tag},
                    opts=child,
                )
            )

        public_rt = aws.ec2.RouteTable(
            f"{name}-public-rt", vpc_id=self.vpc.id, tags={"Name": f"{name}-public"}, opts=child
        )
        aws.ec2.Route(
            f"{name}-public-default",
            route_table_id=public_rt.id,
            destination_cidr_block="0.0.0.0/0",
            gateway_id=igw.id,
            opts=child,
        )
        for zone, subnet in zip(zones, self.public_subnets, strict=True):
            aws.ec2.RouteTableAssociation(
                f"{name}-public-{zone}-rta", subnet_id=subnet.id, route_table_id=public_rt.id, opts=child
            )

        # One NAT gateway per zone keeps egress through a zone outage; `single` trades that for cost.
        nat_zones = zones if nat == "per_zone" else zones[:1]
        nats: list[aws.ec2.NatGateway] = []
        for zone, subnet in zip(nat_zones, self.public_subnets, strict=False):
            eip = aws.ec2.Eip(f"{name}-nat-eip-{zone}", domain="vpc", tags={"Name": f"{name}-nat-{zone}"}, opts=child)
            nats.append(
                aws.ec2.NatGateway(
                    f"{name}-nat-{zone}",
                    allocation_id=eip.allocation_id,
                    subnet_id=subnet.id,
                    connectivity_type="public",
                    tags={"Name": f"{name}-nat-{zone}"},
                    opts=scope.opts(depends_on=[igw]),
                )
            )

        for index, (zone, subnet) in enumerate(zip(zones, self.private_subnets, strict=True)):
            rt = aws.ec2.RouteTable(
                f"{name}-private-{zone}-rt", vpc_id=self.vpc.id, tags={"Name": f"{name}-private-{zone}"}, opts=child
            )
            aws.ec2.Route(
                f"{name}-private-{zone}-default",
                route_table_id=rt.id,
                destination_cidr_block="0.0.0.0/0",
                nat_gateway_id=nats[index if nat == "per_zone" else 0].id,
                opts=child,
            )
            aws.ec2.RouteTableAssociation(
                f"{name}-private-{zone}-rta", subnet_id=subnet.id, route_table_id=rt.id, opts=child
            )

        # No rules of its own: node traffic rules live on the EKS-managed cluster security group.
        self.node_security_group = aws.ec2.SecurityGroup(
            f"{name}-nodes",
            vpc_id=self.vpc.id,
            description=f"kumo nodes of {cluster_name} (membership only; NFS and other data services admit it)",
            tags={"Name": f"{name}-nodes"},
            opts=child,
        )

        self.register_outputs(
            {
                "vpc_id": self.vpc.id,
                "public_subnet_ids": [s.id for s in self.public_subnets],
                "private_subnet_ids": [s.id for s in self.private_subnets],
                "node_security_group_id": self.node_security_group.id,
            }
        )
