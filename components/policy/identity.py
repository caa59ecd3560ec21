"""Identity rules IAM-01..IAM-03: workload identity, node identity, instance metadata."""

from __future__ import annotations

from components.policy.inputs import get, show
from components.policy.model import Context, Finding, rule
from components.policy.resources import AWS_LT, AWS_NODE_GROUP, GKE_POOL

AWS_NODE_POLICIES = frozenset(
    {
        "AmazonEKSWorkerNodePolicy",
        "AmazonEC2ContainerRegistryReadOnly",
        "AmazonEC2ContainerRegistryPullOnly",
        "AmazonSSMManagedInstanceCore",
    }
)
"""Managed policies a node role may hold (IAM-02); the CNI policy belongs on aws-node through IRSA."""
ACR_PULL = "7f951dda-4ed3-4680-a7ca-43fe172d538d"
"""AcrPull, the only role an AKS kubelet identity may hold."""
GKE_NODE_ROLES = frozenset(
    {
        "roles/logging.logWriter",
        "roles/monitoring.metricWriter",
        "roles/monitoring.viewer",
        "roles/stackdriver.resourceMetadata.writer",
        "roles/autoscaling.metricsWriter",
        "roles/artifactregistry.reader",
        "roles/container.defaultNodeServiceAccount",
    }
)

IAM_01 = rule(
    "IAM-01",
    "Workload identity instead of node credentials",
    severity="high",
    cis=("EKS 5.2.1", "AKS 5.2.1", "GKE 5.2.2"),
    notes={
        "aws": "an aws:iam/openIdConnectProvider:OpenIdConnectProvider for the cluster issuer with client "
        "sts.amazonaws.com (IRSA), or the eks-pod-identity-agent add-on",
        "azure": "oidcIssuerProfile.enabled = true, securityProfile.workloadIdentity.enabled = true; no checkov check",
        "gcp": "workloadIdentityConfig.workloadPool = <project>.svc.id.goog",
    },
)


@IAM_01.on("aws")
def _iam01_aws(ctx: Context) -> list[Finding]:
    out = []
    for oidc in ctx.of("aws:iam/openIdConnectProvider:OpenIdConnectProvider"):
        clients = get(oidc.inputs, "clientIdLists", [])
        deps = oidc.property_dependencies.get("url", [])
        cluster_urns = {c.urn for c in ctx.clusters()}
        ok = "sts.amazonaws.com" in clients and bool(cluster_urns & set(deps))
        found = f"clientIdLists = {show(clients)}, url from the cluster issuer: {bool(cluster_urns & set(deps))}"
        out.append(
            ctx.ok(oidc, found)
            if ok
            else ctx.bad(oidc, found, "create it from the cluster's identity[0].oidc[0].issuer for sts.amazonaws.com")
        )
    for addon in ctx.of("aws:eks/addon:Addon"):
        if get(addon.inputs, "addonName") == "eks-pod-identity-agent":
            out.append(ctx.ok(addon, "eks-pod-identity-agent add-on"))
    return out or [
        ctx.missing("IAM OIDC provider or pod identity agent", "create the cluster's IAM OIDC provider (IRSA)")
    ]


@IAM_01.on("azure")
def _iam01_azure(ctx: Context) -> list[Finding]:
    out = []
    for c in ctx.clusters():
        out += [
            ctx.expect(c, "oidcIssuerProfile.enabled", True),
            ctx.expect(c, "securityProfile.workloadIdentity.enabled", True),
        ]
    return out


@IAM_01.on("gcp")
def _iam01_gcp(ctx: Context) -> list[Finding]:
    out = []
    for c in ctx.clusters():
        pool = get(c.inputs, "workloadIdentityConfig.workloadPool")
        found = f"workloadIdentityConfig.workloadPool = {show(pool)}"
        out.append(
            ctx.ok(c, found)
            if isinstance(pool, str) and pool.endswith(".svc.id.goog")
            else ctx.bad(c, found, "set workloadIdentityConfig.workloadPool = '<project>.svc.id.goog'")
        )
    return out


IAM_02 = rule(
    "IAM-02",
    "Dedicated least-privilege node identity",
    severity="high",
    cis=("EKS 5.1.3", "GKE 5.2.1"),
    checkov=("CKV2_GCP_1",),
    avd=("AVD-GCP-0050", "AVD-GCP-0044"),
    notes={
        "aws": "every node group's nodeRoleArn comes from a role kumo creates whose attachments are only "
        "AmazonEKSWorkerNodePolicy + ECR read/pull (+ SSM core); no inline policies; no CNI policy",
        "azure": "identityProfile.kubeletidentity.resourceId names a user-assigned identity of the plan holding "
        "no role but AcrPull",
        "gcp": "every node pool nodeConfig.serviceAccount is a service account of the plan (never the Compute "
        "default) whose project roles are only logging/monitoring writers and artifactregistry.reader",
    },
)


@IAM_02.on("aws")
def _iam02_aws(ctx: Context) -> list[Finding]:
    out = []
    attachments = ctx.of("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
    inline = ctx.of("aws:iam/rolePolicy:RolePolicy")
    roles = {}
    for group in ctx.of(AWS_NODE_GROUP):
        found = ctx.depends_on(group, "nodeRoleArn")
        if not found:
            out.append(
                ctx.bad(
                    group,
                    f"nodeRoleArn = {show(get(group.inputs, 'nodeRoleArn'))} is not a role of this stack",
                    "give the node groups a dedicated role created with the cluster",
                )
            )
        for role in found:
            roles[role.urn] = role
    for role in roles.values():
        policies = [
            str(get(a.inputs, "policyArn", "")).rsplit("/", 1)[-1]
            for a in attachments
            if role.urn in a.property_dependencies.get("role", [])
        ]
        extra = sorted(set(policies) - AWS_NODE_POLICIES)
        own_inline = [p.name for p in inline if role.urn in p.property_dependencies.get("role", [])]
        if extra or own_inline:
            out.append(
                ctx.bad(
                    role,
                    f"node role also holds {extra + own_inline}",
                    "move those permissions to IRSA roles of the add-ons that need them",
                )
            )
        elif "AmazonEKSWorkerNodePolicy" not in policies:
            out.append(ctx.bad(role, f"node role policies = {policies}", "attach AmazonEKSWorkerNodePolicy"))
        else:
            out.append(ctx.ok(role, f"node role policies = {sorted(policies)}"))
    return out or [ctx.missing("node group", "define the node groups")]


@IAM_02.on("azure")
def _iam02_azure(ctx: Context) -> list[Finding]:
    out = []
    assignments = ctx.of("azure-native:authorization:RoleAssignment")
    for c in ctx.clusters():
        resource_id = get(c.inputs, "identityProfile.kubeletidentity.resourceId")
        identity = next(
            (r for r in ctx.of("azure-native:managedidentity:UserAssignedIdentity") if r.id == resource_id), None
        )
        if identity is None:
            out.append(
                ctx.bad(
                    c,
                    f"identityProfile.kubeletidentity.resourceId = {show(resource_id)}",
                    "give the nodes a dedicated user-assigned kubelet identity",
                )
            )
            continue
        roles = [
            str(get(a.inputs, "roleDefinitionId", "")).rsplit("/", 1)[-1]
            for a in assignments
            if identity.urn in a.property_dependencies.get("principalId", [])
        ]
        extra = [r for r in roles if r != ACR_PULL]
        out.append(
            ctx.bad(identity, f"kubelet identity holds roles {extra}", "grant the kubelet identity AcrPull only")
            if extra
            else ctx.ok(identity, f"kubelet identity {identity.name}, roles {roles or 'none'}")
        )
    return out


@IAM_02.on("gcp")
def _iam02_gcp(ctx: Context) -> list[Finding]:
    out = []
    members = ctx.of("gcp:projects/iAMMember:IAMMember")
    accounts: dict[str, object] = {}
    for pool in ctx.of(GKE_POOL):
        email = str(get(pool.inputs, "nodeConfig.serviceAccount", ""))
        own = ctx.depends_on(pool, "nodeConfig")
        own = [a for a in own if a.type == "gcp:serviceaccount/account:Account"]
        if not email or email == "default" or email.endswith("-compute@developer.gserviceaccount.com") or not own:
            out.append(
                ctx.bad(
                    pool,
                    f"nodeConfig.serviceAccount = {show(email or None)}",
                    "run nodes as a dedicated service account created with the cluster",
                )
            )
            continue
        for account in own:
            accounts[account.urn] = account
    for urn in accounts:
        account = ctx.by_urn(urn)
        if account is None:
            continue
        roles = [str(get(m.inputs, "role")) for m in members if urn in m.property_dependencies.get("member", [])]
        extra = sorted(set(roles) - GKE_NODE_ROLES)
        out.append(
            ctx.bad(account, f"node service account holds {extra}", "keep only the node roles")
            if extra
            else ctx.ok(account, f"node service account roles = {sorted(roles)}")
        )
    return out or [ctx.missing("node pool", "define node pools")]


IAM_03 = rule(
    "IAM-03",
    "Instance metadata hardened (pods cannot take the node's credentials)",
    severity="high",
    cis=("GKE 5.4.1",),
    checkov=("CKV_AWS_79", "CKV_AWS_341", "CKV_GCP_69"),
    avd=("AVD-AWS-0028", "AVD-AWS-0130", "AVD-GCP-0048", "AVD-GCP-0057"),
    notes={
        "aws": "every node group uses a launch template; every launch template metadataOptions httpTokens = "
        "required, httpPutResponseHopLimit = 1, httpEndpoint = enabled",
        "azure": "not applicable: AKS has no provisioning setting for IMDS access (the IMDS restriction is a "
        "preview feature); compensated by IAM-01 (workload identity) and IAM-02 (no node roles)",
        "gcp": "every node pool nodeConfig.workloadMetadataConfig.mode = GKE_METADATA and metadata "
        'disable-legacy-endpoints = "true"',
    },
    not_applicable={
        "azure": "AKS exposes no IaC setting restricting pod access to IMDS (preview only); workload "
        "identity (IAM-01) and a role-less kubelet identity (IAM-02) compensate"
    },
)


@IAM_03.on("aws")
def _iam03_aws(ctx: Context) -> list[Finding]:
    out = [
        ctx.expect_set(g, "launchTemplate.id", "give the node group a launch template with IMDSv2, hop limit 1")
        for g in ctx.of(AWS_NODE_GROUP)
    ]
    for lt in ctx.of(AWS_LT):
        out += [
            ctx.expect(lt, "metadataOptions.httpTokens", "required"),
            ctx.expect(lt, "metadataOptions.httpPutResponseHopLimit", 1),
            ctx.expect(lt, "metadataOptions.httpEndpoint", "enabled"),
        ]
    return out or [ctx.missing("node group", "define the node groups")]


@IAM_03.on("gcp")
def _iam03_gcp(ctx: Context) -> list[Finding]:
    out = []
    for pool in ctx.of(GKE_POOL):
        out += [
            ctx.expect(pool, "nodeConfig.workloadMetadataConfig.mode", "GKE_METADATA"),
            ctx.expect(pool, "nodeConfig.metadata.disable-legacy-endpoints", "true"),
        ]
    return out or [ctx.missing("node pool", "define node pools")]
