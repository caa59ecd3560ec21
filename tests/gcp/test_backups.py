"""Scheduled Filestore backups of the shared store (components/gcp/backups.py): exact children, the workflow's
YAML parsed and asserted step by step, the retention arithmetic, ids, identities, options and mocks."""

from __future__ import annotations

import base64
import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest
import yaml

from components.gcp import layout, mocks, traits
from components.gcp.backups import CREATE, DELETE, LIST, workflow_source
from components.offline import MockContext
from components.records import Plan
from tests.gcp.helpers import PROJECT, REGION, parent_name

WORKFLOW = "gcp:workflows/workflow:Workflow"
JOB = "gcp:cloudscheduler/job:Job"
ROLE = "gcp:projects/iAMCustomRole:IAMCustomRole"
ACCOUNT = "gcp:serviceaccount/account:Account"
MEMBER = "gcp:projects/iAMMember:IAMMember"
ZONE = f"{REGION}-b"
INSTANCE = f"projects/{PROJECT}/locations/{ZONE}/instances/prod1-shared"
PARENT = f"projects/{PROJECT}/locations/{REGION}"  # backups of a zonal instance live in its REGION


def steps_of(plan: Plan) -> list[dict[str, Any]]:
    return yaml.safe_load(plan.one(WORKFLOW).inputs["sourceContents"])["main"]["steps"]


def step(steps: list[dict[str, Any]], name: str) -> Any:
    return next(s[name] for s in steps if name in s)


def test_component_tree_and_names(prod_plan: Plan) -> None:
    component = prod_plan.one("kumo:gcp:SharedBackups")
    assert (component.name, parent_name(prod_plan, component)) == ("prod1-shared-backup", "prod1-shared")
    children = sorted((r.type, r.name) for r in prod_plan.resources if r.parent == component.urn)
    assert children == sorted(
        [
            (ROLE, "prod1-shared-backup-role"),
            (ACCOUNT, "prod1-shared-backup-sa"),
            (ACCOUNT, "prod1-shared-backup-run-sa"),
            (MEMBER, "prod1-shared-backup-sa-files"),
            (MEMBER, "prod1-shared-backup-sa-logging-logwriter"),
            (MEMBER, "prod1-shared-backup-run-sa-workflows-invoker"),
            (WORKFLOW, "prod1-shared-backup-workflow"),
            (JOB, "prod1-shared-backup-schedule"),
        ]
    )


def test_workflow_steps_exactly(prod_plan: Plan) -> None:
    steps = steps_of(prod_plan)
    assert [next(iter(s)) for s in steps] == [
        "init",
        "create_backup",
        "list_backups",
        "expire_old_backups",
        "next_page",
        "done",
    ]
    assert step(steps, "init") == {
        "assign": [
            {"now": "${sys.now()}"},
            {"stamp": '${text.substring(text.replace_all_regex(time.format(now), "[^0-9]", ""), 0, 14)}'},
            {"backup_id": '${"prod1-shared-" + stamp}'},
            {"cutoff": "${now - 2592000}"},
            {"page_token": ""},
        ]
    }
    assert step(steps, "create_backup") == {
        "call": "googleapis.file.v1.projects.locations.backups.create",
        "args": {
            "parent": PARENT,
            "backupId": "${backup_id}",
            "body": {
                "sourceInstance": INSTANCE,
                "sourceFileShare": "kumo",
                "description": "kumo scheduled backup of prod1-shared/kumo (cluster prod1)",
                "labels": {"kumo-backup": "scheduled", "kumo-cluster": "prod1", "managed-by": "kumo"},
                # Encrypted with the store's own key, not Google's default.
                "kmsKey": f"projects/kumo-test/locations/{REGION}/keyRings/prod1-shared-keys/cryptoKeys/shared",
            },
            "connector_params": {"timeout": 21600},
        },
        "result": "created",
    }
    assert step(steps, "list_backups") == {
        "call": "googleapis.file.v1.projects.locations.backups.list",
        "args": {"parent": PARENT, "pageToken": "${page_token}"},
        "result": "page",
    }
    loop = step(steps, "expire_old_backups")["for"]
    assert (loop["value"], loop["in"]) == ("backup", '${default(map.get(page, "backups"), [])}')
    [branch] = step(loop["steps"], "check_age")["switch"]
    assert branch["condition"] == (
        '${text.match_regex(default(map.get(backup, "sourceInstance"), ""), '
        f'"^projects/[^/]+/locations/{ZONE}/instances/prod1-shared$") and '
        'map.get(backup, "sourceFileShare") == "kumo" and '
        'map.get(backup, ["labels", "kumo-backup"]) == "scheduled" and '
        "time.parse(backup.createTime) < cutoff}"
    )
    assert branch["steps"] == [
        {
            "delete_backup": {
                "call": "googleapis.file.v1.projects.locations.backups.delete",
                "args": {"name": "${backup.name}"},
            }
        }
    ]
    assert step(steps, "next_page") == {
        "switch": [
            {
                "condition": '${"nextPageToken" in page and page.nextPageToken != ""}',
                "assign": [{"page_token": "${page.nextPageToken}"}],
                "next": "list_backups",
            }
        ]
    }
    assert step(steps, "done") == {"return": "${backup_id}"}


def test_create_comes_before_any_delete(prod_plan: Plan) -> None:
    """Prune only after a new backup is READY: when the instance is gone the create fails and nothing is deleted."""
    text = prod_plan.one(WORKFLOW).inputs["sourceContents"]
    assert text.index(CREATE) < text.index(LIST) < text.index(DELETE)
    assert text.count(DELETE) == 1 and text.count(CREATE) == 1
    assert "try:" not in text and "except:" not in text  # a failed create must stop the execution


@pytest.mark.parametrize(("days", "seconds"), [(1, 86400), (7, 604800), (30, 2592000), (35, 3024000), (365, 31536000)])
def test_retention_arithmetic(days: int, seconds: int) -> None:
    source = workflow_source(
        project="p", zone="us-central1-a", instance="s", share="kumo", cluster="c", retain_days=days
    )
    init = step(yaml.safe_load(source)["main"]["steps"], "init")["assign"]
    assert {"cutoff": f"${{now - {seconds}}}"} in init
    assert f"kept {days} days" in source.splitlines()[0]


def test_retention_default_is_the_traits_constant() -> None:
    assert traits.FILESTORE_BACKUP_RETAIN_DAYS == 30
    source = workflow_source(project="p", zone="us-central1-a", instance="s", share="kumo", cluster="c")
    assert "${now - 2592000}" in source
    with pytest.raises(ValueError):
        workflow_source(project="p", zone="us-central1-a", instance="s", share="kumo", cluster="c", retain_days=0)


def _stamp(seconds: float) -> str:
    """What the workflow's stamp expression yields: the first 14 digits of time.format(seconds)."""
    formatted = datetime.fromtimestamp(seconds, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return re.sub("[^0-9]", "", formatted)[:14]


BACKUP_ID = re.compile(r"^[a-z][-a-z0-9]{0,62}$")


@pytest.mark.parametrize("instance", ["prod1-shared", "a" * 40 + "-shared", "x-" + "abcdefghij" * 4 + "-shared"])
def test_backup_ids_are_valid_filestore_ids(instance: str) -> None:
    prefix = layout.backup_id_prefix(instance)
    backup_id = f"{prefix}-{_stamp(1767229200.123456)}"
    assert backup_id.endswith("-20260101010000")
    assert BACKUP_ID.match(backup_id) and not backup_id.endswith("-") and len(backup_id) <= 63, backup_id
    assert prefix == instance if len(instance) <= 48 else len(prefix) == 48


def test_backup_id_prefixes_of_long_names_differ() -> None:
    a, b = ("c" * 40 + "-one-shared"), ("c" * 40 + "-two-shared")
    assert layout.backup_id_prefix(a) != layout.backup_id_prefix(b)


@pytest.mark.parametrize(
    ("zone", "region"),
    [("europe-west1-b", "europe-west1"), ("us-central1-f", "us-central1"), ("asia-southeast1-a", "asia-southeast1")],
)
def test_zone_region(zone: str, region: str) -> None:
    assert layout.zone_region(zone) == region


def test_zone_region_rejects_a_region() -> None:
    with pytest.raises(ValueError):
        layout.zone_region("europe-west1")


@pytest.mark.parametrize("name", ["prod1-shared-backup", "a" * 47 + "-backup"])
def test_custom_role_ids(name: str) -> None:
    role = layout.custom_role_id(name, "files")
    assert re.fullmatch(r"[a-zA-Z0-9_.]{3,64}", role), role


def test_workflow_resource(prod_plan: Plan) -> None:
    w = prod_plan.one(WORKFLOW)
    inputs = {k: v for k, v in w.inputs.items() if k != "sourceContents"}
    assert inputs == {
        "name": "prod1-shared-backup",
        "region": REGION,
        "description": "kumo: back up Filestore share kumo daily, keep 30 days",
        "serviceAccount": f"projects/{PROJECT}/serviceAccounts/prod1-shared-backup-wf@{PROJECT}.iam.gserviceaccount.com",
        "callLogLevel": "LOG_ERRORS_ONLY",
        "deletionProtection": True,
    }
    # The source is built from the instance's output: the workflow depends on exactly this instance.
    assert sorted(w.property_dependencies["sourceContents"]) == sorted(
        [
            prod_plan.one("gcp:filestore/instance:Instance").urn,
            prod_plan.one("gcp:kms/cryptoKey:CryptoKey", "prod1-shared-key").urn,
        ]
    )  # the backups' key
    grants = {
        prod_plan.one(MEMBER, n).urn
        for n in ("prod1-shared-backup-sa-files", "prod1-shared-backup-sa-logging-logwriter")
    }
    assert grants <= set(w.options["depends_on"])


def test_scheduler_job(prod_plan: Plan) -> None:
    job = prod_plan.one(JOB)
    target = job.inputs["httpTarget"]
    assert target["uri"] == (
        f"https://workflowexecutions.googleapis.com/v1/projects/{PROJECT}/locations/{REGION}/"
        "workflows/prod1-shared-backup/executions"
    )
    assert target["httpMethod"] == "POST" and target["headers"] == {"Content-Type": "application/json"}
    assert json.loads(base64.b64decode(target["body"])) == {"callLogLevel": "LOG_ERRORS_ONLY"}
    assert target["oauthToken"] == {
        "serviceAccountEmail": f"prod1-shared-backup-run@{PROJECT}.iam.gserviceaccount.com",
        "scope": "https://www.googleapis.com/auth/cloud-platform",
    }
    assert (job.inputs["schedule"], job.inputs["timeZone"], job.inputs["paused"]) == ("0 1 * * *", "Etc/UTC", False)
    assert job.inputs["region"] == REGION and job.inputs["attemptDeadline"] == "180s"
    assert job.inputs["retryConfig"] == {"retryCount": 3, "minBackoffDuration": "60s", "maxBackoffDuration": "900s"}
    assert prod_plan.one(WORKFLOW).urn in job.property_dependencies["httpTarget"]
    assert prod_plan.one(MEMBER, "prod1-shared-backup-run-sa-workflows-invoker").urn in job.options["depends_on"]


def test_identities_are_least_privilege(prod_plan: Plan) -> None:
    role = prod_plan.one(ROLE).inputs
    assert role["roleId"] == "kumo_prod1_shared_backup_files" and role["stage"] == "GA"
    assert role["permissions"] == [
        "file.backups.create",
        "file.backups.delete",
        "file.backups.get",
        "file.backups.list",
        "file.instances.get",
        "file.operations.get",
    ]
    workflow_sa = f"serviceAccount:prod1-shared-backup-wf@{PROJECT}.iam.gserviceaccount.com"
    runner_sa = f"serviceAccount:prod1-shared-backup-run@{PROJECT}.iam.gserviceaccount.com"
    members = {
        m.name: (m.inputs["role"], m.inputs["member"])
        for m in prod_plan.of_type(MEMBER)
        if m.name.startswith("prod1-shared-backup")
    }
    assert members == {
        "prod1-shared-backup-sa-files": (f"projects/{PROJECT}/roles/kumo_prod1_shared_backup_files", workflow_sa),
        "prod1-shared-backup-sa-logging-logwriter": ("roles/logging.logWriter", workflow_sa),
        "prod1-shared-backup-run-sa-workflows-invoker": ("roles/workflows.invoker", runner_sa),
    }
    # No predefined Filestore role (file.editor may delete and restore over instances) and no keys.
    assert not any(r.startswith("roles/file.") for r, _ in members.values())
    assert prod_plan.of_type("gcp:serviceaccount/key:Key") == []


@pytest.mark.parametrize(("fixture", "protect", "retain"), [("prod_plan", True, True), ("dev_plan", False, True)])
def test_backups_follow_the_stores_lifecycle(
    request: pytest.FixtureRequest, fixture: str, protect: bool, retain: bool
) -> None:
    """As long as the store is kept, its schedule is kept (and keeps running); both carry the same options."""
    plan: Plan = request.getfixturevalue(fixture)
    component = plan.one("kumo:gcp:SharedBackups")
    children = [r for r in plan.resources if r.parent == component.urn]
    assert len(children) == 8
    for r in children:
        assert (r.options["protect"], r.options["retain_on_delete"]) == (protect, retain), r.name
    assert plan.one(WORKFLOW).inputs["deletionProtection"] is protect


def test_retain_off_follows_the_store() -> None:
    from tests.gcp.conftest import plan_raw

    plan = plan_raw({"storage": {"shared": {"size_gb": 1024, "retain_on_delete": False}}}, "r1")
    component = plan.one("kumo:gcp:SharedBackups")
    assert {r.options["retain_on_delete"] for r in plan.resources if r.parent == component.urn} == {False}


def test_backups_never_depend_on_the_cluster(prod_plan: Plan) -> None:
    cluster = prod_plan.one("gcp:container/cluster:Cluster").urn
    component = prod_plan.one("kumo:gcp:SharedBackups")
    for r in [component, *(r for r in prod_plan.resources if r.parent == component.urn)]:
        assert cluster not in prod_plan.all_dependencies(r), r.name
        assert cluster not in {a.urn for a in prod_plan.ancestors(r)}, r.name
    assert prod_plan.one("gcp:filestore/instance:Instance").urn in prod_plan.all_dependencies(prod_plan.one(JOB))


def test_dev_workflow_backs_up_the_dev_instance(dev_plan: Plan) -> None:
    create = step(steps_of(dev_plan), "create_backup")["args"]
    assert create["parent"] == PARENT
    assert create["body"]["sourceInstance"] == f"projects/{PROJECT}/locations/{ZONE}/instances/dev1-shared"
    assert create["body"]["sourceFileShare"] == traits.FILESTORE_SHARE


CTX = MockContext(config={"gcp:project": "p1", "gcp:region": "us-central1"}, stack="s")


def test_mock_outputs() -> None:
    answer = mocks.new_resource(
        WORKFLOW, "w", {"name": "w1", "region": "us-central1", "sourceContents": "main: {}"}, CTX
    )
    assert answer is not None
    rid, out = answer
    assert rid == "projects/p1/locations/us-central1/workflows/w1"
    assert out["state"] == "ACTIVE" and re.fullmatch(r"000001-[0-9a-f]{3}", out["revisionId"])
    answer = mocks.new_resource(JOB, "j", {"name": "j1", "region": "us-central1", "paused": False}, CTX)
    assert answer is not None and answer[0] == "projects/p1/locations/us-central1/jobs/j1"
    assert answer[1]["state"] == "ENABLED"
    answer = mocks.new_resource(ROLE, "r", {"roleId": "kumo_x", "project": "p1"}, CTX)
    assert answer is not None and answer[0] == "projects/p1/roles/kumo_x" and answer[1]["name"] == answer[0]
    assert answer[1]["deleted"] is False
