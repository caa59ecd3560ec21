"""API endpoint rules NET-01 and NET-02: who can reach the API server."""

from __future__ import annotations

from typing import Any

from components.policy.inputs import get, is_false, is_true, open_cidrs, show
from components.policy.model import Context, Finding, rule
from components.records import Resource

NET_01 = rule(
    "NET-01",
    "Private API endpoint; public endpoint off by default",
    severity="high",
    cis=("EKS 5.4.2", "AKS 5.4.2", "GKE 5.6.4"),
    checkov=("CKV_AWS_39", "CKV_AZURE_115", "CKV_GCP_25"),
    avd=("AVD-AWS-0040", "AVD-AZU-0065", "AVD-GCP-0059"),
    notes={
        "aws": "aws:eks/cluster:Cluster vpcConfig.endpointPrivateAccess = true, endpointPublicAccess = false",
        "azure": "ManagedCluster apiServerAccessProfile.enablePrivateCluster = true, "
        "enablePrivateClusterPublicFQDN = false",
        "gcp": "gcp:container/cluster:Cluster privateClusterConfig.enablePrivateEndpoint = true",
    },
)


@NET_01.on("aws")
def _net01_aws(ctx: Context) -> list[Finding]:
    out = []
    for c in ctx.clusters():
        out += [
            ctx.expect(c, "vpcConfig.endpointPrivateAccess", True),
            ctx.expect(c, "vpcConfig.endpointPublicAccess", False),
        ]
    return out


@NET_01.on("azure")
def _net01_azure(ctx: Context) -> list[Finding]:
    out = []
    for c in ctx.clusters():
        out += [
            ctx.expect(c, "apiServerAccessProfile.enablePrivateCluster", True),
            ctx.expect(c, "apiServerAccessProfile.enablePrivateClusterPublicFQDN", False),
        ]
    return out


@NET_01.on("gcp")
def _net01_gcp(ctx: Context) -> list[Finding]:
    return [ctx.expect(c, "privateClusterConfig.enablePrivateEndpoint", True) for c in ctx.clusters()]


NET_02 = rule(
    "NET-02",
    "A public API endpoint has an explicit allow-list, never 0.0.0.0/0 or ::/0",
    severity="high",
    cis=("EKS 5.4.1", "AKS 5.4.1", "GKE 5.6.3"),
    checkov=("CKV_AWS_38", "CKV_AZURE_6", "CKV_GCP_18", "CKV_GCP_20"),
    avd=("AVD-AWS-0041", "AVD-AZU-0041", "AVD-GCP-0053", "AVD-GCP-0061"),
    notes={
        "aws": "with endpointPublicAccess = true: vpcConfig.publicAccessCidrs non-empty (<= 40), none open",
        "azure": "without a private cluster: apiServerAccessProfile.authorizedIPRanges non-empty (<= 200), none "
        "open; a private cluster passes (AKS rejects authorized ranges on private clusters)",
        "gcp": "masterAuthorizedNetworksConfig.gcpPublicCidrsAccessEnabled = false always; with a public "
        "endpoint cidrBlocks non-empty (<= 50), none open",
    },
)


def _allow_list(ctx: Context, c: Resource, path: str, cidrs: list[Any], limit: int, fix: str) -> Finding:
    if not cidrs:
        return ctx.bad(c, f"{path} = {show(cidrs or None)} with a public endpoint", fix)
    wide = open_cidrs(cidrs)
    if wide:
        return ctx.bad(c, f"{path} opens the endpoint to {', '.join(wide)}", "list only the ranges that need access")
    if len(cidrs) > limit:
        return ctx.bad(c, f"{path} has {len(cidrs)} entries (limit {limit})", f"list at most {limit} ranges")
    return ctx.ok(c, f"{path} = {show(cidrs)}")


@NET_02.on("aws")
def _net02_aws(ctx: Context) -> list[Finding]:
    out = []
    for c in ctx.clusters():
        public = get(c.inputs, "vpcConfig.endpointPublicAccess")
        if is_false(public):
            out.append(ctx.ok(c, "vpcConfig.endpointPublicAccess = False (no public endpoint)"))
        else:  # absent means public on EKS
            out.append(
                _allow_list(
                    ctx,
                    c,
                    "vpcConfig.publicAccessCidrs",
                    get(c.inputs, "vpcConfig.publicAccessCidrs", []),
                    40,
                    "set vpcConfig.publicAccessCidrs to the api.authorized_cidrs",
                )
            )
    return out


@NET_02.on("azure")
def _net02_azure(ctx: Context) -> list[Finding]:
    out = []
    for c in ctx.clusters():
        if is_true(get(c.inputs, "apiServerAccessProfile.enablePrivateCluster")):
            out.append(ctx.ok(c, "apiServerAccessProfile.enablePrivateCluster = True (no public endpoint)"))
        else:
            path = "apiServerAccessProfile.authorizedIPRanges"
            out.append(
                _allow_list(ctx, c, path, get(c.inputs, path, []), 200, f"set {path} to the api.authorized_cidrs")
            )
    return out


@NET_02.on("gcp")
def _net02_gcp(ctx: Context) -> list[Finding]:
    out = []
    for c in ctx.clusters():
        out.append(ctx.expect(c, "masterAuthorizedNetworksConfig.gcpPublicCidrsAccessEnabled", False))
        if not is_true(get(c.inputs, "privateClusterConfig.enablePrivateEndpoint")):
            blocks = get(c.inputs, "masterAuthorizedNetworksConfig.cidrBlocks", [])
            out.append(
                _allow_list(
                    ctx,
                    c,
                    "masterAuthorizedNetworksConfig.cidrBlocks",
                    [b.get("cidrBlock") for b in blocks],
                    50,
                    "set masterAuthorizedNetworksConfig.cidrBlocks to the api.authorized_cidrs",
                )
            )
    return out
