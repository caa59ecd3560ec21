"""Exact tables for the pure GKE derivations: zones, ranges, per-zone counts, names, Filestore tier."""

from __future__ import annotations

import ipaddress
import re

import pytest

from components.gcp import layout
from components.spec import NetworkSpec

ZONES = ["us-central1-f", "us-central1-a", "us-central1-c", "us-central1-b"]


@pytest.mark.parametrize(
    ("count", "expected"),
    [(2, ["us-central1-a", "us-central1-b"]), (3, ["us-central1-a", "us-central1-b", "us-central1-c"])],
)
def test_pick_zones_takes_the_first_in_name_order(count: int, expected: list[str]) -> None:
    assert layout.pick_zones(ZONES, count, "us-central1") == expected


def test_pick_zones_ignores_other_regions_and_reports_too_few() -> None:
    with pytest.raises(
        ValueError,
        match=r"region us-east5 has 2 zone\(s\) up \(us-east5-a, us-east5-b\); "
        r"spec.network.zones asks for 3",
    ):
        layout.pick_zones(["us-east5-a", "us-east5-b", "us-east4-a"], 3, "us-east5")


@pytest.mark.parametrize(
    ("network", "expected"),
    [
        ({}, "172.16.0.0/28"),
        ({"cidr": "172.16.0.0/16"}, "192.168.0.0/28"),
        ({"cidr": "172.16.0.0/16", "pod_cidr": "192.168.0.0/16", "service_cidr": "10.96.0.0/16"}, "10.255.255.240/28"),
    ],
)
def test_master_cidr_avoids_the_spec_ranges(network: dict[str, str], expected: str) -> None:
    spec = NetworkSpec(**network)  # type: ignore[arg-type]
    got = layout.master_cidr(spec)
    assert got == expected
    net = ipaddress.ip_network(got)
    assert net.prefixlen == 28 and net.is_private
    for cidr in (spec.cidr, spec.pod_cidr, spec.service_cidr):
        assert not net.overlaps(ipaddress.ip_network(cidr))


def test_psa_range_avoids_spec_ranges_and_master() -> None:
    spec = NetworkSpec(cidr="172.17.0.0/16")
    got = ipaddress.ip_network(layout.psa_range(spec))
    assert str(got) == "192.168.1.0/24"
    for cidr in (spec.cidr, spec.pod_cidr, spec.service_cidr, layout.master_cidr(spec)):
        assert not got.overlaps(ipaddress.ip_network(cidr))


@pytest.mark.parametrize(
    ("min_nodes", "max_nodes", "zones", "per_zone", "exact"),
    [
        (3, 6, 3, 1, True),  # prod system: 3 total -> 1 per zone
        (3, 12, 3, 1, True),
        (0, 10, 3, 0, True),  # scale-from-zero pool starts empty
        (2, 3, 2, 1, True),  # dev system
        (1, 4, 2, 1, True),  # 1 total is impossible over 2 zones; 2 is within [1, 4]
        (4, 9, 3, 2, True),  # 6 nodes
        (7, 9, 3, 3, True),  # 9 nodes
        (1, 1, 2, 1, False),  # no multiple of 2 in [1, 1]: honour the minimum
        (4, 5, 3, 2, False),
    ],
)
def test_initial_per_zone(min_nodes: int, max_nodes: int, zones: int, per_zone: int, exact: bool) -> None:
    counts = layout.initial_per_zone(min_nodes, max_nodes, zones)
    assert (counts.initial_per_zone, counts.exact) == (per_zone, exact)
    if exact:
        assert min_nodes <= counts.initial_per_zone * zones <= max_nodes


ACCOUNT_RE = re.compile(r"^[a-z](?:[-a-z0-9]{4,28}[a-z0-9])$")


@pytest.mark.parametrize(
    "name", ["ab", "prod1", "a" * 24, "a" * 25, "team-payments-production-cluster-01", "x" + "-y" * 19]
)
def test_account_id_is_valid_and_stable(name: str) -> None:
    got = layout.account_id(name, "nodes")
    assert ACCOUNT_RE.match(got), got
    assert got == layout.account_id(name, "nodes")


def test_account_id_short_names_are_readable_and_long_ones_distinct() -> None:
    assert layout.account_id("prod1", "nodes") == "prod1-nodes"
    a = layout.account_id("team-payments-production-cluster-01", "nodes")
    b = layout.account_id("team-payments-production-cluster-02", "nodes")
    assert a != b and a.endswith("-nodes") and len(a) == 30


CMEK_CAPACITIES = (
    "ZONAL and REGIONAL take 1024-9984 GiB in steps of 256 or 10240-102400 GiB in steps of 2560; "
    "ENTERPRISE takes 1024-10240 GiB in steps of 256"
)


@pytest.mark.parametrize(
    ("size", "tier"),
    [
        (1024, "ZONAL"),
        (2304, "ZONAL"),
        (2560, "ZONAL"),
        (9984, "ZONAL"),
        (10_240, "ZONAL"),
        (12_800, "ZONAL"),
        (61_440, "ZONAL"),
    ],
)
def test_filestore_tier_by_size(size: int, tier: str) -> None:
    assert layout.filestore_tier(size) == tier


@pytest.mark.parametrize("size", [512, 10_496, 63_744, 63_900])
def test_filestore_tier_refuses_a_size_no_cmek_tier_takes(size: int) -> None:
    with pytest.raises(ValueError) as error:
        layout.filestore_tier(size)
    assert str(error.value) == (
        f"no Filestore tier that takes a customer-managed key takes {size} GiB: "
        f"{CMEK_CAPACITIES} (https://cloud.google.com/filestore/docs/service-tiers)"
    )


def test_shared_store_problems_name_the_path_value_and_what_is_allowed() -> None:
    """facts.spec_problems refuses exactly the sizes filestore_tier cannot place, with the same capacities."""
    from components.gcp import facts
    from components.spec import parse_spec

    spec = parse_spec({"storage": {"shared": {"size_gb": 10_496}}}, default_name="s1")
    problems = facts.spec_problems(spec)
    assert [(p.path, p.value, p.message) for p in problems] == [
        (
            ("kumo:cluster", "storage", "shared", "size_gb"),
            10_496,
            f"is a size no Filestore tier with a customer-managed key takes: {CMEK_CAPACITIES} "
            "(https://cloud.google.com/filestore/docs/service-tiers, checked 2026-12-01)",
        )
    ]
    assert facts.spec_problems(parse_spec({"storage": {"shared": {"size_gb": 2560}}}, default_name="s1")) == []
    assert facts.spec_problems(parse_spec({}, default_name="s1")) == []


@pytest.mark.parametrize(
    ("size", "tier"), [(1024, "ZONAL"), (9984, "ZONAL"), (10_240, "ZONAL"), (10_496, None), (63_744, None)]
)
def test_validate_refuses_exactly_the_sizes_no_tier_is_chosen_for(size: int, tier: str | None) -> None:
    """facts.spec_problems (kumo validate) and filestore_tier (the program) agree on every size."""
    from components.gcp import facts
    from components.spec import parse_spec

    spec = parse_spec({"storage": {"shared": {"size_gb": size}}}, default_name="s1")
    assert (facts.spec_problems(spec) == []) is (tier is not None)
    if tier is None:
        with pytest.raises(ValueError):
            layout.filestore_tier(size)
    else:
        assert layout.filestore_tier(size) == tier


def test_nfs_admin_range_avoids_every_other_range() -> None:
    spec = NetworkSpec(cidr="172.18.0.0/16")
    got = ipaddress.ip_network(layout.nfs_admin_range(spec))
    assert str(got) == "192.168.2.0/26"
    for cidr in (spec.cidr, spec.pod_cidr, spec.service_cidr, layout.master_cidr(spec), layout.psa_range(spec)):
        assert not got.overlaps(ipaddress.ip_network(cidr))


def test_share_owner_job_name_fits_with_its_token() -> None:
    from components.gcp.share_owner import RUN_TOKEN

    assert layout.share_owner_job_name("prod1-shared") == "prod1-shared-owner"
    long = layout.share_owner_job_name("team-payments-production-cluster-0123456789-shared")
    assert len(long) == 49 and re.fullmatch(r"[a-z][a-z0-9-]*[a-z0-9]", long)
    assert len(long) + 1 + len(RUN_TOKEN) < 63  # run_execution_token's limit


def test_kumo_labels_win_over_tags() -> None:
    assert layout.kumo_labels("c1", {"env": "dev", "managed-by": "me"}) == {
        "env": "dev",
        "managed-by": "kumo",
        "kumo-cluster": "c1",
    }


def test_cluster_log_filter_matches_only_this_cluster() -> None:
    assert layout.cluster_log_filter("c1", "us-east1", ["us-east1-b", "us-east1-c"]).splitlines() == [
        'resource.type=("k8s_cluster" OR "k8s_control_plane_component" OR "k8s_node" OR "k8s_pod" OR '
        '"k8s_container" OR "gke_cluster" OR "gke_nodepool")',
        'resource.labels.cluster_name="c1"',
        'resource.labels.location=("us-east1" OR "us-east1-b" OR "us-east1-c")',
    ]
