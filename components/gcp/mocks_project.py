"""Mock answers for project-level resources: APIs, service agents, service accounts and IAM, Cloud KMS, the log
bucket and sink, and the shared store's backup workflow, schedule and owner job (components/gcp/mocks.py
dispatches)."""

from __future__ import annotations

from typing import Any

from components.gcp import service_facts
from components.gcp.mocks_ids import PROJECT_NUMBER, digest, project_id, region_of


def project_service(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    project = project_id(ctx, out)
    return f"{project}/{out.get('service')}", {**out, "project": project}


def service_identity(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    """generateServiceIdentity answers the API's primary agent (service_facts.SERVICE_AGENTS)."""
    project = project_id(ctx, out)
    agent = next(a for a in service_facts.SERVICE_AGENTS.values() if a.api == out.get("service"))
    email = agent.email.format(number=PROJECT_NUMBER)
    return f"projects/{project}/services/{out.get('service')}", {
        **out,
        "project": project,
        "email": email,
        "member": f"serviceAccount:{email}",
    }


def service_account(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    project = project_id(ctx, out)
    email = f"{out.get('accountId')}@{project}.iam.gserviceaccount.com"
    rid = f"projects/{project}/serviceAccounts/{email}"
    return rid, {
        **out,
        "email": email,
        "name": rid,
        "member": f"serviceAccount:{email}",
        "project": project,
        "uniqueId": str(int(digest(email)[:20], 16))[:21],
    }


def project_member(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    rid = f"{out.get('project')}/{out.get('role')}/{out.get('member')}"
    return rid, {**out, "etag": "BwY" + digest(rid)[:9]}


def custom_role(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    project = project_id(ctx, out)
    rid = f"projects/{project}/roles/{out.get('roleId')}"
    return rid, {**out, "project": project, "name": rid, "deleted": False, "stage": out.get("stage", "GA")}


def key_ring(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    ring = out.get("name") or f"{name}-{digest(ctx.stack + name)[:7]}"  # Pulumi's auto-name suffix
    rid = f"projects/{project_id(ctx, out)}/locations/{out.get('location')}/keyRings/{ring}"
    return rid, {**out, "name": ring, "project": project_id(ctx, out)}


def crypto_key(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    rid = f"{out.get('keyRing')}/cryptoKeys/{out.get('name', name)}"
    return rid, {
        **out,
        "name": out.get("name", name),
        "primaries": [{"name": f"{rid}/cryptoKeyVersions/1", "state": "ENABLED"}],
    }


def key_member(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    rid = f"{out.get('cryptoKeyId')}/{out.get('role')}/{out.get('member')}"
    return rid, {**out, "etag": "BwY" + digest(rid)[:9]}


def log_bucket(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    rid = f"projects/{project_id(ctx, out)}/locations/{out.get('location')}/buckets/{out.get('bucketId')}"
    return rid, {**out, "name": rid, "lifecycleState": "ACTIVE", "locked": out.get("locked", False)}


def log_sink(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    project = project_id(ctx, out)
    sink = out.get("name", name)
    # unique_writer_identity: the project's Logging service agent, shared by its sinks.
    writer = f"serviceAccount:service-{PROJECT_NUMBER}@gcp-sa-logging.iam.gserviceaccount.com"
    return f"projects/{project}/sinks/{sink}", {
        **out,
        "name": sink,
        "project": project,
        "writerIdentity": writer,
        "exclusions": out.get("exclusions") or [],
    }


def workflow(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    project, region = project_id(ctx, out), region_of(ctx, out)
    workflow_name = out.get("name") or f"{name}-{digest(ctx.stack + name)[:7]}"
    rid = f"projects/{project}/locations/{region}/workflows/{workflow_name}"
    labels = dict(out.get("labels") or {})
    return rid, {
        **out,
        "name": workflow_name,
        "project": project,
        "region": region,
        "state": "ACTIVE",
        "revisionId": f"000001-{digest(rid + str(out.get('sourceContents')))[:3]}",
        "createTime": "2026-01-01T00:00:00.000000Z",
        "updateTime": "2026-01-01T00:00:00.000000Z",
        "effectiveLabels": labels,
        "pulumiLabels": labels,
    }


def scheduler_job(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    project, region = project_id(ctx, out), region_of(ctx, out)
    job = out.get("name") or f"{name}-{digest(ctx.stack + name)[:7]}"
    rid = f"projects/{project}/locations/{region}/jobs/{job}"
    return rid, {
        **out,
        "name": job,
        "project": project,
        "region": region,
        "state": "PAUSED" if out.get("paused") else "ENABLED",
    }


def run_job(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    project, location = project_id(ctx, out), out.get("location") or region_of(ctx, out)
    job = out.get("name") or f"{name}-{digest(ctx.stack + name)[:7]}"
    rid = f"projects/{project}/locations/{location}/jobs/{job}"
    d = digest(rid)
    execution = f"{job}-{out['runExecutionToken']}" if out.get("runExecutionToken") else None
    return rid, {
        **out,
        "name": job,
        "project": project,
        "location": location,
        "etag": d[:16],
        "uid": f"{d[:8]}-{d[8:12]}-{d[12:16]}-{d[16:20]}-{d[20:32]}",
        "generation": "1",
        "executionCount": 1 if execution else 0,
        "reconciling": False,
        "latestCreatedExecution": (
            {"name": f"{rid}/executions/{execution}", "completionTime": "2026-01-01T00:01:00Z"} if execution else None
        ),
        "terminalCondition": {"type": "Ready", "state": "CONDITION_SUCCEEDED"},
    }


def binauthz_policy(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    """The project's one Binary Authorization policy (its id is the project's)."""
    project = project_id(ctx, out)
    return f"projects/{project}", {**out, "project": project}


def audit_config(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    """A project's audit config for one service (import id: `<project> <service>`)."""
    project = project_id(ctx, out)
    rid = f"{project} {out.get('service')}"
    return rid, {**out, "project": project, "etag": "BwY" + digest(rid)[:9]}
