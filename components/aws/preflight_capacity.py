"""AWS preflight checks of capacity: the zones the cluster uses, the instance types offered in each, and the
vCPU quotas the node pools need at max_nodes."""

from __future__ import annotations

import re
from collections.abc import Callable

from components.aws import traits
from components.aws.preflight_session import AwsContext, aws_call
from components.aws.zones import eks_zones, unsupported
from components.preflight import Result, Skip, Target

STANDARD_FAMILIES = re.compile(r"^[acdhimrtz]")  # the families the two "Standard" vCPU quotas cover
QUOTAS = {  # spot -> (Service Quotas code, name)
    False: ("L-1216C47A", "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances"),
    True: ("L-34B43A08", "All Standard (A, C, D, H, I, M, R, T, Z) Spot Instance Requests"),
}


@aws_call("ec2:DescribeAvailabilityZones")
def zones(ctx: AwsContext) -> Result:
    # The same filter and choice as the layers (network.region_zones, available_zones): regular zones, chosen
    # by zone ID, never one where EKS refuses control-plane subnets.
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
    alternatives = traits.SPOT_ALTERNATIVES
    chosen = target.machine_types
    return {
        p.name: (
            [chosen[p.name]] if p.machine_types.aws or not p.spot else list(alternatives.get(p.size, [chosen[p.name]]))
        )
        for p in target.spec.node_pools
    }


@aws_call("ec2:DescribeInstanceTypeOfferings")
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


def quota(spot: bool) -> Callable[[AwsContext], Result]:
    """The check of the vCPU quota the spot (or on-demand) pools count against, at their max_nodes."""
    code, quota_name = QUOTAS[spot]
    kind = "spot" if spot else "on-demand"

    @aws_call("servicequotas:GetServiceQuota")
    def check(ctx: AwsContext) -> Result:
        pools = [p for p in ctx.target.spec.node_pools if p.spot == spot]
        types = ctx.target.machine_types
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
