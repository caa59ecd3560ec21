"""components/gcp/facts.py against what the program plans: each fact, asserted on the planned resources.

The tables' values are checked here only where a literal from the source is the point (dates, tiers, modes);
everywhere else the plan is held to the table, so a fact changed in facts.py fails the plan that breaks it.
"""

from __future__ import annotations

import ipaddress
import re
from datetime import date

import pytest

from components import facts as neutral
from components.gcp import facts
from components.records import Plan
from tests.conftest import cached_spec_plan
from tests.gcp.conftest import plan_raw, stack_spec
from tests.gcp.helpers import PROJECT_NUMBER, REGION

FILESTORE = "gcp:filestore/instance:Instance"
CLUSTER = "gcp:container/cluster:Cluster"
GRANT = "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember"
IDENTITY = "gcp:projects/serviceIdentity:ServiceIdentity"
MEMBER = "gcp:projects/iAMMember:IAMMember"
TODAY = date(2026, 12, 1)


@pytest.fixture(params=["prod_plan", "dev_plan", "contract"])
def shared_plan(request: pytest.FixtureRequest) -> Plan:
    """Every plan with a shared store: both GCP stacks' specs and the contract spec."""
    if request.param == "contract":
        return cached_spec_plan("gcp")
    plan: Plan = request.getfixturevalue(request.param)
    return plan


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


# --- NFS exports and the share's owner ----------------------------------------------------------------------


def test_root_of_a_new_share_is_roots_and_only_the_admin_range_is_unsquashed(shared_plan: Plan) -> None:
    """A new share is root:root 755: some client must be unsquashed root to hand it over. Exactly one range is,
    and it is a subnetwork only the owner job uses (test_storage.py checks the job's command)."""
    assert facts.SHARE_ROOT_OWNER == (0, 0, 0o755)
    exports = shared_plan.one(FILESTORE).inputs["fileShares"]["nfsExportOptions"]
    unsquashed = [r for e in exports if e["squashMode"] == "NO_ROOT_SQUASH" for r in e["ipRanges"]]
    subnets = {s.inputs["ipCidrRange"]: s.name for s in shared_plan.of_type("gcp:compute/subnetwork:Subnetwork")}
    assert [subnets.get(r, r) for r in unsquashed] == [f"{shared_plan.one(FILESTORE).inputs['name']}-nfs-admin"]
    assert sum(len(e["ipRanges"]) for e in exports) <= facts.NFS_EXPORT_RANGES_MAX


def test_admin_subnetwork_is_large_enough_for_direct_vpc_egress(shared_plan: Plan) -> None:
    store = shared_plan.one(FILESTORE).inputs["name"]
    subnet = shared_plan.one("gcp:compute/subnetwork:Subnetwork", f"{store}-nfs-admin").inputs
    assert ipaddress.ip_network(subnet["ipCidrRange"]).prefixlen <= facts.DIRECT_VPC_MAX_PREFIX


def test_owner_job_gives_the_app_what_squashed_root_cannot_take(shared_plan: Plan) -> None:
    """The app's uid/gid own the root with no access for others: root in a pod, squashed to SQUASHED_ROOT_ID, is
    'other' and gets nothing; nothing is world-writable."""
    from components.kubernetes.app import RUN_AS

    job = shared_plan.one("gcp:cloudrunv2/job:Job")
    script = job.inputs["template"]["template"]["containers"][0]["args"][1]
    match = re.fullmatch(r"chown (\d+):(\d+) (\S+) && chmod ([0-7]{4}) \3 && ls -ldn \3", script)
    assert match is not None
    uid, gid, mode = int(match[1]), int(match[2]), int(match[4], 8)
    assert (uid, gid) == (RUN_AS, RUN_AS) != (facts.SQUASHED_ROOT_ID, facts.SQUASHED_ROOT_ID)
    assert mode & 0o007 == 0  # others: nothing (squashed root included); never world-writable
    assert mode & 0o770 == 0o770 and mode & 0o2000  # owner and group rwx; setgid keeps the group


# --- Service agents and the keys they use -------------------------------------------------------------------


def _email(agent: str) -> str:
    return facts.SERVICE_AGENTS[agent].email.format(number=PROJECT_NUMBER)


@pytest.mark.parametrize("use", facts.KEY_USERS, ids=lambda u: f"{u.key}-{u.agent}")
def test_every_key_user_holds_its_grant_and_it_waits_for_the_agent(prod_plan: Plan, use: facts.KeyUser) -> None:
    key_names = {"secrets": "prod1-secrets", "disks": "prod1-disks", "shared": "prod1-shared-key"}
    key = prod_plan.one("gcp:kms/cryptoKey:CryptoKey", key_names[use.key])
    grants = [
        g
        for g in prod_plan.of_type(GRANT)
        if key.urn in g.property_dependencies.get("cryptoKeyId", [])
        and g.inputs["member"] == f"serviceAccount:{_email(use.agent)}"
    ]
    assert len(grants) == 1, use
    [grant] = grants
    assert grant.inputs["role"] == "roles/cloudkms.cryptoKeyEncrypterDecrypter"
    agent = facts.SERVICE_AGENTS[use.agent]
    deps = prod_plan.all_dependencies(grant)
    if agent.primary:  # created first: the grant's member is the identity's own output
        identity = prod_plan.one(IDENTITY, f"prod1-agent-{use.agent}")
        assert identity.urn in grant.property_dependencies["member"]
    else:  # exists once its API is on
        assert prod_plan.one("gcp:projects/service:Service", f"prod1-api-{agent.api.split('.')[0]}").urn in deps


def test_no_grant_names_an_agent_the_facts_do_not_list(prod_plan: Plan) -> None:
    known = {f"serviceAccount:{_email(a)}" for a in facts.SERVICE_AGENTS}
    assert {g.inputs["member"] for g in prod_plan.of_type(GRANT)} <= known


@pytest.mark.parametrize("agent", [a for a, f in facts.SERVICE_AGENTS.items() if f.primary])
def test_primary_agents_are_created_with_their_project_role_and_kept(prod_plan: Plan, agent: str) -> None:
    fact = facts.SERVICE_AGENTS[agent]
    identity = prod_plan.one(IDENTITY, f"prod1-agent-{agent}")
    assert identity.inputs["service"] == fact.api
    role = prod_plan.one(MEMBER, f"prod1-agent-{agent}-role")
    assert (role.inputs["role"], role.inputs["member"]) == (fact.role, f"serviceAccount:{_email(agent)}")
    # Project-wide, and the binding Google makes itself: never revoked when one stack goes.
    assert (role.options["retain_on_delete"], role.options["protect"]) == (True, True)
    assert identity.urn in role.property_dependencies["member"]


def test_compute_agent_is_not_created_on_request(prod_plan: Plan) -> None:
    assert facts.SERVICE_AGENTS["compute"].primary is False
    assert not [r for r in prod_plan.of_type(IDENTITY) if r.inputs["service"] == "compute.googleapis.com"]


def test_backup_for_gke_can_back_up_the_cmek_disks(prod_plan: Plan) -> None:
    """The finding: the disk key (kumo-block volumes, node disks) grants Backup for GKE's agent."""
    disks = prod_plan.one("gcp:kms/cryptoKey:CryptoKey", "prod1-disks")
    members = {
        g.inputs["member"]
        for g in prod_plan.of_type(GRANT)
        if disks.urn in g.property_dependencies.get("cryptoKeyId", [])
    }
    assert members == {
        f"serviceAccount:service-{PROJECT_NUMBER}@compute-system.iam.gserviceaccount.com",
        f"serviceAccount:service-{PROJECT_NUMBER}@gcp-sa-gkebackup.iam.gserviceaccount.com",
    }
    assert prod_plan.one("gcp:gkebackup/backupPlan:BackupPlan").inputs["backupConfig"]["includeVolumeData"] is True


def test_a_store_less_cluster_creates_no_filestore_agent(minimal_plan: Plan) -> None:
    assert sorted(r.inputs["service"] for r in minimal_plan.of_type(IDENTITY)) == [
        "container.googleapis.com",
        "gkebackup.googleapis.com",
    ]


# --- Security posture ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", ["prod_plan", "dev_plan", "minimal_plan"])
def test_planned_vulnerability_mode_is_one_gke_still_accepts(request: pytest.FixtureRequest, fixture: str) -> None:
    posture = request.getfixturevalue(fixture).one(CLUSTER).inputs["securityPostureConfig"]
    assert facts.VULNERABILITY_MODES[posture["vulnerabilityMode"]].supported
    assert posture["mode"] == "BASIC"  # GOV-01: the configuration audit stays on


def test_only_disabled_vulnerability_scanning_is_still_accepted() -> None:
    assert sorted(m for m, f in facts.VULNERABILITY_MODES.items() if f.supported) == ["VULNERABILITY_DISABLED"]
    assert facts.VULNERABILITY_MODES["VULNERABILITY_BASIC"].supported is False


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
