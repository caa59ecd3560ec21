"""AWS preflight checks, through boto3: what would make an EKS `up` fail, asked before it starts.

Credentials come from the standard chain (env, profile, SSO, instance role), as Pulumi's aws provider
finds them. Each check calls read-only APIs only. boto3 is imported inside the functions that run.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC
from functools import wraps
from typing import Any

from components.preflight import Check, Fail, Result, Skip, Target, is_kumo_cluster

STANDARD_FAMILIES = re.compile(r"^[acdhimrtz]")  # the families the two "Standard" vCPU quotas cover
QUOTAS = {  # spot -> (Service Quotas code, name)
    False: ("L-1216C47A", "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances"),
    True: ("L-34B43A08", "All Standard (A, C, D, H, I, M, R, T, Z) Spot Instance Requests"),
}
STANDARD_SUPPORT = "STANDARD_SUPPORT"  # DescribeClusterVersions' versionStatus of a minor in standard support
CREDENTIALS_FIX = "sign in: `aws sso login`, `aws configure`, or set AWS_PROFILE / AWS_ACCESS_KEY_ID"
_AUTH_CODES = {
    "InvalidClientTokenId",
    "SignatureDoesNotMatch",
    "ExpiredToken",
    "ExpiredTokenException",
    "UnrecognizedClientException",
    "InvalidAccessKeyId",
    "AuthFailure",
}
_DENIED_CODES = {"AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "Forbidden"}


@dataclass
class AwsContext:
    """What the AWS checks share: one boto3 session, clients by service, and facts found on the way."""

    target: Target
    session: Any
    clients: dict[str, Any] = field(default_factory=dict)
    zones: list[str] = field(default_factory=list)
    """The zones the cluster will use: the region's first `spec.network.zones` available AZs by name whose
    zone IDs EKS accepts for control-plane subnets (components/aws/zones.py)."""

    @property
    def region(self) -> str:
        return self.target.location

    def client(self, service: str) -> Any:
        if service not in self.clients:
            self.clients[service] = self.session.client(service, region_name=self.region)
        return self.clients[service]


def context(target: Target, *, session: Any = None, clients: dict[str, Any] | None = None) -> AwsContext:
    """The context for `target`'s checks; tests pass pre-built (for instance Stubber-wrapped) clients."""
    if session is None:
        import boto3

        session = boto3.Session()
    return AwsContext(target=target, session=session, clients=dict(clients or {}))


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
    region = config.get("aws:region")
    if not region:
        return "aws:region is not set"
    problem = region_problem(str(region))
    return f"aws:region = {problem}" if problem else None


def _aws_call(action: str) -> Callable[[Callable[[AwsContext], Result]], Callable[[AwsContext], Result]]:
    """Turn the errors that mean "cannot ask" into a skip that names what is missing."""

    def wrap(check: Callable[[AwsContext], Result]) -> Callable[[AwsContext], Result]:
        @wraps(check)
        def run(ctx: AwsContext) -> Result:
            from botocore.exceptions import (
                BotoCoreError,
                ClientError,
                EndpointConnectionError,
                NoCredentialsError,
                PartialCredentialsError,
                SSOError,
                TokenRetrievalError,
            )

            try:
                return check(ctx)
            except (NoCredentialsError, PartialCredentialsError, SSOError, TokenRetrievalError) as exc:
                raise Skip(
                    f"no usable AWS credentials ({exc})", fix=CREDENTIALS_FIX, prerequisite="AWS credentials"
                ) from None
            except EndpointConnectionError as exc:
                raise Skip(f"cannot reach AWS: {exc}") from None
            except ClientError as exc:
                code = exc.response.get("Error", {}).get("Code", "")
                if code in _DENIED_CODES:
                    raise Skip(
                        f"not allowed to call {action}",
                        fix=f"grant {action} to the identity kumo runs as",
                        prerequisite=f"IAM permission {action}",
                    ) from None
                raise
            except BotoCoreError:
                raise

        return run

    return wrap


# ---------------------------------------------------------------------------------------------------------
# The checks


def credentials(ctx: AwsContext) -> Result:
    from botocore.exceptions import ClientError

    try:
        me = _aws_call("sts:GetCallerIdentity")(lambda c: _identity(c))(ctx)
    except ClientError as exc:
        error = exc.response.get("Error", {})
        if error.get("Code") in _AUTH_CODES:
            return Result.failed(
                f"AWS rejected the credentials: {error.get('Message', error.get('Code'))}", CREDENTIALS_FIX
            )
        raise
    return me


def _identity(ctx: AwsContext) -> Result:
    me = ctx.client("sts").get_caller_identity()
    return Result.passed(f"account {me['Account']} as {me['Arn']}")


@_aws_call("ec2:DescribeRegions")
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


@_aws_call("ec2:DescribeAvailabilityZones")
def zones(ctx: AwsContext) -> Result:
    from components.aws.zones import eks_zones, unsupported

    # The same filter and choice as the layers (components/aws/deployment.py): regular zones, chosen by zone
    # ID, never one where EKS refuses control-plane subnets.
    found = ctx.client("ec2").describe_availability_zones(
        Filters=[
            {"Name": "state", "Values": ["available"]},
            {"Name": "opt-in-status", "Values": ["opt-in-not-required"]},  # not Local or Wavelength zones
        ]
    )["AvailabilityZones"]
    zone_ids = {z["ZoneName"]: z["ZoneId"] for z in found}
    wanted = ctx.target.spec.network.zones
    refused = unsupported(ctx.region, zone_ids)
    try:
        ctx.zones = eks_zones(ctx.region, zone_ids, wanted)
    except ValueError as exc:
        usable = len(zone_ids) - len(refused)
        return Result.failed(
            f"{ctx.region}: {exc}",
            f"set network.zones to {max(usable, 2)} or choose a region with {wanted} zones EKS accepts",
        )
    # Only the zones the choice passed over (a refused zone after the last one chosen changed nothing).
    skipped = "".join(
        f"; skipped {name} ({zone_id}: EKS refuses control-plane subnets there)"
        for name, zone_id in sorted(refused.items())
        if name < ctx.zones[-1]
    )
    return Result.passed(f"{len(zone_ids)} zones available; the cluster uses {', '.join(ctx.zones)}{skipped}")


def pool_instance_types(target: Target) -> dict[str, list[str]]:
    """Pool -> the instance types its node group may launch: the override alone, else the size's type, and
    for a spot pool the same-shape alternatives the AWS component adds (traits.SPOT_ALTERNATIVES)."""
    from components.aws import traits

    alternatives: dict[str, list[str]] = getattr(traits, "SPOT_ALTERNATIVES", {})
    chosen = target.machine_types()
    return {
        p.name: (
            [chosen[p.name]] if p.machine_types.aws or not p.spot else list(alternatives.get(p.size, [chosen[p.name]]))
        )
        for p in target.spec.node_pools
    }


@_aws_call("ec2:DescribeInstanceTypeOfferings")
def instance_types(ctx: AwsContext) -> Result:
    by_pool = pool_instance_types(ctx.target)
    types = sorted({t for kinds in by_pool.values() for t in kinds})
    offered: set[tuple[str, str]] = set()
    pages = (
        ctx.client("ec2")
        .get_paginator("describe_instance_type_offerings")
        .paginate(
            LocationType="availability-zone",
            Filters=[{"Name": "location", "Values": ctx.zones}, {"Name": "instance-type", "Values": types}],
        )
    )
    for page in pages:
        offered |= {(o["InstanceType"], o["Location"]) for o in page["InstanceTypeOfferings"]}
    # A spot pool needs one of its alternatives in each zone; a single-type pool needs that type in each.
    missing = [
        f"{pool} ({'|'.join(kinds)}) in {zone}"
        for pool, kinds in by_pool.items()
        for zone in ctx.zones
        if not any((kind, zone) in offered for kind in kinds)
    ]
    if missing:
        return Result.failed(
            f"not offered: {'; '.join(missing)}",
            "set node_pools[].machine_types.aws to a type of the same shape offered in "
            f"{', '.join(ctx.zones)}, or choose another region",
        )
    return Result.passed(f"{', '.join(types)} offered in {', '.join(ctx.zones)}")


def _quota(spot: bool) -> Callable[[AwsContext], Result]:
    code, quota_name = QUOTAS[spot]
    kind = "spot" if spot else "on-demand"

    @_aws_call("servicequotas:GetServiceQuota")
    def check(ctx: AwsContext) -> Result:
        pools = [p for p in ctx.target.spec.node_pools if p.spot == spot]
        types = ctx.target.machine_types()
        counted = [p for p in pools if STANDARD_FAMILIES.match(types[p.name])]
        other = [p.name for p in pools if p not in counted]
        needed = sum(p.max_nodes * p.vcpu for p in counted)
        note = f" ({', '.join(other)} use another family's quota, not checked)" if other else ""
        if not counted:
            return Result.passed(f"no {kind} pools of the standard families{note}")
        limit = _quota_value(ctx, code)
        if limit is None:
            raise Skip(f"Service Quotas has no value for {code} in {ctx.region}")
        if needed > limit:
            return Result.failed(
                f"{kind} pools need up to {needed} vCPUs at max_nodes; the quota {code} ({quota_name}) is "
                f"{limit:g}{note}",
                f"request an increase: `aws service-quotas request-service-quota-increase --service-code ec2 "
                f"--quota-code {code} --desired-value {needed} --region {ctx.region}`, or lower max_nodes",
            )
        return Result.passed(
            f"{kind} pools need up to {needed} vCPUs; quota {code} is {limit:g} (instances "
            f"already running count against it too){note}"
        )

    return check


def _quota_value(ctx: AwsContext, code: str) -> float | None:
    client = ctx.client("service-quotas")
    try:
        return float(client.get_service_quota(ServiceCode="ec2", QuotaCode=code)["Quota"]["Value"])
    except client.exceptions.NoSuchResourceException:
        pass  # no applied value yet: the default applies
    try:
        return float(client.get_aws_default_service_quota(ServiceCode="ec2", QuotaCode=code)["Quota"]["Value"])
    except client.exceptions.NoSuchResourceException:
        return None


@_aws_call("eks:DescribeCluster")
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


@_aws_call("eks:DescribeClusterVersions")
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
    from components.aws import facts

    fact = next((m for m in facts.KUBERNETES if m.minor == minor), None)
    if fact is None:
        return f" (not in kumo's table, components/aws/facts.py: add it from {facts.EKS_CALENDAR.url})"
    if live_end is not None and live_end != fact.end_of_standard.isoformat():
        return (
            f" (kumo's table says {fact.end_of_standard.isoformat()}: update components/aws/facts.py from "
            f"{facts.EKS_CALENDAR.url})"
        )
    return ""


@_aws_call("s3:ListBucket")
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
    Check("aws.quota.on_demand", "vCPU quota: On-Demand (L-1216C47A)", _quota(False), requires=("aws.region",)),
    Check("aws.quota.spot", "vCPU quota: Spot (L-34B43A08)", _quota(True), requires=("aws.region",)),
    Check("aws.cluster_name", "EKS cluster name free", cluster_name, requires=("aws.region",)),
    Check("aws.kubernetes_version", "Kubernetes version offered by EKS", kubernetes_version, requires=("aws.region",)),
    Check("aws.state_backend", "S3 state backend reachable", state_backend),
]
