"""Google Cloud preflight checks, through the `gcloud` CLI's JSON output: what would make a GKE `up` fail.

Why the CLI and not the Python client libraries: the same questions span compute, container and storage
clients (google-cloud-compute alone is a large generated package), while `gcloud` is what GKE users
already have, installs the kubeconfig auth plugin kumo needs, and answers each question with one command
and `--format=json`. Every command runs with `--project` from the stack's `gcp:project` (gcloud.py: the
checks' context, and which gcloud failures are skips).
"""

from __future__ import annotations

import re
from typing import Any

from components.gcp.gcloud import LOGIN_FIX, NOT_FOUND_HINTS, GcpContext, basename, gcloud_call
from components.preflight import (
    Check,
    CommandError,
    CommandRunner,
    Fail,
    Result,
    Skip,
    Target,
    is_kumo_cluster,
    subprocess_runner,
)

_REGION = re.compile(r"^[a-z]+-[a-z]+\d+$")


def context(target: Target, *, runner: CommandRunner | None = None) -> GcpContext:
    """The context for `target`'s checks; tests pass a runner replaying recorded `gcloud` output."""
    return GcpContext(target=target, run=runner or subprocess_runner())


# ---------------------------------------------------------------------------------------------------------
# The checks


@gcloud_call("resourcemanager.projects.get")
def credentials(ctx: GcpContext) -> Result:
    account = ctx.gcloud("config", "get-value", "account", project=False)
    if not account:
        raise Skip("gcloud has no active account", fix=LOGIN_FIX, prerequisite="gcloud login")
    if not ctx.project:
        return Result.failed("the stack sets no gcp:project", "add gcp:project to the stack file")
    return Result.passed(f"{account}, project {ctx.project}")


@gcloud_call("compute.regions.get")
def region(ctx: GcpContext) -> Result:
    try:
        info = ctx.gcloud("compute", "regions", "describe", ctx.region) or {}
    except CommandError as exc:
        if any(hint in exc.stderr for hint in NOT_FOUND_HINTS):
            return Result.failed(
                f"{ctx.region} is not a Compute Engine region of project {ctx.project}",
                "set gcp:region to a region from `gcloud compute regions list`",
            )
        raise
    ctx.region_info = info
    if info.get("status") != "UP":
        return Result.failed(f"{ctx.region} is {info.get('status')}", "choose another gcp:region")
    return Result.passed(f"{ctx.region} is UP")


@gcloud_call("compute.zones.list")
def zones(ctx: GcpContext) -> Result:
    listed = ctx.gcloud("compute", "zones", "list", f"--filter=region:{ctx.region}") or []
    up = sorted(z["name"] for z in listed if basename(z.get("region", "")) == ctx.region and z.get("status") == "UP")
    wanted = ctx.target.spec.network.zones
    if len(up) < wanted:
        return Result.failed(
            f"{ctx.region} has {len(up)} zone(s) UP ({', '.join(up) or 'none'}); network.zones asks for {wanted}",
            f"set network.zones to {max(len(up), 2)} or choose another region",
        )
    ctx.zones = up[:wanted]  # the GKE component picks the same: zones UP, in name order
    return Result.passed(f"{len(up)} zones UP; the cluster uses {', '.join(ctx.zones)}")


@gcloud_call("compute.machineTypes.list")
def machine_types(ctx: GcpContext) -> Result:
    by_pool = ctx.target.machine_types
    types = sorted(set(by_pool.values()))
    listed = (
        ctx.gcloud(
            "compute", "machine-types", "list", f"--filter=zone:({' '.join(ctx.zones)}) AND name:({' '.join(types)})"
        )
        or []
    )
    offered = {(m["name"], basename(m.get("zone", ""))) for m in listed}
    missing = [
        f"{pool} ({kind}) in {zone}"
        for pool, kind in by_pool.items()
        for zone in ctx.zones
        if (kind, zone) not in offered
    ]
    if missing:
        return Result.failed(
            f"not offered: {'; '.join(missing)}",
            "set node_pools[].machine_types.gcp to a type of the same shape offered in "
            f"{', '.join(ctx.zones)}, or choose another region",
        )
    return Result.passed(f"{', '.join(types)} offered in {', '.join(ctx.zones)}")


def _cpu_metric(machine: str, quotas: dict[str, dict[str, Any]]) -> str:
    """The regional quota a machine type's vCPUs count against: N2_CPUS for n2-*, CPUS for e2/n1."""
    family = f"{machine.split('-', 1)[0].upper()}_CPUS"
    return family if family in quotas else "CPUS"


@gcloud_call("compute.regions.get")
def quota(ctx: GcpContext) -> Result:
    quotas = {q["metric"]: q for q in ctx.region_info.get("quotas", [])}
    if not quotas:
        raise Skip(f"`gcloud compute regions describe {ctx.region}` listed no quotas")
    types = ctx.target.machine_types
    preemptible = float(quotas.get("PREEMPTIBLE_CPUS", {}).get("limit", 0)) > 0
    needs: dict[str, int] = {}
    for pool in ctx.target.spec.node_pools:
        # Spot VMs use the PREEMPTIBLE_CPUS quota when the project has one, else the regular CPU quota.
        metric = "PREEMPTIBLE_CPUS" if pool.spot and preemptible else _cpu_metric(types[pool.name], quotas)
        needs[metric] = needs.get(metric, 0) + pool.max_nodes * pool.vcpu
    short, shown = [], []
    for metric, need in sorted(needs.items()):
        q = quotas[metric]
        free = float(q["limit"]) - float(q.get("usage", 0))
        shown.append(f"{metric} {need}/{free:g} free")
        if need > free:
            short.append(
                f"{metric}: pools need up to {need}, {free:g} free ({float(q.get('usage', 0)):g} of "
                f"{float(q['limit']):g} used)"
            )
    if short:
        return Result.failed(
            "; ".join(short),
            f"request an increase (console: IAM & Admin > Quotas, region {ctx.region}), or lower max_nodes",
        )
    return Result.passed("; ".join(shown))


@gcloud_call("container.clusters.get")
def cluster_name(ctx: GcpContext) -> Result:
    name = ctx.target.spec.name
    try:
        found = ctx.gcloud("container", "clusters", "describe", name, f"--region={ctx.region}") or {}
    except CommandError as exc:
        if any(hint in exc.stderr for hint in NOT_FOUND_HINTS):
            return Result.passed(f"no GKE cluster named {name} in {ctx.region}")
        raise
    if is_kumo_cluster(found.get("resourceLabels"), name):
        return Result.passed(f"{name} exists and carries kumo's labels: `up` updates it")
    return Result.failed(
        f"a GKE cluster named {name} already exists in {ctx.region} (status "
        f"{found.get('status')}) and kumo did not create it",
        "set kumo:cluster.name to a free name, or choose another region",
    )


def _minor_key(minor: str) -> tuple[int, ...]:
    return tuple(int(x) for x in minor.split("."))


@gcloud_call("container.clusters.list")
def kubernetes_version(ctx: GcpContext) -> Result:
    """The spec's minor must be offered by its release channel in its region (`get-server-config`); standard
    support itself is checked offline against components/gcp/facts.py. A minor the channel offers that the
    fact table does not list is named, so the table is updated."""
    from components.gcp import facts

    wanted = ctx.target.spec.kubernetes_version
    channel = ctx.target.spec.gcp.release_channel
    config = ctx.gcloud("container", "get-server-config", f"--region={ctx.region}") or {}
    found = next((c for c in config.get("channels", []) if c.get("channel") == channel), None)
    if found is None:
        raise Skip(f"get-server-config lists no {channel} channel")
    minors = sorted({".".join(v.split(".")[:2]) for v in found.get("validVersions", [])}, key=_minor_key)
    known = {m.minor for m in facts.KUBERNETES}
    unknown = [m for m in minors if m not in known]
    stale = (
        f"; components/gcp/facts.py does not list {', '.join(unknown)}: add it to KUBERNETES with its dates "
        f"({facts.GKE_SCHEDULE.url})"
        if unknown
        else ""
    )
    if wanted is None:
        return Result.passed(f"no version pinned: the {channel} channel creates {found.get('defaultVersion')}{stale}")
    if wanted not in minors:
        return Result.failed(
            f"the {channel} channel does not offer Kubernetes {wanted} in {ctx.region}",
            f"set kubernetes_version to one of {', '.join(minors)}, or gcp.release_channel to a channel that offers it",
        )
    return Result.passed(f"{wanted} is offered in the {channel} channel{stale}")


@gcloud_call("storage.buckets.get")
def state_backend(ctx: GcpContext) -> Result:
    url = ctx.target.backend_url
    if not url or not url.startswith("gs://"):
        return Result.skipped(f"not applicable: the state backend is {url or 'not set (the local default)'}")
    bucket = url[len("gs://") :].split("?", 1)[0].split("/", 1)[0]
    try:
        ctx.gcloud("storage", "buckets", "describe", f"gs://{bucket}")
    except CommandError as exc:
        if any(hint in exc.stderr for hint in NOT_FOUND_HINTS):
            raise Fail(
                f"state bucket gs://{bucket} does not exist",
                f"create it: `gcloud storage buckets create gs://{bucket} --location={ctx.region} "
                "--uniform-bucket-level-access --public-access-prevention`",
            ) from None
        raise
    return Result.passed(f"state bucket gs://{bucket} is reachable")


CHECKS: list[Check] = [
    Check("gcp.credentials", "credentials (gcloud account, project)", credentials),
    Check("gcp.region", "region UP", region, requires=("gcp.credentials",)),
    Check("gcp.zones", "zones", zones, requires=("gcp.region",)),
    Check("gcp.machine_types", "machine types offered in every zone", machine_types, requires=("gcp.zones",)),
    Check("gcp.quota", "regional vCPU quotas", quota, requires=("gcp.region",)),
    Check("gcp.cluster_name", "GKE cluster name free", cluster_name, requires=("gcp.region",)),
    Check(
        "gcp.kubernetes_version",
        "Kubernetes version offered by the release channel",
        kubernetes_version,
        requires=("gcp.region",),
    ),
    Check("gcp.state_backend", "GCS state backend reachable", state_backend),
]


def location_problem(config: dict[str, Any]) -> str | None:
    """What is wrong with the stack's location keys before any cloud is asked (bad input), else None."""
    region = config.get("gcp:region")
    if not region:
        return "gcp:region is not set"
    if not _REGION.match(str(region)):
        return f"gcp:region = {region!r} is not a Google Cloud region name (such as us-central1)"
    if not config.get("gcp:project"):
        return "gcp:project is not set"
    return None
