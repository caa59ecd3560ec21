"""Access rules IAM-04 and IAM-05: no static or local credentials; humans through the cloud's identities."""

from __future__ import annotations

from components.policy.inputs import get, show
from components.policy.model import Context, Finding, NotApplicable, rule

IAM_04 = rule(
    "IAM-04",
    "No static or local credentials; no legacy authorization",
    severity="high",
    cis=("AKS 5.5.x", "GKE 5.8.1", "GKE 5.8.3"),
    checkov=("CKV_AZURE_141", "CKV_AZURE_5", "CKV_GCP_7", "CKV_GCP_13"),
    avd=("AVD-AZU-0042", "AVD-GCP-0062", "AVD-GCP-0064"),
    notes={
        "aws": "accessConfig.authenticationMode = API, bootstrapClusterCreatorAdminPermissions = false",
        "azure": "disableLocalAccounts = true, enableRBAC = true",
        "gcp": "masterAuth.clientCertificateConfig.issueClientCertificate = false, enableLegacyAbac = false",
    },
)


@IAM_04.on("aws")
def _iam04_aws(ctx: Context) -> list[Finding]:
    out = []
    for c in ctx.clusters():
        out += [
            ctx.expect(c, "accessConfig.authenticationMode", "API"),
            ctx.expect(c, "accessConfig.bootstrapClusterCreatorAdminPermissions", False),
        ]
    return out


@IAM_04.on("azure")
def _iam04_azure(ctx: Context) -> list[Finding]:
    out = []
    for c in ctx.clusters():
        out += [ctx.expect(c, "disableLocalAccounts", True), ctx.expect(c, "enableRBAC", True)]
    return out


@IAM_04.on("gcp")
def _iam04_gcp(ctx: Context) -> list[Finding]:
    out = []
    for c in ctx.clusters():
        out += [
            ctx.expect(c, "masterAuth.clientCertificateConfig.issueClientCertificate", False),
            ctx.expect(c, "enableLegacyAbac", False),
        ]
    return out


IAM_05 = rule(
    "IAM-05",
    "Human access through the cloud identity provider's groups and roles",
    severity="medium",
    cis=("EKS 5.5.1", "AKS 5.5.1", "AKS 5.5.2", "GKE 5.8.2"),
    notes={
        "aws": "access entries (authenticationMode API); every spec aws.admin_role_arns has an "
        "aws:eks/accessEntry:AccessEntry",
        "azure": "aadProfile.managed = true, aadProfile.enableAzureRBAC = true, adminGroupObjectIDs = "
        "spec azure.admin_group_object_ids",
        "gcp": "with spec gcp.security_group: authenticatorGroupsConfig.securityGroup equal to it; "
        "without one, n/a: Google Groups for RBAC needs a gke-security-groups@DOMAIN group of the organization's "
        "Google Workspace or Cloud Identity domain, which kumo cannot default, and access is Cloud IAM only "
        "(IAM-04 removes the alternatives). CKV_GCP_65 is not cited: it wants authenticatorGroupsConfig."
        "securityGroup on every cluster, and kumo's default stacks set no gcp.security_group",
    },
)


@IAM_05.on("aws")
def _iam05_aws(ctx: Context) -> list[Finding]:
    out = []
    for c in ctx.clusters():
        mode = get(c.inputs, "accessConfig.authenticationMode")
        out.append(
            ctx.expect(c, "accessConfig.authenticationMode", "API")
            if mode != "API_AND_CONFIG_MAP"
            else ctx.ok(c, "accessConfig.authenticationMode = 'API_AND_CONFIG_MAP'")
        )
    wanted = list(ctx.spec.aws.admin_role_arns) if ctx.spec else []
    entries = {get(e.inputs, "principalArn") for e in ctx.of("aws:eks/accessEntry:AccessEntry")}
    for arn in wanted:
        out.append(
            ctx.ok(None, f"access entry for {arn}")
            if arn in entries
            else ctx.bad(None, f"no access entry for {arn}", "create an AccessEntry + cluster-admin association")
        )
    return out


@IAM_05.on("azure")
def _iam05_azure(ctx: Context) -> list[Finding]:
    out = []
    for c in ctx.clusters():
        out += [ctx.expect(c, "aadProfile.managed", True), ctx.expect(c, "aadProfile.enableAzureRBAC", True)]
        if ctx.spec is not None:
            want = sorted(ctx.spec.azure.admin_group_object_ids)
            have = sorted(get(c.inputs, "aadProfile.adminGroupObjectIDs", []))
            out.append(
                ctx.ok(c, f"aadProfile.adminGroupObjectIDs = {have}")
                if have == want
                else ctx.bad(c, f"aadProfile.adminGroupObjectIDs = {have}", f"set it to the spec's {want}")
            )
    return out


@IAM_05.on("gcp")
def _iam05_gcp(ctx: Context) -> list[Finding]:
    out = []
    group = ctx.spec.gcp.security_group if ctx.spec else None
    clusters = ctx.clusters()
    if (
        group is None
        and clusters
        and all(get(c.inputs, "authenticatorGroupsConfig.securityGroup") is None for c in clusters)
    ):
        raise NotApplicable(
            "no Google Groups for RBAC: spec.gcp.security_group is unset (it must name the organization's "
            "gke-security-groups@DOMAIN group, which kumo cannot default); access is Cloud IAM only. "
            "Set gcp.security_group to turn it on (CKV_GCP_65)"
        )
    for c in clusters:
        have = get(c.inputs, "authenticatorGroupsConfig.securityGroup")
        found = f"authenticatorGroupsConfig.securityGroup = {show(have)}" + (
            " (access through Cloud IAM only)" if have is None else ""
        )
        if ctx.spec is None or have == group:
            out.append(ctx.ok(c, found))
        else:
            out.append(ctx.bad(c, found, f"set it to the spec's gcp.security_group ({show(group)})"))
    return out
