"""DATA-03 on GCP: what counts as a scheduled backup of a Filestore instance that survives its deletion.

Two ways: (a) standard Filestore backups taken on a schedule (a Cloud Scheduler job starting a workflow that
calls backups.create for the instance's share and deletes expired backups; kumo's way, on every tier), or
(b) Backup and DR (a plan association of the instance; ZONAL/REGIONAL/ENTERPRISE tiers only). Both read the
offline engine's Resource records only; the workflow's YAML source is parsed and its calls inspected.
"""

from __future__ import annotations

from typing import Any

import yaml

from components.policy.inputs import get, is_true, show
from components.policy.model import Context
from components.records import Resource

BACKUPDR_FILESTORE_TIERS = frozenset({"ZONAL", "REGIONAL", "ENTERPRISE"})
"""Filestore tiers Backup and DR (Filestore "enhanced backups") protects; the basic tiers are not among them."""
BACKUPDR_ASSOCIATION = "gcp:backupdisasterrecovery/backupPlanAssociation:BackupPlanAssociation"
FILESTORE_RESOURCE_TYPE = "file.googleapis.com/Instance"
SCHEDULER_JOB = "gcp:cloudscheduler/job:Job"
WORKFLOW = "gcp:workflows/workflow:Workflow"
FILESTORE_BACKUP_CREATE = "googleapis.file.v1.projects.locations.backups.create"
FILESTORE_BACKUP_DELETE = "googleapis.file.v1.projects.locations.backups.delete"
WORKFLOW_EXECUTIONS = "https://workflowexecutions.googleapis.com/"


def _scheduled_rules(plan: Resource) -> list[str]:
    """The ids of a Backup and DR plan's rules that run on a schedule and keep what they take."""
    rules = get(plan.inputs, "backupRules") or []
    return [
        str(r.get("ruleId"))
        for r in rules
        if isinstance(r, dict)
        and get(r, "standardSchedule.recurrenceType")
        and (get(r, "backupRetentionDays") or 0) > 0
    ]


def filestore_protection(ctx: Context, inst: Resource) -> tuple[list[str], list[str]]:
    """(evidence, problems) of Backup-and-DR protection of one Filestore instance."""
    evidence: list[str] = []
    problems: list[str] = []
    for assoc in ctx.of(BACKUPDR_ASSOCIATION):
        if inst.urn not in assoc.property_dependencies.get("resource", []):
            continue
        if get(assoc.inputs, "resourceType") != FILESTORE_RESOURCE_TYPE:
            problems.append(f"association {assoc.name}: resourceType = {show(get(assoc.inputs, 'resourceType'))}")
            continue
        for plan in ctx.depends_on(assoc, "backupPlan"):
            scheduled = _scheduled_rules(plan)
            vaults = ctx.depends_on(plan, "backupVault")
            deletable = [
                v.name
                for v in vaults
                if is_true(get(v.inputs, "forceDelete")) or is_true(get(v.inputs, "ignoreInactiveDatasources"))
            ]
            if get(plan.inputs, "resourceType") != FILESTORE_RESOURCE_TYPE:
                problems.append(f"plan {plan.name}: resourceType = {show(get(plan.inputs, 'resourceType'))}")
            elif not scheduled:
                problems.append(f"plan {plan.name}: no backupRule with a standardSchedule and retention")
            elif not vaults:
                problems.append(f"plan {plan.name}: its backupVault is not in the plan")
            elif deletable:
                problems.append(
                    f"vault {', '.join(deletable)}: forceDelete/ignoreInactiveDatasources deletes "
                    "backups with the vault"
                )
            else:
                evidence.append(
                    f"Backup and DR association {assoc.name} -> plan {plan.name} (rules "
                    f"{', '.join(scheduled)}) -> vault {vaults[0].name}"
                )
    return evidence, problems


def _workflow_calls(node: Any) -> list[dict[str, Any]]:
    """Every step body with a `call` in a parsed Workflows source, nested steps, switches and loops included."""
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if isinstance(node.get("call"), str):
            found.append(node)
        for value in node.values():
            found.extend(_workflow_calls(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(_workflow_calls(item))
    return found


def _backup_jobs(ctx: Context, workflow: Resource) -> tuple[list[str], list[str]]:
    """(evidence, problems) of the Cloud Scheduler jobs that start executions of `workflow`."""
    evidence: list[str] = []
    problems: list[str] = []
    for job in ctx.of(SCHEDULER_JOB):
        if workflow.urn not in job.property_dependencies.get("httpTarget", []):
            continue
        uri, schedule = str(get(job.inputs, "httpTarget.uri") or ""), get(job.inputs, "schedule")
        if not (uri.startswith(WORKFLOW_EXECUTIONS) and uri.endswith("/executions")):
            problems.append(f"job {job.name}: httpTarget.uri = {show(uri or None)} does not start an execution")
        elif not schedule:
            problems.append(f"job {job.name}: schedule = {show(schedule)}")
        elif is_true(get(job.inputs, "paused")):
            problems.append(f"job {job.name}: paused = True")
        else:
            evidence.append(f"Cloud Scheduler job {job.name} ({schedule})")
    if not evidence and not problems:
        problems.append(f"workflow {workflow.name}: no Cloud Scheduler job runs it")
    return evidence, problems


def scheduled_filestore_backups(ctx: Context, inst: Resource) -> tuple[list[str], list[str], list[str]]:
    """(evidence, problems, notes) of scheduled standard Filestore backups of one instance: a scheduled job that
    starts a workflow whose source backs up this instance's share and deletes expired backups. `notes` are
    workflows backing up something else (named in a failure, never a failure themselves)."""
    evidence: list[str] = []
    problems: list[str] = []
    notes: list[str] = []
    name, zone = get(inst.inputs, "name"), str(get(inst.inputs, "location") or "")
    shares: Any = get(inst.inputs, "fileShares")  # one share on basic tiers: a mapping (or a list of one)
    first: Any = shares[0] if isinstance(shares, list) and shares else shares
    share = first.get("name") if isinstance(first, dict) else None
    suffix, region = f"/locations/{zone}/instances/{name}", zone.rpartition("-")[0]
    for workflow in ctx.of(WORKFLOW):
        try:
            source = yaml.safe_load(str(get(workflow.inputs, "sourceContents") or ""))
        except yaml.YAMLError:
            problems.append(f"workflow {workflow.name}: sourceContents is not valid YAML")
            continue
        creates = [c for c in _workflow_calls(source) if c.get("call") == FILESTORE_BACKUP_CREATE]
        mine = [
            c
            for c in creates
            if str(get(c, "args.body.sourceInstance") or "").endswith(suffix)
            and get(c, "args.body.sourceFileShare") == share
        ]
        if not mine:
            if creates:
                notes.append(
                    f"workflow {workflow.name} backs up {[get(c, 'args.body.sourceInstance') for c in creates]}"
                    f" share {[get(c, 'args.body.sourceFileShare') for c in creates]}, not {name}/{share}"
                )
            continue
        parents = [str(get(c, "args.parent") or "") for c in mine]
        deletes = [c for c in _workflow_calls(source) if c.get("call") == FILESTORE_BACKUP_DELETE]
        jobs, job_problems = _backup_jobs(ctx, workflow)
        if not all(p.startswith("projects/") and p.endswith(f"/locations/{region}") for p in parents):
            problems.append(
                f"workflow {workflow.name}: backups.create parent {parents} is not the instance's region {region}"
            )
        elif not deletes:
            problems.append(
                f"workflow {workflow.name}: no retention step ({FILESTORE_BACKUP_DELETE} of expired backups)"
            )
        elif job_problems:
            problems.extend(job_problems)
        else:
            evidence.append(
                f"{', '.join(jobs)} -> workflow {workflow.name}: backups.create of {name}/{share}, "
                "expired backups deleted"
            )
    return evidence, problems, notes
