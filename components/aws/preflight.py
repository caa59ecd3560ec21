"""AWS preflight checks, through boto3: what would make an EKS `up` fail, asked before it starts.

Each check calls read-only APIs only, through one session (preflight_session.py: credentials from the
standard chain, boto3 imported inside the functions that run). The checks of capacity (zones, instance types,
vCPU quotas) are preflight_capacity.py's; this module has the account's, the cluster name's, the Kubernetes
version's and the state backend's, and the registry's module API (CHECKS, context, location_problem).
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from components.aws import facts
from components.aws.preflight_capacity import instance_types, quota, zones
from components.aws.preflight_session import AUTH_CODES, CREDENTIALS_FIX, AwsContext, aws_call, context
from components.preflight import Check, Fail, Result, Skip, is_kumo_cluster

__all__ = ["CHECKS", "context", "instance_types", "location_problem", "region_problem", "zones"]

STANDARD_SUPPORT = "STANDARD_SUPPORT"  # DescribeClusterVersions' versionStatus of a minor in standard support


def known_regions() -> set[str]:
    """Every region the installed botocore knows, in every partition (answered offline)."""
    import boto3

    session = boto3.Session()
    return {r for p in session.get_available_partitions() for r in session.get_available_regions("ec2", p)}


def region_problem(region: str) -> str | None:
    """Why `region` is not an AWS region known to the installed botocore (with the nearest one), else None."""
    regions = known_regions()
    if region in regions:
        return None
    import difflib

    # A swapped pair of letters (us-esat-1) is the usual typo: prefer a region with the same letters.
    same_letters = [r for r in sorted(regions) if sorted(r) == sorted(region)]
    near = same_letters[:1] or difflib.get_close_matches(region, sorted(regions), n=1)
    return f"{region!r} is not an AWS region" + (
        f"; did you mean {near[0]}?" if near else " known to this botocore (upgrade boto3 if the region is new)"
    )


def location_problem(config: dict[str, Any]) -> str | None:
    """What is wrong with the stack's location keys before any cloud is asked (bad input), else None."""
    key = facts.LOCATION.region_key
    region = config.get(key)
    if not region:
        return f"{key} is not set"
    problem = region_problem(str(region))
    return f"{key} = {problem}" if problem else None


def credentials(ctx: AwsContext) -> Result:
    from botocore.exceptions import ClientError

    try:
        me = aws_call("sts:GetCallerIdentity")(lambda c: _identity(c))(ctx)
    except ClientError as exc:
        error = exc.response.get("Error", {})
        if error.get("Code") in AUTH_CODES:
            return Result.failed(
                f"AWS rejected the credentials: {error.get('Message', error.get('Code'))}", CREDENTIALS_FIX
            )
        raise
    return me


def _identity(ctx: AwsContext) -> Result:
    me = ctx.client("sts").get_caller_identity()
    return Result.passed(f"account {me['Account']} as {me['Arn']}")


@aws_call("ec2:DescribeRegions")
def region(ctx: AwsContext) -> Result:
    regions = {
        r["RegionName"]: r.get("OptInStatus", "opt-in-not-required")
        for r in ctx.client("ec2").describe_regions(AllRegions=True)["Regions"]
    }
    status = regions.get(ctx.region)
    if status is None:
        return Result.failed(
            f"{ctx.region} is not a region of this account's partition",
            f"set aws:region to one of {', '.join(sorted(regions))}",
        )
    if status == "not-opted-in":
        return Result.failed(
            f"{ctx.region} is an opt-in region that this account has not enabled",
            f"enable it: `aws account enable-region --region-name {ctx.region}` (takes minutes to "
            "hours), or choose another aws:region",
        )
    if status != "opt-in-not-required" and status != "opted-in":
        return Result.failed(
            f"{ctx.region} is not usable yet (opt-in status {status})",
            "wait until the region is enabled, or choose another aws:region",
        )
    return Result.passed(f"{ctx.region} is enabled ({status})")


@aws_call("eks:DescribeCluster")
def cluster_name(ctx: AwsContext) -> Result:
    eks = ctx.client("eks")
    name = ctx.target.spec.name
    try:
        found = eks.describe_cluster(name=name)["cluster"]
    except eks.exceptions.ResourceNotFoundException:
        return Result.passed(f"no EKS cluster named {name} in {ctx.region}")
    if is_kumo_cluster(found.get("tags"), name):
        return Result.passed(f"{name} exists and carries kumo's tags: `up` updates it")
    return Result.failed(
        f"an EKS cluster named {name} already exists in {ctx.region} (status "
        f"{found.get('status')}) and kumo did not create it",
        "set kumo:cluster.name to a free name, or choose another region",
    )


@aws_call("eks:DescribeClusterVersions")
def kubernetes_version(ctx: AwsContext) -> Result:
    """The spec's minor must be in EKS standard support now: kumo plans the STANDARD upgrade policy, which a
    minor in extended support contradicts. The live dates are compared with components/aws/facts.py."""
    import botocore

    wanted = ctx.target.spec.kubernetes_version
    eks = ctx.client("eks")
    if not hasattr(eks, "describe_cluster_versions"):
        raise Skip(
            f"botocore {botocore.__version__} has no eks:DescribeClusterVersions",
            fix="upgrade boto3/botocore (the API appeared in late 2024)",
        )
    versions: dict[str, dict[str, Any]] = {}
    for page in eks.get_paginator("describe_cluster_versions").paginate(clusterType="eks"):
        versions.update({v["clusterVersion"]: v for v in page["clusterVersions"]})
    standard = sorted(
        (v for v, d in versions.items() if d.get("versionStatus") == STANDARD_SUPPORT),
        key=lambda v: tuple(int(x) for x in v.split(".")),
    )
    fix = f"set kubernetes_version to one of {', '.join(standard) or '(none: EKS lists no minor in standard support)'}"
    if wanted is None:
        default = next((v for v, d in versions.items() if d.get("defaultVersion")), "EKS's default")
        return Result.passed(f"no version pinned: EKS creates {default}")
    info = versions.get(wanted)
    support = (info or {}).get("versionStatus", "UNSUPPORTED")
    if support == "EXTENDED_SUPPORT":
        return Result.failed(
            f"EKS offers Kubernetes {wanted} only in extended support (extra hourly charge) until "
            f"{_day(info, 'endOfExtendedSupportDate') or '?'}: kumo plans standard support",
            fix,
        )
    if support != STANDARD_SUPPORT:
        return Result.failed(f"EKS does not offer Kubernetes {wanted} in {ctx.region}", fix)
    end = _day(info, "endOfStandardSupportDate")
    return Result.passed(
        f"{wanted} is offered in standard support" + (f" until {end}" if end else "") + _table_note(wanted, end)
    )


def _day(info: dict[str, Any] | None, key: str) -> str | None:
    """A DescribeClusterVersions date as YYYY-MM-DD in UTC (the calendar's time zone), or None."""
    from datetime import datetime

    value = (info or {}).get(key)
    if isinstance(value, datetime):
        return (value.astimezone(UTC) if value.tzinfo else value).date().isoformat()
    return str(value)[:10] if value else None


def _table_note(minor: str, live_end: str | None) -> str:
    """Where kumo's facts table disagrees with EKS about a minor's end of standard support, say so."""
    fact = next((m for m in facts.KUBERNETES if m.minor == minor), None)
    if fact is None:
        return f" (not in kumo's table, components/aws/facts.py: add it from {facts.EKS_CALENDAR.url})"
    if live_end is not None and live_end != fact.end_of_standard.isoformat():
        return (
            f" (kumo's table says {fact.end_of_standard.isoformat()}: update components/aws/facts.py from "
            f"{facts.EKS_CALENDAR.url})"
        )
    return ""


@aws_call("s3:ListBucket")
def state_backend(ctx: AwsContext) -> Result:
    url = ctx.target.backend_url
    if not url or not url.startswith("s3://"):
        return Result.skipped(f"not applicable: the state backend is {url or 'not set (the local default)'}")
    bucket = url[len("s3://") :].split("?", 1)[0].split("/", 1)[0]
    s3 = ctx.client("s3")
    from botocore.exceptions import ClientError

    try:
        s3.head_bucket(Bucket=bucket)
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "")
        if code in ("404", "NoSuchBucket"):
            raise Fail(
                f"state bucket {bucket} does not exist",
                f"create it: `kumo backend create s3://{bucket} --region {ctx.region}`",
            ) from None
        if code in ("403", "AccessDenied"):
            raise Fail(
                f"state bucket {bucket} exists but this identity may not use it",
                "grant s3:ListBucket, s3:GetObject and s3:PutObject on it, or use another bucket",
            ) from None
        raise
    return Result.passed(f"state bucket {bucket} is reachable")


CHECKS: list[Check] = [
    Check("aws.credentials", "credentials (STS caller identity)", credentials),
    Check("aws.region", "region enabled", region, requires=("aws.credentials",)),
    Check("aws.zones", "availability zones", zones, requires=("aws.region",)),
    Check("aws.instance_types", "instance types offered in every zone", instance_types, requires=("aws.zones",)),
    Check("aws.quota.on_demand", "vCPU quota: On-Demand (L-1216C47A)", quota(False), requires=("aws.region",)),
    Check("aws.quota.spot", "vCPU quota: Spot (L-34B43A08)", quota(True), requires=("aws.region",)),
    Check("aws.cluster_name", "EKS cluster name free", cluster_name, requires=("aws.region",)),
    Check("aws.kubernetes_version", "Kubernetes version offered by EKS", kubernetes_version, requires=("aws.region",)),
    Check("aws.state_backend", "S3 state backend reachable", state_backend),
]
