"""How the in-cluster layer reaches a private EKS endpoint: 443 from the listed networks on the cluster
security group, and the ways in the cluster layer's `api_access` output names (components/aws/api_access.py)."""

from __future__ import annotations

from components.records import Plan
from tests.aws.conftest import named

RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"


def test_private_endpoint_opens_443_to_the_listed_networks_only(private: Plan, internal: Plan) -> None:
    rules = named(private, RULE)
    assert sorted(rules) == ["private-api-from-0", "private-api-from-1"]
    for index, cidr in enumerate(["10.50.0.0/16", "192.168.10.0/24"]):
        rule = rules[f"private-api-from-{index}"]
        assert rule.layer == "cluster"
        assert rule.inputs == {  # the EKS-managed cluster security group (mocks: sg-<hash of name + 'cluster'>)
            "securityGroupId": "sg-cdac4dcd16c4895f3",
            "cidrIpv4": cidr,
            "ipProtocol": "tcp",
            "fromPort": 443.0,
            "toPort": 443.0,
            "description": f"Kubernetes API from {cidr} (api.private_access_cidrs[{index}])",
            "tags": {"Name": f"private-api-from-{index}"},
        }
        assert private.one("aws:eks/cluster:Cluster").urn in private.dependencies(rule)
    assert [r.name for r in internal.of_type(RULE) if "-api-from-" in r.name] == []


def test_private_endpoint_names_the_ways_in(private: Plan, internal: Plan) -> None:
    host = "715DC8493C36579A5B116995100F635E.gr7.us-east-1.eks.amazonaws.com"
    vpc = "vpc-7298cb6848fc3c299"
    assert private.layers["data"].exports["vpc_id"] == vpc
    assert private.layers["cluster"].exports["api_access"] == {
        "public": False,
        "host": host,
        "port": 443.0,
        "ways_in": [
            f"run kumo from inside VPC {vpc} (us-east-1): a CI runner or bastion host in one of its private subnets, "
            "where the endpoint resolves to its private addresses",
            "from a network listed in api.private_access_cidrs (10.50.0.0/16, 192.168.10.0/24) over VPN, Direct "
            f"Connect or VPC peering into {vpc}: {host} resolves to the endpoint's private addresses in public DNS "
            f"(where your DNS cannot resolve public names, forward it to a Route 53 Resolver inbound endpoint in {vpc})",
        ],
    }
    # No networks listed yet: the second way says how to add one.
    ways = internal.layers["cluster"].exports["api_access"]["ways_in"]
    assert len(ways) == 2 and "list it in api.private_access_cidrs (which opens port 443 to it);" in ways[1]
