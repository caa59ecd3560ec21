"""Logging rules LOG-01..LOG-02: control-plane audit logs, kept and encrypted."""

from __future__ import annotations

from components.policy.inputs import get, show
from components.policy.model import Context, Finding, rule

AWS_LOG_TYPES = ("api", "audit", "authenticator", "controllerManager", "scheduler")
AKS_LOG_CATEGORIES = ("kube-apiserver", "kube-controller-manager", "kube-scheduler", "guard")
AKS_AUDIT_CATEGORIES = ("kube-audit", "kube-audit-admin")  # either audit category will do
GKE_LOG_COMPONENTS = ("SYSTEM_COMPONENTS", "WORKLOADS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER")
MIN_RETENTION_DAYS = 90

LOG_01 = rule(
    "LOG-01",
    "Control-plane audit logging for every component",
    severity="high",
    cis=("EKS 2.1.1", "AKS 2.1.1", "GKE 5.7.1"),
    checkov=("CKV_AWS_37", "CKV_AZURE_4", "CKV_GCP_1", "CKV_GCP_8"),
    avd=("AVD-AWS-0038", "AVD-AZU-0040", "AVD-GCP-0060", "AVD-GCP-0052"),
    notes={
        "aws": "enabledClusterLogTypes contains api, audit, authenticator, controllerManager, scheduler",
        "azure": "an azure-native:monitor:DiagnosticSetting on the cluster (resourceUri from it) with a workspaceId "
        "enabling kube-audit(-admin), kube-apiserver, kube-controller-manager, kube-scheduler, guard; "
        "addonProfiles.omsagent.enabled = true",
        "gcp": "loggingConfig.enableComponents contains SYSTEM_COMPONENTS, WORKLOADS, APISERVER, "
        "CONTROLLER_MANAGER, SCHEDULER; monitoringConfig.enableComponents set",
    },
)


@LOG_01.on("aws")
def _log01_aws(ctx: Context) -> list[Finding]:
    out = []
    for c in ctx.clusters():
        types = get(c.inputs, "enabledClusterLogTypes", [])
        missing = [t for t in AWS_LOG_TYPES if t not in types]
        found = f"enabledClusterLogTypes = {show(types or None)}"
        out.append(ctx.bad(c, found, f"add {missing}") if missing else ctx.ok(c, found))
    return out


@LOG_01.on("azure")
def _log01_azure(ctx: Context) -> list[Finding]:
    out = []
    settings = ctx.of("azure-native:monitor:DiagnosticSetting")
    for c in ctx.clusters():
        out.append(ctx.expect(c, "addonProfiles.omsagent.enabled", True))
        # Container insights collects nothing without a data collection rule associated with the cluster.
        dcras = [
            a
            for a in ctx.of("azure-native:monitor:DataCollectionRuleAssociation")
            if c.urn in a.property_dependencies.get("resourceUri", [])
        ]
        if not dcras:
            out.append(
                ctx.bad(
                    c,
                    "no data collection rule associated: Container insights collects nothing",
                    "associate a Container insights data collection rule (ContainerInsightsExtension)",
                )
            )
        mine = [s for s in settings if c.urn in s.property_dependencies.get("resourceUri", [])]
        if not mine:
            out.append(
                ctx.bad(
                    c,
                    "no diagnostic setting on the cluster",
                    "add a DiagnosticSetting sending the control-plane log categories to Log Analytics",
                )
            )
            continue
        enabled = {
            str(get(log, "category"))
            for s in mine
            if get(s.inputs, "workspaceId")
            for log in get(s.inputs, "logs", [])
            if get(log, "enabled") is True
        }
        missing = [cat for cat in AKS_LOG_CATEGORIES if cat not in enabled]
        if not enabled & set(AKS_AUDIT_CATEGORIES):
            missing.insert(0, "kube-audit-admin")
        found = f"diagnostic log categories = {sorted(enabled) or '(none)'}"
        out.append(
            ctx.bad(mine[0], found, f"enable {missing} with a workspaceId") if missing else ctx.ok(mine[0], found)
        )
    return out


@LOG_01.on("gcp")
def _log01_gcp(ctx: Context) -> list[Finding]:
    out = []
    for c in ctx.clusters():
        comps = get(c.inputs, "loggingConfig.enableComponents", [])
        missing = [t for t in GKE_LOG_COMPONENTS if t not in comps]
        found = f"loggingConfig.enableComponents = {show(comps or None)}"
        out.append(ctx.bad(c, found, f"add {missing}") if missing else ctx.ok(c, found))
        out.append(ctx.expect_set(c, "monitoringConfig.enableComponents", "enable control-plane monitoring"))
    return out


LOG_02 = rule(
    "LOG-02",
    f"Control-plane logs retained >= {MIN_RETENTION_DAYS} days (and encrypted with a CMK where the cloud allows it)",
    severity="medium",
    cis=("EKS 2.1.2",),
    checkov=("CKV_AWS_66", "CKV_AWS_158", "CKV_AWS_338"),
    notes={
        "aws": "aws:cloudwatch/logGroup:LogGroup /aws/eks/<cluster>/cluster created by kumo, retentionInDays >= 90 "
        "(CKV_AWS_338 wants 365), kmsKeyId set",
        "azure": "the diagnostic setting's Log Analytics workspace retentionInDays >= 90; Microsoft-managed "
        "encryption (a CMK needs a dedicated Log Analytics cluster, not provisioned by kumo)",
        "gcp": "a gcp:logging/projectBucketConfig:ProjectBucketConfig with retentionDays >= 90: the _Default "
        "bucket (where GKE logs land), or a bucket a gcp:logging/projectSink:ProjectSink routes them to; "
        "Google-managed encryption (CMEK on log buckets is an organization setting)",
    },
)


@LOG_02.on("aws")
def _log02_aws(ctx: Context) -> list[Finding]:
    out = []
    groups = ctx.of("aws:cloudwatch/logGroup:LogGroup")
    for c in ctx.clusters():
        expected = f"/aws/eks/{get(c.inputs, 'name')}/cluster"
        mine = [g for g in groups if get(g.inputs, "name") == expected]
        if not mine:
            out.append(
                ctx.bad(
                    c,
                    f"no log group {expected} in the plan (EKS would create one, kept forever, unencrypted)",
                    f"create {expected} with retentionInDays >= 90 and kmsKeyId",
                )
            )
        for g in mine:
            days = get(g.inputs, "retentionInDays")
            found = f"retentionInDays = {show(days)}"
            out.append(
                ctx.ok(g, found)
                if isinstance(days, (int, float)) and days >= MIN_RETENTION_DAYS
                else ctx.bad(g, found, f"set retentionInDays >= {MIN_RETENTION_DAYS}")
            )
            out.append(ctx.expect_set(g, "kmsKeyId", "encrypt the log group with the cluster's CMK"))
    return out


@LOG_02.on("azure")
def _log02_azure(ctx: Context) -> list[Finding]:
    out = []
    workspaces = ctx.of("azure-native:operationalinsights:Workspace")
    for s in ctx.of("azure-native:monitor:DiagnosticSetting"):
        for ws in [w for w in workspaces if w.urn in s.property_dependencies.get("workspaceId", [])]:
            days = get(ws.inputs, "retentionInDays")
            found = f"retentionInDays = {show(days)}"
            out.append(
                ctx.ok(ws, found)
                if isinstance(days, (int, float)) and days >= MIN_RETENTION_DAYS
                else ctx.bad(ws, found, f"set retentionInDays >= {MIN_RETENTION_DAYS}")
            )
    return out or [
        ctx.missing(
            "Log Analytics workspace receiving the control-plane logs",
            "create a workspace and a diagnostic setting (LOG-01)",
        )
    ]


@LOG_02.on("gcp")
def _log02_gcp(ctx: Context) -> list[Finding]:
    out = []
    sinks = ctx.of("gcp:logging/projectSink:ProjectSink")
    for b in ctx.of("gcp:logging/projectBucketConfig:ProjectBucketConfig"):
        routed = any(b.urn in s.property_dependencies.get("destination", []) for s in sinks)
        if get(b.inputs, "bucketId") != "_Default" and not routed:
            continue
        days = get(b.inputs, "retentionDays")
        found = f"log bucket {get(b.inputs, 'bucketId')} retentionDays = {show(days)}"
        out.append(
            ctx.ok(b, found)
            if isinstance(days, (int, float)) and days >= MIN_RETENTION_DAYS
            else ctx.bad(b, found, f"set retentionDays >= {MIN_RETENTION_DAYS}")
        )
    return out or [
        ctx.missing(
            "log bucket configuration (GKE logs go to the _Default bucket, kept 30 days)",
            "add gcp.logging.ProjectBucketConfig(bucket_id='_Default', location='global', "
            f"retention_days={MIN_RETENTION_DAYS})",
        )
    ]
