"""Version rule NODE-05: a Kubernetes minor in standard support on the day; nodes no newer than the control plane."""

from __future__ import annotations

import re
from typing import Any

from components.facts import supported_minors
from components.policy.inputs import get, show
from components.policy.model import Context, Finding, rule
from components.policy.resources import AWS_NODE_GROUP, GKE_POOL, aks_pools
from components.records import Resource

NODE_05 = rule(
    "NODE-05",
    "Supported Kubernetes version; nodes no newer than the control plane",
    severity="medium",
    notes={
        "aws": "cluster version a minor in EKS standard support on the day of the check "
        "(components/aws/facts.py); node group version (if set) <= it. CKV_AWS_339 is not cited: it compares "
        "the version with a list fixed in checkov's source (1.29 to 1.35 on 2026-12-02), which fails the "
        "default stacks' 1.36",
        "azure": "kubernetesVersion a minor in AKS standard support on the day (components/azure/facts.py); "
        "every pool orchestratorVersion <= it",
        "gcp": "minMasterVersion a minor in GKE standard support on the day (components/gcp/facts.py; a release "
        "channel then manages it); node pool version <= it",
    },
)


def _minor(version: Any) -> tuple[int, int] | None:
    match = re.match(r"^(\d+)\.(\d+)", str(version or ""))
    return (int(match.group(1)), int(match.group(2))) if match else None


def _versions(ctx: Context, path: str, pools: list[tuple[Resource, str, Any]]) -> list[Finding]:
    """Each cluster's version (the input at `path`) is in standard support on the day, and no node pool
    (resource, input path, version; None follows the control plane) is newer."""
    out = []
    for c in ctx.clusters():
        version = get(c.inputs, path)
        minor = _minor(version)
        found = f"{path} = {show(version)}"
        in_support = supported_minors(ctx.cloud, ctx.today)
        supported = minor is not None and f"{minor[0]}.{minor[1]}" in in_support
        out.append(
            ctx.ok(c, found)
            if supported
            else ctx.bad(
                c,
                found,
                f"pin kubernetes_version to one of {', '.join(in_support)} (in standard "
                f"support on {ctx.cloud} on {ctx.today.isoformat()})",
            )
        )
        for pool, pool_path, pool_version in pools:
            if pool_version is None:
                continue  # nodes follow the control plane
            pv = _minor(pool_version)
            if minor is None or pv is None or pv > minor:
                out.append(
                    ctx.bad(
                        pool,
                        f"{pool_path} = {show(pool_version)} vs control plane {show(version)}",
                        "keep node versions at or below the control plane's",
                    )
                )
    return out


@NODE_05.on("aws")
def _node05_aws(ctx: Context) -> list[Finding]:
    return _versions(ctx, "version", [(g, "version", get(g.inputs, "version")) for g in ctx.of(AWS_NODE_GROUP)])


@NODE_05.on("azure")
def _node05_azure(ctx: Context) -> list[Finding]:
    pools = [(r, f"{p}orchestratorVersion", get(s, "orchestratorVersion")) for r, p, s in aks_pools(ctx)]
    return _versions(ctx, "kubernetesVersion", pools)


@NODE_05.on("gcp")
def _node05_gcp(ctx: Context) -> list[Finding]:
    return _versions(ctx, "minMasterVersion", [(p, "version", get(p.inputs, "version")) for p in ctx.of(GKE_POOL)])
