"""The cluster's network and API-server exposure."""

from __future__ import annotations

import ipaddress
from typing import Literal

from pydantic import Field, field_validator, model_validator

from components.spec.errors import Problem, raise_problems
from components.spec.limits import MAX_AUTHORIZED_CIDRS, PRIVATE_RANGES, RESERVED_RANGES, Cidr, SpecModel


def private_range(value: str, shortest: int, longest: int, why: str) -> str:
    """An RFC 1918 range with a prefix between /shortest and /longest (`why` says where the limits come from)."""
    net = ipaddress.ip_network(value)
    if not shortest <= net.prefixlen <= longest:
        raise ValueError(f"must have a prefix between /{shortest} and /{longest} ({why})")
    if not any(net.subnet_of(p) for p in PRIVATE_RANGES):  # type: ignore[arg-type]
        raise ValueError("must lie in an RFC 1918 private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)")
    return value


class NetworkSpec(SpecModel):
    """The cluster's own network: VPC / VNet / VPC network and its subnets."""

    cidr: Cidr = "10.0.0.0/16"
    """Node network range, an RFC 1918 /16 to /20. Left out: 10.0.0.0/16."""
    zones: int = Field(default=3, ge=2, le=3)
    """How many availability zones nodes spread over (2-3; EKS needs two). Left out: 3."""
    nat: Literal["single", "per_zone"] = "per_zone"
    """Egress NAT: one gateway, or one per zone so a zone outage keeps egress. Left out: per_zone."""
    pod_cidr: Cidr = "10.64.0.0/14"
    """Pod range (GKE secondary range, AKS overlay); EKS pods take node-subnet IPs. Left out: 10.64.0.0/14."""
    service_cidr: Cidr = "10.96.0.0/16"
    """ClusterIP service range, RFC 1918 /16 to /24. Left out: 10.96.0.0/16."""

    @field_validator("cidr")
    @classmethod
    def _node_cidr(cls, value: str) -> str:
        return private_range(value, 16, 20, "room for a public and a private subnet per zone")

    @field_validator("pod_cidr")
    @classmethod
    def _pod_cidr(cls, value: str) -> str:
        return private_range(value, 12, 16, "enough pod addresses for the pools")

    @field_validator("service_cidr")
    @classmethod
    def _service_cidr(cls, value: str) -> str:
        return private_range(value, 16, 24, "EKS accepts /12-/24, GKE /16-/27")

    @model_validator(mode="after")
    def _no_overlap(self) -> NetworkSpec:
        ranges = {"cidr": self.cidr, "pod_cidr": self.pod_cidr, "service_cidr": self.service_cidr}
        nets = {k: ipaddress.ip_network(v) for k, v in ranges.items()}
        problems: list[Problem] = []
        names = list(nets)
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                if nets[a].overlaps(nets[b]):
                    problems.append(
                        Problem(
                            (b,),
                            ranges[b],
                            f"overlaps {a} {ranges[a]}; the node, pod and service ranges must be disjoint",
                        )
                    )
            for reserved in RESERVED_RANGES:
                if nets[a].overlaps(reserved):
                    problems.append(Problem((a,), ranges[a], f"overlaps {reserved}, which AKS and GKE reserve"))
        raise_problems(problems)
        return self


class ApiSpec(SpecModel):
    """Who can reach the Kubernetes API server."""

    public: bool = False
    """Expose the API endpoint on the internet (to `authorized_cidrs` only). Left out: private endpoint."""
    authorized_cidrs: list[Cidr] = Field(default_factory=list, max_length=MAX_AUTHORIZED_CIDRS)
    """IPv4 ranges allowed to reach a public endpoint (at most 40, EKS's limit). Left out: none."""
    private_access_cidrs: list[Cidr] = Field(default_factory=list, max_length=MAX_AUTHORIZED_CIDRS)
    """Operator networks (VPN, peered network, a CI runner's subnet) that reach a private endpoint over
    private routing: EKS opens 443 to them on the control plane's security group, GKE admits them to its
    private IP endpoint; an AKS private endpoint is reached through the private DNS zone's VNet links, which
    no CIDR opens (see README). Left out: only the cluster's own network."""

    @model_validator(mode="after")
    def _cidrs_need_public(self) -> ApiSpec:
        if self.authorized_cidrs and not self.public:
            raise_problems(
                [
                    Problem(
                        ("authorized_cidrs",),
                        self.authorized_cidrs,
                        "applies only to a public endpoint: set public: true, or remove the list",
                    )
                ]
            )
        if self.public and not self.authorized_cidrs:
            raise_problems(
                [
                    Problem(
                        ("authorized_cidrs",),
                        [],
                        "a public endpoint needs at least one authorized CIDR "
                        "(write 0.0.0.0/0 explicitly to open it to everyone)",
                    )
                ]
            )
        if len(set(self.authorized_cidrs)) != len(self.authorized_cidrs):
            raise_problems([Problem(("authorized_cidrs",), self.authorized_cidrs, "lists the same CIDR twice")])
        public_ranges = [
            c
            for c in self.private_access_cidrs
            if not any(ipaddress.ip_network(c).subnet_of(p) for p in PRIVATE_RANGES)  # type: ignore[arg-type]
        ]
        if public_ranges:
            # GKE admits only internal ranges to a private endpoint; EKS and AKS reach it over private routing.
            raise_problems(
                [
                    Problem(
                        ("private_access_cidrs",),
                        public_ranges,
                        "must lie in RFC 1918 private ranges (10.0.0.0/8, 172.16.0.0/12, "
                        "192.168.0.0/16): a private endpoint is reached over VPN or peering",
                    )
                ]
            )
        if self.private_access_cidrs and self.public:
            raise_problems(
                [
                    Problem(
                        ("private_access_cidrs",),
                        self.private_access_cidrs,
                        "applies only to a private endpoint (public: false); a public endpoint takes authorized_cidrs",
                    )
                ]
            )
        if len(set(self.private_access_cidrs)) != len(self.private_access_cidrs):
            raise_problems([Problem(("private_access_cidrs",), self.private_access_cidrs, "lists the same CIDR twice")])
        return self
