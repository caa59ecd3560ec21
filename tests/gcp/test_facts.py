"""components/gcp/facts.py against what the program plans: each fact, asserted on the planned resources.

The tables' values are checked here only where a literal from the source is the point (dates, tiers, minors);
everywhere else the plan is held to the table, so a fact changed in facts.py fails the plan that breaks it.
(service_facts.py: test_service_facts.py.)
"""

from __future__ import annotations

import ast
import inspect
import re
from datetime import date

import pytest

from components import facts as neutral
from components.gcp import facts
from components.records import Plan
from tests.gcp.conftest import plan_raw, stack_spec
from tests.gcp.helpers import REGION

FILESTORE = "gcp:filestore/instance:Instance"
CLUSTER = "gcp:container/cluster:Cluster"
TODAY = date(2026, 12, 1)


def test_facts_import_nothing_of_the_package() -> None:
    """The registry loads facts.py with the record: it imports no sibling (no circle, nothing heavy)."""
    tree = ast.parse(inspect.getsource(facts))
    imported = {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert sorted(imported) == [
        "__future__",
        "components.fact_types",
        "components.spec",
        "dataclasses",
        "datetime",
        "typing",
    ]


# --- Filestore tiers --------------------------------------------------------------------------------------


def test_every_planned_filestore_uses_a_tier_whose_cmek_flag_matches_its_key(shared_plan: Plan) -> None:
    for instance in shared_plan.of_type(FILESTORE):
        tier = facts.FILESTORE_TIERS[instance.inputs["tier"]]
        assert tier.cmek == bool(instance.inputs.get("kmsKeyName")), instance.name
        assert tier.cmek  # ENC-05: the shared store always has its own key, so its tier must take one


def test_every_planned_filestore_capacity_is_one_its_tier_takes(shared_plan: Plan) -> None:
    for instance in shared_plan.of_type(FILESTORE):
        tier = facts.FILESTORE_TIERS[instance.inputs["tier"]]
        size = int(instance.inputs["fileShares"]["capacityGb"])
        assert any(band.takes(size) for band in tier.bands), (instance.name, size)


def test_every_planned_filestore_lives_where_its_tier_does(shared_plan: Plan) -> None:
    for instance in shared_plan.of_type(FILESTORE):
        tier = facts.FILESTORE_TIERS[instance.inputs["tier"]]
        region = shared_plan.layers["data"].one("pulumi:providers:gcp").inputs["region"]
        zones = facts.LOCATION.regions[region]
        assert (
            (instance.inputs["location"] in zones)
            if tier.location == "zone"
            else (instance.inputs["location"] == region)
        )


def test_shared_class_provisions_the_store_tier_with_its_key(shared_plan: Plan) -> None:
    instance = shared_plan.one(FILESTORE)
    tier = facts.FILESTORE_TIERS[instance.inputs["tier"]]
    sc = next(
        r
        for r in shared_plan.of_type("kubernetes:storage.k8s.io/v1:StorageClass")
        if r.inputs["metadata"]["name"] == "kumo-shared"
    ).inputs
    assert sc["parameters"]["tier"] == tier.csi_tier
    assert ("instance-encryption-kms-key" in sc["parameters"]) == tier.cmek
    assert sc["parameters"]["instance-encryption-kms-key"] == instance.inputs["kmsKeyName"]


def test_private_services_range_holds_a_block_of_the_tier(shared_plan: Plan) -> None:
    tier = facts.FILESTORE_TIERS[shared_plan.one(FILESTORE).inputs["tier"]]
    psa = shared_plan.one("gcp:compute/globalAddress:GlobalAddress").inputs
    assert int(psa["prefixLength"]) <= tier.reserved_prefix


def test_basic_tiers_take_no_key_and_the_others_do() -> None:
    """The finding itself, as the table records it (https://cloud.google.com/filestore/docs/cmek-organization-policy)."""
    assert {t.tier: t.cmek for t in facts.FILESTORE_TIERS.values()} == {
        "BASIC_HDD": False,
        "BASIC_SSD": False,
        "ZONAL": True,
        "REGIONAL": True,
        "ENTERPRISE": True,
    }


def test_spec_problems_refuse_a_size_no_cmek_tier_takes() -> None:
    from components.spec import parse_spec

    [problem] = facts.spec_problems(parse_spec({"storage": {"shared": {"size_gb": 12_032}}}, default_name="s1"))
    assert (problem.path, problem.value) == (("kumo:cluster", "storage", "shared", "size_gb"), 12_032)
    assert facts.spec_problems(parse_spec({"storage": {"shared": {"size_gb": 12_800}}}, default_name="s1")) == []


@pytest.mark.parametrize(
    ("tier", "size", "takes"),
    [
        ("ZONAL", 1024, True),
        ("ZONAL", 9984, True),
        ("ZONAL", 10_000, False),
        ("ZONAL", 10_240, True),
        ("ZONAL", 10_496, False),
        ("ZONAL", 102_400, True),
        ("ZONAL", 1000, False),
        ("ENTERPRISE", 10_240, True),
        ("ENTERPRISE", 10_496, False),
        ("BASIC_HDD", 1024, True),
        ("BASIC_SSD", 2559, False),
        ("BASIC_SSD", 2560, True),
        ("BASIC_SSD", 65_434, False),
    ],
)
def test_tier_capacities(tier: str, size: int, takes: bool) -> None:
    assert any(b.takes(size) for b in facts.FILESTORE_TIERS[tier].bands) is takes


# --- Kubernetes minors --------------------------------------------------------------------------------------


def test_minors_from_1_31_to_the_newest_without_gaps() -> None:
    minors = [m.minor for m in facts.KUBERNETES]
    assert minors == [f"1.{n}" for n in range(31, 38)]
    for m in facts.KUBERNETES:
        assert m.released < m.end_of_standard < (m.end_of_extended or date.max), m.minor
        assert m.source.checked == TODAY


def test_minors_in_gke_standard_support_on_2026_12_01() -> None:
    assert neutral.supported_minors("gcp", TODAY) == ["1.34", "1.35", "1.36", "1.37"]
    assert {
        m.minor: m.end_of_standard.isoformat() for m in facts.KUBERNETES if m.minor in ("1.34", "1.35", "1.36")
    } == {"1.34": "2027-01-24", "1.35": "2027-04-10", "1.36": "2027-08-26"}
    problems, _ = neutral.version_problems("gcp", "1.33", TODAY)
    assert [p.message for p in problems] == [
        "left standard support on gcp on 2026-08-11; after it gcp offers it only under extended or long-term "
        "support, until 2027-06-12: gcp supports 1.34 to 1.37 on 2026-12-01 "
        "(https://cloud.google.com/kubernetes-engine/docs/release-schedule)"
    ]


@pytest.mark.parametrize("stack", ["gcp-dev", "gcp-prod"])
def test_checked_in_stacks_plan_a_minor_in_standard_support(stack: str) -> None:
    minor = stack_spec(stack).get("kubernetes_version")
    problems, _ = neutral.version_problems("gcp", minor, TODAY)
    assert problems == [], f"{stack}: {problems[0].message if problems else ''}"


@pytest.mark.parametrize("minor", ["1.35", "1.36"])
def test_current_minors_plan_in_the_regular_channel(minor: str) -> None:
    plan = plan_raw({"kubernetes_version": minor}, f"v{minor.replace('.', '')}")
    cluster = plan.one(CLUSTER)
    assert cluster.inputs["minMasterVersion"] == minor
    assert cluster.inputs["releaseChannel"] == {"channel": "REGULAR"}
    assert not neutral.version_problems("gcp", minor, TODAY)[0]


# --- Location -------------------------------------------------------------------------------------------------


def test_every_region_has_at_least_three_zones_named_after_it() -> None:
    assert len(facts.LOCATION.regions) == 43
    for region, zones in facts.LOCATION.regions.items():
        assert len(zones) >= 3 and all(re.fullmatch(rf"{region}-[a-z]", z) for z in zones), region
    assert facts.LOCATION.regions["us-central1"] == ("us-central1-a", "us-central1-b", "us-central1-c", "us-central1-f")
    assert facts.LOCATION.regions["europe-west1"] == ("europe-west1-b", "europe-west1-c", "europe-west1-d")


def test_planned_zones_are_real_zones_of_the_region(prod_plan: Plan, dev_plan: Plan) -> None:
    for plan in (prod_plan, dev_plan):
        locations = plan.one(CLUSTER).inputs["nodeLocations"]
        assert set(locations) <= set(facts.LOCATION.regions[REGION])
        store = plan.one(FILESTORE).inputs["location"]
        assert store == locations[0]


@pytest.mark.parametrize(
    ("project", "valid"),
    [
        ("kumo-dev-project", True),
        ("abcdef", True),
        ("a" * 30, True),
        ("p-1234567890", True),
        ("abcde", False),
        ("a" * 31, False),
        ("1project", False),
        ("project-", False),
        ("Project-1", False),
        ("my_project", False),
        ("-project", False),
    ],
)
def test_project_id_format(project: str, valid: bool) -> None:
    assert bool(re.fullmatch(facts.LOCATION.formats["gcp:project"], project)) is valid


def test_location_problems_name_the_key() -> None:
    config = {"gcp:project": "kumo-dev-project", "gcp:region": "us-centrall1"}
    [problem] = neutral.location_problems("gcp", config)
    assert (problem.path, problem.value) == (("gcp:region",), "us-centrall1")
    assert "did you mean 'us-central1'?" in problem.message and "Google Cloud region" in problem.message
    [missing] = neutral.location_problems("gcp", {"gcp:region": "us-central1"})
    assert (missing.path, missing.value) == (("gcp:project",), None)
    assert "Google Cloud project ID" in missing.message
    [bad] = neutral.location_problems("gcp", {"gcp:project": "My_Project", "gcp:region": "us-central1"})
    assert (bad.path, bad.value) == (("gcp:project",), "My_Project")
    assert neutral.location_problems("gcp", {"gcp:project": "kumo-dev-project", "gcp:region": "us-central1"}) == []
