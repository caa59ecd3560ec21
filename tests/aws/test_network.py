"""The VPC: subnet carving, exact children, NAT modes, load-balancer subnet tags, no public IPs."""

from __future__ import annotations

import pytest

from components.aws.network import subnet_cidrs
from components.records import Plan
from tests.aws.conftest import REGION, ZONES, named

SUBNET = "aws:ec2/subnet:Subnet"


@pytest.mark.parametrize(
    ("cidr", "zones", "public", "private"),
    [
        (
            "10.0.0.0/16",
            3,
            ["10.0.192.0/20", "10.0.208.0/20", "10.0.224.0/20"],
            ["10.0.0.0/18", "10.0.64.0/18", "10.0.128.0/18"],
        ),
        ("10.20.0.0/16", 2, ["10.20.192.0/20", "10.20.208.0/20"], ["10.20.0.0/18", "10.20.64.0/18"]),
        ("172.20.0.0/20", 2, ["172.20.12.0/24", "172.20.13.0/24"], ["172.20.0.0/22", "172.20.4.0/22"]),
        (
            "192.168.0.0/18",
            3,
            ["192.168.48.0/22", "192.168.52.0/22", "192.168.56.0/22"],
            ["192.168.0.0/20", "192.168.16.0/20", "192.168.32.0/20"],
        ),
    ],
)
def test_subnet_cidrs(cidr: str, zones: int, public: list[str], private: list[str]) -> None:
    assert subnet_cidrs(cidr, zones) == (public, private)


@pytest.mark.parametrize("zones", [0, 4])
def test_subnet_cidrs_rejects_zone_counts_outside_one_to_three(zones: int) -> None:
    with pytest.raises(ValueError, match="zones must be 1 to 3"):
        subnet_cidrs("10.0.0.0/16", zones)


def test_network_children_per_nat_per_zone(contract: Plan) -> None:
    network = contract.one("kumo:aws:Network")
    assert network.name == "contract-network"
    zones = ZONES
    children = sorted((r.type, r.name) for r in contract.resources if r.parent == network.urn)
    expected = [
        ("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "contract-network-default-sg"),
        ("aws:ec2/internetGateway:InternetGateway", "contract-network-igw"),
        ("aws:ec2/routeTable:RouteTable", "contract-network-public-rt"),
        ("aws:ec2/route:Route", "contract-network-public-default"),
        ("aws:ec2/securityGroup:SecurityGroup", "contract-network-nodes"),
        ("aws:ec2/vpc:Vpc", "contract-network-vpc"),
    ]
    for zone in zones:
        expected += [
            ("aws:ec2/eip:Eip", f"contract-network-nat-eip-{zone}"),
            ("aws:ec2/natGateway:NatGateway", f"contract-network-nat-{zone}"),
            ("aws:ec2/routeTable:RouteTable", f"contract-network-private-{zone}-rt"),
            ("aws:ec2/route:Route", f"contract-network-private-{zone}-default"),
            ("aws:ec2/routeTableAssociation:RouteTableAssociation", f"contract-network-public-{zone}-rta"),
            ("aws:ec2/routeTableAssociation:RouteTableAssociation", f"contract-network-private-{zone}-rta"),
            (SUBNET, f"contract-network-public-{zone}"),
            (SUBNET, f"contract-network-private-{zone}"),
        ]
    assert children == sorted(expected)


def test_each_private_zone_routes_through_its_own_nat(contract: Plan) -> None:
    nats = named(contract, "aws:ec2/natGateway:NatGateway")
    routes = named(contract, "aws:ec2/route:Route")
    subnets = named(contract, SUBNET)
    for zone in ZONES:
        nat = nats[f"contract-network-nat-{zone}"]
        assert nat.inputs["subnetId"] == subnets[f"contract-network-public-{zone}"].id
        assert nat.inputs["connectivityType"] == "public"
        route = routes[f"contract-network-private-{zone}-default"]
        assert route.inputs == {
            "routeTableId": route.inputs["routeTableId"],
            "destinationCidrBlock": "0.0.0.0/0",
            "natGatewayId": nat.id,
        }
    public = routes["contract-network-public-default"]
    assert public.inputs["gatewayId"] == contract.one("aws:ec2/internetGateway:InternetGateway").id


def test_single_nat_serves_every_zone(edge: Plan) -> None:
    nats = edge.of_type("aws:ec2/natGateway:NatGateway")
    assert [n.name for n in nats] == [f"edge-network-nat-{REGION}a"]
    routes = [r for r in edge.of_type("aws:ec2/route:Route") if "private" in r.name]
    assert len(routes) == 2 and {r.inputs["natGatewayId"] for r in routes} == {nats[0].id}
    # The NAT gateway waits for the internet gateway (it cannot route out before it is attached).
    assert edge.one("aws:ec2/internetGateway:InternetGateway").urn in nats[0].options["depends_on"]


def test_subnets_are_tagged_for_load_balancers_and_never_give_public_ips(contract: Plan) -> None:
    for subnet in contract.of_type(SUBNET):
        tier = "public" if "-public-" in subnet.name else "private"
        role = "kubernetes.io/role/elb" if tier == "public" else "kubernetes.io/role/internal-elb"
        assert subnet.inputs["mapPublicIpOnLaunch"] is False, subnet.name
        assert subnet.inputs["tags"] == {"Name": subnet.name, role: "1", "kubernetes.io/cluster/contract": "shared"}
    cidrs = sorted(s.inputs["cidrBlock"] for s in contract.of_type(SUBNET))
    assert cidrs == sorted([*subnet_cidrs("10.0.0.0/16", 3)[0], *subnet_cidrs("10.0.0.0/16", 3)[1]])
    assert {s.inputs["availabilityZone"] for s in contract.of_type(SUBNET)} == set(ZONES)


def test_vpc_and_default_security_group(contract: Plan) -> None:
    vpc = contract.one("aws:ec2/vpc:Vpc")
    assert vpc.inputs == {
        "cidrBlock": "10.0.0.0/16",
        "enableDnsSupport": True,
        "enableDnsHostnames": True,
        "tags": {"Name": "contract-network-vpc"},
    }
    default_sg = contract.one("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup")
    assert default_sg.inputs["ingress"] == [] and default_sg.inputs["egress"] == []


def test_zones_follow_the_spec(edge: Plan, contract: Plan) -> None:
    assert sorted(s.inputs["availabilityZone"] for s in edge.of_type(SUBNET)) == sorted(
        [f"{REGION}a", f"{REGION}b"] * 2
    )
    assert (
        "aws:index/getAvailabilityZones:getAvailabilityZones",
        {"state": "available", "filters": [{"name": "opt-in-status", "values": ["opt-in-not-required"]}]},
    ) in contract.invokes


def test_a_region_with_too_few_zones_is_an_error_naming_both(monkeypatch: pytest.MonkeyPatch) -> None:
    from components.aws import mocks
    from components.offline import plan_spec
    from components.spec import parse_spec

    monkeypatch.setattr(mocks, "ZONE_SUFFIXES", ("a", "b"))
    with pytest.raises(
        Exception,
        match=r"network.zones = 3: region us-east-1 has 2 available zone\(s\) EKS accepts "
        r"\(us-east-1a, us-east-1b\)",
    ):
        plan_spec("aws", parse_spec({"name": "few"}, default_name="few"), {"aws:region": REGION}, stack="aws-few")
