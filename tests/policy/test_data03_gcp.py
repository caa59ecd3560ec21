"""DATA-03 on GCP: a scheduled Backup and DR association, or scheduled Filestore backups, and nothing less."""

from __future__ import annotations

import pytest

from components.records import Resource
from tests.policy.fixtures import plan
from tests.policy.mutations import DROP, Mutation, drop, put, status

BPA = "backupdisasterrecovery/backupPlanAssociation:BackupPlanAssociation"
BDR_PLAN = "backupdisasterrecovery/backupPlan:BackupPlan"


def test_data03_gcp_passes_on_a_scheduled_backup_and_dr_association_of_the_instance() -> None:
    result = status(plan("gcp"), "gcp", "DATA-03")
    assert result.status == "pass"
    found = {f.name: f.found for f in result.findings}
    assert found == {
        "filestore": "Backup and DR association filestore-bpa -> plan filestore-plan (rules daily) -> vault vault",
        "gke-backup": "Backup for GKE: cluster objects and Persistent Disk volumes, scheduled (not the Filestore share)",
    }


@pytest.mark.parametrize(
    "mutate, problem",
    [
        (
            put("filestore/instance:Instance", "tier", "BASIC_HDD"),
            "tier = 'BASIC_HDD': Backup and DR does not protect basic-tier Filestore",
        ),
        (
            put("filestore/instance:Instance", "tier", "BASIC_SSD"),
            "tier = 'BASIC_SSD': Backup and DR does not protect basic-tier Filestore",
        ),
        (drop(BPA), "no Backup and DR plan association of the instance"),
        (put(BDR_PLAN, "backupRules", []), "plan filestore-plan: no backupRule with a standardSchedule and retention"),
        (
            put(BDR_PLAN, "backupRules.0.standardSchedule", DROP),
            "plan filestore-plan: no backupRule with a standardSchedule",
        ),
        (put(BDR_PLAN, "resourceType", "compute.googleapis.com/Disk"), "plan filestore-plan: resourceType = "),
        (put("backupdisasterrecovery/backupVault:BackupVault", "forceDelete", True), "vault vault: forceDelete"),
        (
            lambda rs: next(r for r in rs if r.type.endswith(BPA)).property_dependencies.update({"resource": []}),
            "no Backup and DR plan association of the instance",
        ),
    ],
)
def test_data03_gcp_fails_without_real_protection_of_the_share(mutate: Mutation, problem: str) -> None:
    resources = plan("gcp")
    mutate(resources)
    result = status(resources, "gcp", "DATA-03")
    assert result.status == "fail"
    assert [f.name for f in result.failures] == ["filestore"]
    assert problem in result.failures[0].found


def test_data03_gcp_backup_for_gke_or_a_one_off_backup_never_counts_for_the_share() -> None:
    """Backup for GKE skips Filestore volumes; a single filestore Backup is not a schedule (the old false pass)."""
    resources = plan("gcp")
    drop(BPA)(resources)
    inst = next(r for r in resources if r.type.endswith("filestore/instance:Instance"))
    put("filestore/instance:Instance", "tier", "BASIC_HDD")(resources)
    resources.append(
        Resource(
            urn="urn:pulumi:gcp::kumo::gcp:filestore/backup:Backup::once",
            id="once",
            type="gcp:filestore/backup:Backup",
            name="once",
            parent=None,
            custom=True,
            provider=None,
            inputs={},
            secret_paths=[],
            property_dependencies={"sourceInstance": [inst.urn]},
            options={},
        )
    )
    result = status(resources, "gcp", "DATA-03")
    assert result.status == "fail"
    assert [f.name for f in result.failures] == ["filestore"]
    assert "filestore Backup once is a single backup, not a schedule" in result.failures[0].found
    assert [f.name for f in result.findings if f.passed] == ["gke-backup"]  # reported apart, never for the share


def test_data03_gcp_an_unscheduled_backup_for_gke_plan_is_its_own_failure() -> None:
    resources = plan("gcp")
    put("gkebackup/backupPlan:BackupPlan", "backupSchedule", DROP)(resources)
    result = status(resources, "gcp", "DATA-03")
    assert [f.name for f in result.failures] == ["gke-backup"]


WORKFLOW = "workflows/workflow:Workflow"
JOB = "cloudscheduler/job:Job"


def _edit_source(old: str, new: str) -> Mutation:
    """Replace text in the backup workflow's YAML source (asserting it was there)."""

    def mutate(resources: list[Resource]) -> None:
        w = next(r for r in resources if r.type.endswith(WORKFLOW))
        assert old in w.inputs["sourceContents"], old
        w.inputs["sourceContents"] = w.inputs["sourceContents"].replace(old, new)

    return mutate


def test_data03_gcp_passes_on_scheduled_filestore_backups_of_a_basic_instance() -> None:
    """kumo's GCP shape: BASIC_HDD, no Backup and DR, a daily job running a create-then-expire workflow."""
    result = status(plan("gcp-scheduled"), "gcp", "DATA-03")
    assert result.status == "pass"
    assert {f.name: f.found for f in result.findings} == {
        "filestore": "Cloud Scheduler job backup-schedule (0 1 * * *) -> workflow backup-workflow: backups.create of "
        "t1-shared/kumo, expired backups deleted",
        "gke-backup": "Backup for GKE: cluster objects and Persistent Disk volumes, scheduled (not the Filestore share)",
    }


@pytest.mark.parametrize(
    "mutate, problem",
    [
        (put(JOB, "schedule", DROP), "job backup-schedule: schedule = (absent)"),
        (put(JOB, "schedule", ""), "job backup-schedule: schedule = ''"),
        (put(JOB, "paused", True), "job backup-schedule: paused = True"),
        (put(JOB, "httpTarget.uri", "https://example.com/hook"), "job backup-schedule: httpTarget.uri = "),
        (drop(JOB), "workflow backup-workflow: no Cloud Scheduler job runs it"),
        (
            lambda rs: next(r for r in rs if r.type.endswith(JOB)).property_dependencies.update({"httpTarget": []}),
            "workflow backup-workflow: no Cloud Scheduler job runs it",
        ),
        # The workflow backs up another instance, or another share: it is no backup of this one.
        (
            _edit_source("instances/t1-shared, sourceFileShare", "instances/other-shared, sourceFileShare"),
            "workflow backup-workflow backs up ['projects/p/locations/us-central1-a/instances/other-shared'] share "
            "['kumo'], not t1-shared/kumo",
        ),
        (
            _edit_source(
                "us-central1-a/instances/t1-shared, sourceFileShare",
                "us-central1-b/instances/t1-shared, sourceFileShare",
            ),
            "nothing schedules Filestore backups of it",
        ),
        (_edit_source("sourceFileShare: kumo", "sourceFileShare: other"), "share ['other'], not t1-shared/kumo"),
        # No retention: backups pile up forever (and nothing proves they are kept for a known time).
        (
            _edit_source("googleapis.file.v1.projects.locations.backups.delete", "sys.log"),
            "workflow backup-workflow: no retention step (googleapis.file.v1.projects.locations.backups.delete",
        ),
        (
            _edit_source(
                "parent: projects/p/locations/us-central1\n        backupId",
                "parent: projects/p/locations/europe-west1\n        backupId",
            ),
            "workflow backup-workflow: backups.create parent ['projects/p/locations/europe-west1'] is not the instance's "
            "region us-central1",
        ),
        (
            _edit_source(
                "googleapis.file.v1.projects.locations.backups.create",
                "googleapis.file.v1.projects.locations.backups.get",
            ),
            "nothing schedules Filestore backups of it",
        ),
        (
            put(WORKFLOW, "sourceContents", "main: [unclosed"),
            "workflow backup-workflow: sourceContents is not valid YAML",
        ),
        (
            drop(WORKFLOW),
            "tier = 'BASIC_HDD': Backup and DR does not protect basic-tier Filestore, and nothing schedules",
        ),
    ],
)
def test_data03_gcp_scheduled_backups_fail_unless_scheduled_of_this_share_and_expiring(
    mutate: Mutation, problem: str
) -> None:
    resources = plan("gcp-scheduled")
    mutate(resources)
    result = status(resources, "gcp", "DATA-03")
    assert result.status == "fail"
    assert [f.name for f in result.failures] == ["filestore"]
    assert problem in result.failures[0].found, result.failures[0].found


def test_data03_gcp_a_backup_and_dr_association_of_a_basic_instance_fails_even_with_a_schedule() -> None:
    """Backup and DR would reject the association of a basic instance: a plan holding one is wrong as planned."""
    resources = plan("gcp")
    put("filestore/instance:Instance", "tier", "BASIC_HDD")(resources)
    resources += [r for r in plan("gcp-scheduled") if r.type.endswith((WORKFLOW, JOB))]
    result = status(resources, "gcp", "DATA-03")
    assert result.status == "fail"
    assert result.failures[0].found.startswith(
        "tier = 'BASIC_HDD': Backup and DR does not protect basic-tier Filestore (its association would be rejected)"
    )


def test_data03_gcp_either_path_passes_alone_and_together() -> None:
    both = plan("gcp") + [r for r in plan("gcp-scheduled") if r.type.endswith((WORKFLOW, JOB))]
    result = status(both, "gcp", "DATA-03")
    assert result.status == "pass"
    found = next(f.found for f in result.findings if f.name == "filestore")
    assert (
        found.startswith("Cloud Scheduler job backup-schedule") and "Backup and DR association filestore-bpa" in found
    )
