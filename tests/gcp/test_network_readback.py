"""components/gcp/readback.py network(): the contract plan's VPC and Cloud NAT read back, and planted records.

Expected values are literal; each planted difference modifies one record of a copy of the plan, never the spec.
"""

from __future__ import annotations

import copy

from components.gcp import readback
from components.records import Resource
from tests.conftest import cached_spec_plan

CONTRACT = {"cidr": "10.0.0.0/16", "pod_cidr": "10.64.0.0/14", "service_cidr": "10.96.0.0/16", "nat": "per_zone"}
"""The contract plan's network: 3 zones, one reserved NAT address per zone."""


def resources() -> list[Resource]:
    return copy.deepcopy(cached_spec_plan("gcp").resources)


def only(rs: list[Resource], type_: str, name: str) -> Resource:
    found = [r for r in rs if r.type == type_ and r.name == name]
    assert len(found) == 1
    return found[0]


def nat(rs: list[Resource]) -> Resource:
    return only(rs, "gcp:compute/routerNat:RouterNat", "contract-nat")


def test_contract_network() -> None:
    assert readback.network(resources()) == CONTRACT


def test_another_subnet_with_secondary_ranges_is_not_the_clusters() -> None:
    """The cluster's subnetwork is the one holding its pod range, not any subnetwork with secondary ranges."""
    rs = resources()
    admin = only(rs, "gcp:compute/subnetwork:Subnetwork", "contract-shared-nfs-admin")
    admin.inputs["secondaryIpRanges"] = [{"rangeName": "filestore", "ipCidrRange": "172.19.0.0/24"}]
    assert readback.network(rs) == CONTRACT


def test_one_reserved_address_for_three_zones_is_unknown() -> None:
    rs = resources()
    nat(rs).inputs["natIps"] = nat(rs).inputs["natIps"][:1]
    assert readback.network(rs) == {**CONTRACT, "nat": None}


def test_one_reserved_address_in_one_zone_is_unknown() -> None:
    """In one zone, one reserved address is both a single gateway and one per zone: the records do not tell."""
    rs = resources()
    for pool in [r for r in rs if r.type == "gcp:container/nodePool:NodePool"]:
        pool.inputs["nodeLocations"] = ["us-central1-a"]
    nat(rs).inputs["natIps"] = nat(rs).inputs["natIps"][:1]
    assert readback.zones(rs) == 1
    assert readback.network(rs) == {**CONTRACT, "nat": None}


def test_two_reserved_addresses_in_two_zones_is_per_zone() -> None:
    rs = resources()
    for pool in [r for r in rs if r.type == "gcp:container/nodePool:NodePool"]:
        pool.inputs["nodeLocations"] = ["us-central1-a", "us-central1-b"]
    nat(rs).inputs["natIps"] = nat(rs).inputs["natIps"][:2]
    assert readback.network(rs) == CONTRACT


def test_google_allocated_addresses_are_a_single_gateway() -> None:
    rs = resources()
    nat(rs).inputs["natIpAllocateOption"] = "AUTO_ONLY"
    del nat(rs).inputs["natIps"]
    assert readback.network(rs) == {**CONTRACT, "nat": "single"}
