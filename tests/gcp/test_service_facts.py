"""components/gcp/service_facts.py against what the program plans: the share's root and NFS exports, the service
agents and the keys they use, GKE's vulnerability modes, each asserted on the planned resources.
"""

from __future__ import annotations

import ipaddress
import re

import pytest

from components.gcp import service_facts
from components.records import Plan
from tests.gcp.helpers import PROJECT_NUMBER

FILESTORE = "gcp:filestore/instance:Instance"
CLUSTER = "gcp:container/cluster:Cluster"
GRANT = "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember"
IDENTITY = "gcp:projects/serviceIdentity:ServiceIdentity"
MEMBER = "gcp:projects/iAMMember:IAMMember"


# --- NFS exports and the share's owner ----------------------------------------------------------------------


def test_root_of_a_new_share_is_roots_and_only_the_admin_range_is_unsquashed(shared_plan: Plan) -> None:
    """A new share is root:root 755: some client must be unsquashed root to hand it over. Exactly one range is,
    and it is a subnetwork only the owner job uses (test_storage.py checks the job's command)."""
    assert service_facts.SHARE_ROOT_OWNER == (0, 0, 0o755)
    exports = shared_plan.one(FILESTORE).inputs["fileShares"]["nfsExportOptions"]
    unsquashed = [r for e in exports if e["squashMode"] == "NO_ROOT_SQUASH" for r in e["ipRanges"]]
    subnets = {s.inputs["ipCidrRange"]: s.name for s in shared_plan.of_type("gcp:compute/subnetwork:Subnetwork")}
    assert [subnets.get(r, r) for r in unsquashed] == [f"{shared_plan.one(FILESTORE).inputs['name']}-nfs-admin"]
    assert sum(len(e["ipRanges"]) for e in exports) <= service_facts.NFS_EXPORT_RANGES_MAX


def test_admin_subnetwork_is_large_enough_for_direct_vpc_egress(shared_plan: Plan) -> None:
    store = shared_plan.one(FILESTORE).inputs["name"]
    subnet = shared_plan.one("gcp:compute/subnetwork:Subnetwork", f"{store}-nfs-admin").inputs
    assert ipaddress.ip_network(subnet["ipCidrRange"]).prefixlen <= service_facts.DIRECT_VPC_MAX_PREFIX


def test_owner_job_gives_the_app_what_squashed_root_cannot_take(shared_plan: Plan) -> None:
    """The app's uid/gid own the root with no access for others: root in a pod, squashed to SQUASHED_ROOT_ID, is
    'other' and gets nothing; nothing is world-writable."""
    job = shared_plan.one("gcp:cloudrunv2/job:Job")
    script = job.inputs["template"]["template"]["containers"][0]["args"][1]
    match = re.search(r"; chown (\d+):(\d+) (\S+); chmod ([0-7]{4}) \3; ls -ldn \3$", script)
    assert match is not None
    uid, gid, mode = int(match[1]), int(match[2]), int(match[4], 8)
    pod = shared_plan.one("kubernetes:apps/v1:Deployment").inputs["spec"]["template"]["spec"]["securityContext"]
    assert (uid, gid) == (pod["runAsUser"], pod["fsGroup"]) == (10101, 10101)
    assert (uid, gid) != (service_facts.SQUASHED_ROOT_ID, service_facts.SQUASHED_ROOT_ID)
    assert mode & 0o007 == 0  # others: nothing (squashed root included); never world-writable
    assert mode & 0o770 == 0o770 and mode & 0o2000  # owner and group rwx; setgid keeps the group


# --- Service agents and the keys they use -------------------------------------------------------------------


def _email(agent: str) -> str:
    return service_facts.SERVICE_AGENTS[agent].email.format(number=PROJECT_NUMBER)


@pytest.mark.parametrize("use", service_facts.KEY_USERS, ids=lambda u: f"{u.key}-{u.agent}")
def test_every_key_user_holds_its_grant_and_it_waits_for_the_agent(prod_plan: Plan, use: service_facts.KeyUser) -> None:
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
    agent = service_facts.SERVICE_AGENTS[use.agent]
    deps = prod_plan.all_dependencies(grant)
    if agent.primary:  # created first: the grant's member is the identity's own output
        identity = prod_plan.one(IDENTITY, f"prod1-agent-{use.agent}")
        assert identity.urn in grant.property_dependencies["member"]
    else:  # exists once its API is on
        assert prod_plan.one("gcp:projects/service:Service", f"prod1-api-{agent.api.split('.')[0]}").urn in deps


def test_no_grant_names_an_agent_the_facts_do_not_list(prod_plan: Plan) -> None:
    known = {f"serviceAccount:{_email(a)}" for a in service_facts.SERVICE_AGENTS}
    assert {g.inputs["member"] for g in prod_plan.of_type(GRANT)} <= known


@pytest.mark.parametrize("agent", [a for a, f in service_facts.SERVICE_AGENTS.items() if f.primary])
def test_primary_agents_are_created_with_their_project_role_and_kept(prod_plan: Plan, agent: str) -> None:
    fact = service_facts.SERVICE_AGENTS[agent]
    identity = prod_plan.one(IDENTITY, f"prod1-agent-{agent}")
    assert identity.inputs["service"] == fact.api
    role = prod_plan.one(MEMBER, f"prod1-agent-{agent}-role")
    assert (role.inputs["role"], role.inputs["member"]) == (fact.role, f"serviceAccount:{_email(agent)}")
    # Project-wide, and the binding Google makes itself: never revoked when one stack goes.
    assert (role.options["retain_on_delete"], role.options["protect"]) == (True, True)
    assert identity.urn in role.property_dependencies["member"]


def test_compute_agent_is_not_created_on_request(prod_plan: Plan) -> None:
    assert service_facts.SERVICE_AGENTS["compute"].primary is False
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
        # The backup plan's own key (DATA-07) is used through the GKE agent: tests/gcp/test_backup_key.py.
        f"serviceAccount:service-{PROJECT_NUMBER}@container-engine-robot.iam.gserviceaccount.com",
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
    assert service_facts.VULNERABILITY_MODES[posture["vulnerabilityMode"]].supported
    assert posture["mode"] == "BASIC"  # GOV-01: the configuration audit stays on


def test_only_disabled_vulnerability_scanning_is_still_accepted() -> None:
    assert sorted(m for m, f in service_facts.VULNERABILITY_MODES.items() if f.supported) == ["VULNERABILITY_DISABLED"]
    assert service_facts.VULNERABILITY_MODES["VULNERABILITY_BASIC"].supported is False
