"""How the in-cluster layer reaches the EKS API server when its endpoint is private (spec.api.public false).

A private EKS endpoint answers only inside the VPC: its name resolves to the control plane's network
interfaces in the private subnets, behind the EKS-managed cluster security group. Nothing identity-gated
reaches it from outside (unlike GKE's DNS endpoint), so the in-cluster layer runs only where it answers:
- inside the VPC (a CI runner or bastion host in a private subnet), or
- from an operator network (VPN, Direct Connect, peering) listed in `api.private_access_cidrs`: each gets 443
  on the cluster security group here. Only the route is needed: EKS publishes a private-only endpoint's
  private addresses under its public DNS name (AWS knowledge center, "eks-private-cluster-endpoint-vpc"),
  so a Route 53 Resolver inbound endpoint is needed only where the operator's DNS cannot resolve public names.
`api_access` names those ways in, with this environment's VPC, for `kumo up` to print when it cannot connect.
"""

from __future__ import annotations

from collections.abc import Sequence

import pulumi
import pulumi_aws as aws

from components.aws.scope import AwsScope
from components.layers.contract import ApiAccess
from components.spec import ClusterSpec

API_PORT = 443


def private_access_rules(
    spec: ClusterSpec, cluster: aws.eks.Cluster, *, scope: AwsScope
) -> list[aws.vpc.SecurityGroupIngressRule]:
    """443 on the EKS cluster security group from each `api.private_access_cidrs` network.

    Named by the CIDR's index in that list (`{cluster}-api-from-{index}`), as the spec field reports it.
    The cluster security group is EKS's and goes with the cluster, so the rules live in the cluster layer.
    """
    return [
        aws.vpc.SecurityGroupIngressRule(
            scope.name(f"api-from-{index}"),
            security_group_id=cluster.vpc_config.cluster_security_group_id,
            cidr_ipv4=cidr,
            ip_protocol="tcp",
            from_port=API_PORT,
            to_port=API_PORT,
            description=f"Kubernetes API from {cidr} (api.private_access_cidrs[{index}])",
            tags={"Name": scope.name(f"api-from-{index}")},
            opts=scope.opts(),
        )
        for index, cidr in enumerate(spec.api.private_access_cidrs)
    ]


def ways_in(host: str, vpc_id: str, region: str, cidrs: Sequence[str]) -> list[str]:
    """Where the in-cluster layer can run from when the private endpoint (`host`) does not answer."""
    inside = (
        f"run kumo from inside VPC {vpc_id} ({region}): a CI runner or bastion host in one of its private "
        "subnets, where the endpoint resolves to its private addresses"
    )
    dns = (
        f"{host} resolves to the endpoint's private addresses in public DNS (where your DNS cannot resolve "
        f"public names, forward it to a Route 53 Resolver inbound endpoint in {vpc_id})"
    )
    if cidrs:
        through = (
            f"from a network listed in api.private_access_cidrs ({', '.join(cidrs)}) over VPN, Direct "
            f"Connect or VPC peering into {vpc_id}: {dns}"
        )
    else:
        through = (
            f"from your own network over VPN, Direct Connect or VPC peering into {vpc_id}: list it in "
            f"api.private_access_cidrs (which opens port {API_PORT} to it); {dns}"
        )
    return [inside, through]


def api_access(
    spec: ClusterSpec, *, endpoint: pulumi.Input[str], vpc_id: pulumi.Input[str], region: str
) -> pulumi.Output[dict[str, object]]:
    """The `api_access` output: public or not, the endpoint's host, and the ways in of a private endpoint."""
    cidrs = [str(cidr) for cidr in spec.api.private_access_cidrs]

    def build(args: list[str]) -> dict[str, object]:
        url, vpc = args
        host = url.removeprefix("https://")
        return ApiAccess(
            public=spec.api.public, host=host, ways_in=[] if spec.api.public else ways_in(host, vpc, region, cidrs)
        ).to_output()

    return pulumi.Output.all(endpoint, vpc_id).apply(build)
