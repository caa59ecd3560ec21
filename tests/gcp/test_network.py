"""The GKE environment's VPC through the offline engine: the node subnetwork with its pod and service ranges, and
Cloud NAT per spec.network.nat (components/gcp/network.py)."""

from __future__ import annotations

from components.records import Plan
from tests.gcp.helpers import PROJECT, REGION

ZONE_LETTERS = ("b", "c", "d")  # europe-west1 has b, c, d only


def test_network(prod_plan: Plan) -> None:
    vpc = prod_plan.one("gcp:compute/network:Network").inputs
    assert (vpc["name"], vpc["autoCreateSubnetworks"], vpc["routingMode"]) == ("prod1-vpc", False, "REGIONAL")
    subnet = prod_plan.one("gcp:compute/subnetwork:Subnetwork", "prod1-nodes").inputs
    assert subnet["network"] == f"projects/{PROJECT}/global/networks/prod1-vpc"
    assert subnet["ipCidrRange"] == "10.20.0.0/16" and subnet["region"] == REGION
    assert subnet["privateIpGoogleAccess"] is True
    assert subnet["secondaryIpRanges"] == [
        {"rangeName": "pods", "ipCidrRange": "10.64.0.0/14"},
        {"rangeName": "services", "ipCidrRange": "10.96.0.0/16"},
    ]


def test_nat_per_zone_has_one_static_address_per_zone(prod_plan: Plan) -> None:
    nat = prod_plan.one("gcp:compute/routerNat:RouterNat").inputs
    assert nat["natIpAllocateOption"] == "MANUAL_ONLY"
    assert nat["natIps"] == [
        f"https://www.googleapis.com/compute/v1/projects/{PROJECT}/regions/{REGION}/addresses/prod1-nat-{z}"
        for z in ZONE_LETTERS
    ]
    assert nat["router"] == "prod1-router"
    assert nat["sourceSubnetworkIpRangesToNat"] == "LIST_OF_SUBNETWORKS"
    assert nat["subnetworks"] == [
        {
            "name": f"projects/{PROJECT}/regions/{REGION}/subnetworks/prod1-nodes",
            "sourceIpRangesToNats": ["ALL_IP_RANGES"],
        }
    ]
    for z in ZONE_LETTERS:
        address = prod_plan.one("gcp:compute/address:Address", f"prod1-nat-{z}").inputs
        assert (address["addressType"], address["region"]) == ("EXTERNAL", REGION)


def test_nat_single_lets_google_allocate(dev_plan: Plan) -> None:
    nat = dev_plan.one("gcp:compute/routerNat:RouterNat").inputs
    assert nat["natIpAllocateOption"] == "AUTO_ONLY" and "natIps" not in nat
