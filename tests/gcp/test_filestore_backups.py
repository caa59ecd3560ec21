"""Scheduled Filestore backups of the shared store (components/gcp/filestore_backups.py): exact children, the
workflow and scheduler resources, identities, options and mocks (the workflow's own steps:
test_filestore_backup_workflow.py)."""

from __future__ import annotations

import base64
import json
import re

import pytest

from components.gcp import mocks
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
