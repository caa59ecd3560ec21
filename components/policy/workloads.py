"""GOV-05: the workloads kumo deploys (the reference app) run an image pinned by digest, as a uid >= 10000.

Both read the Kubernetes objects of the in-cluster layer, so the rule is the same on every cloud. checkov's
CKV_K8S_43 (ImageDigest) fails a container whose image has no "@" digest; CKV_K8S_40 (RootContainersHighUID)
fails a pod whose runAsUser, at pod level or overridden by a container, is below 10000. kumo asks a little more
of both: the digest must be a sha256 one (components/spec/workload.py, DIGEST_RE), and an unset runAsUser fails,
since the image's own USER would then decide.
"""

from __future__ import annotations

from typing import Any

from components.clouds import CLOUDS
from components.policy.inputs import get, show
from components.policy.model import Context, Finding, NotApplicable, rule
from components.records import Resource
from components.spec.workload import APP_IMAGE, APP_UID, pinned

WORKLOADS = (
    "kubernetes:apps/v1:Deployment",
    "kubernetes:apps/v1:StatefulSet",
    "kubernetes:apps/v1:DaemonSet",
)
"""Workload objects whose pod template is at spec.template.spec."""
HIGH_UID = 10000
"""The lowest uid CKV_K8S_40 accepts: below it a container's user may be one of the node's."""
GOV_05_NOTE = (
    "every container of every Deployment, StatefulSet and DaemonSet kumo plans (the reference app): image "
    "NAME[:TAG]@sha256:<64 hex digits>; runAsUser (the container's, else the pod's) set and >= 10000"
)

GOV_05 = rule(
    "GOV-05",
    "Workloads kumo deploys run an image pinned by digest, as a uid >= 10000",
    severity="medium",
    checkov=("CKV_K8S_43", "CKV_K8S_40"),
    notes=dict.fromkeys(CLOUDS, GOV_05_NOTE),
)


def _uid(value: Any) -> int | None:
    """A runAsUser as the plan records it (a number, possibly a float), or None when unset or not a number."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        return int(float(value))
    except ValueError:
        return None


def _containers(pod: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(path, container) for every container and init container of a pod spec."""
    return [
        (f"{key}[{i}]", container)
        for key in ("initContainers", "containers")
        for i, container in enumerate(get(pod, key, []) or [])
    ]


def _check(ctx: Context, workload: Resource) -> list[Finding]:
    kind = workload.type.rsplit(":", 1)[-1]
    what = f"{kind} {get(workload.inputs, 'metadata.name') or workload.name}"
    pod = get(workload.inputs, "spec.template.spec") or {}
    pod_uid = get(pod, "securityContext.runAsUser")
    containers = _containers(pod)
    if not containers:
        return [ctx.bad(workload, f"{what}: no containers in spec.template.spec", "give the pod its containers")]
    out: list[Finding] = []
    for path, container in containers:
        image = container.get("image")
        own_uid = get(container, "securityContext.runAsUser")
        uid = _uid(own_uid if own_uid is not None else pod_uid)
        where = "securityContext.runAsUser" if own_uid is not None else "the pod's securityContext.runAsUser"
        name = f"{what} {path} {container.get('name')}"
        problems = []
        if not isinstance(image, str) or not pinned(image):
            problems.append(
                (
                    f"image = {show(image)} is not pinned by digest (CKV_K8S_43)",
                    f"pin the image by digest: NAME[:TAG]@sha256:<64 hex digits>, e.g. {APP_IMAGE}",
                )
            )
        if uid is None or uid < HIGH_UID:
            value = own_uid if own_uid is not None else pod_uid
            why = "the image's own USER decides the uid" if uid is None else f"runs as a uid below {HIGH_UID}"
            problems.append(
                (
                    f"{where} = {show(value)}: {why} (CKV_K8S_40)",
                    f"run as a uid >= {HIGH_UID} the image supports (kumo's app: runAsUser {APP_UID})",
                )
            )
        if problems:
            out.append(
                ctx.bad(
                    workload,
                    f"{name}: " + "; ".join(found for found, _ in problems),
                    "; ".join(fix for _, fix in problems),
                )
            )
        else:
            out.append(ctx.ok(workload, f"{name}: image pinned by digest, runAsUser {uid}"))
    return out


@GOV_05.on(*CLOUDS)
def _gov05(ctx: Context) -> list[Finding]:
    workloads = ctx.of(*WORKLOADS)
    if not workloads:
        if ctx.spec is not None and ctx.spec.app.enabled:
            return [ctx.missing("Deployment of the reference app", "the spec enables the app: deploy it")]
        raise NotApplicable("the stack deploys no workload (app.enabled is false)")
    return [f for workload in workloads for f in _check(ctx, workload)]
