"""LOG-04: reads of Secrets through the Kubernetes API are audited, where the cloud can record them.

- EKS: the control-plane `audit` log type exports the API server's audit log, whose EKS policy records
  Secrets at the Metadata level for every verb, reads included (the read's who/what/when, never the value).
- AKS: the diagnostic category `kube-audit` is the full audit log; `kube-audit-admin` leaves out get and list
  requests, so it never shows a Secret read. kube-audit costs more Log Analytics ingestion (every read).
- GKE: reads are Data Access audit logs (ADMIN_READ, DATA_READ) of container.googleapis.com, off until a
  project audit config enables them; billed as Cloud Logging ingestion.
"""

from __future__ import annotations

from components.policy.inputs import get, show
from components.policy.model import Context, Finding, rule

AKS_FULL_AUDIT = "kube-audit"
GKE_SERVICE = "container.googleapis.com"
GKE_READ_TYPES = ("ADMIN_READ", "DATA_READ")
AUDIT_CONFIG = "gcp:projects/iAMAuditConfig:IAMAuditConfig"
DIAGNOSTIC_SETTING = "azure-native:monitor:DiagnosticSetting"

LOG_04 = rule(
    "LOG-04",
    "Reads of Secrets through the Kubernetes API are audited",
    severity="medium",
    notes={
        "aws": "enabledClusterLogTypes contains audit (EKS's audit policy logs Secret get/list/watch at Metadata)",
        "azure": "a DiagnosticSetting on the cluster enables kube-audit (kube-audit-admin omits get and list)",
        "gcp": "a gcp:projects/iAMAuditConfig:IAMAuditConfig for container.googleapis.com enables ADMIN_READ and "
        "DATA_READ (or allServices does)",
    },
)


@LOG_04.on("aws")
def _log04_aws(ctx: Context) -> list[Finding]:
    out = []
    for c in ctx.clusters():
        types = get(c.inputs, "enabledClusterLogTypes", []) or []
        found = f"enabledClusterLogTypes = {show(types or None)}"
        out.append(ctx.ok(c, found) if "audit" in types else ctx.bad(c, found, "add audit to enabledClusterLogTypes"))
    return out or [ctx.missing("EKS cluster", "create the cluster with the audit log type")]


@LOG_04.on("azure")
def _log04_azure(ctx: Context) -> list[Finding]:
    out = []
    for c in ctx.clusters():
        mine = [s for s in ctx.of(DIAGNOSTIC_SETTING) if c.urn in s.property_dependencies.get("resourceUri", [])]
        enabled = sorted(
            str(get(log, "category"))
            for s in mine
            if get(s.inputs, "workspaceId")
            for log in get(s.inputs, "logs", []) or []
            if get(log, "enabled") is True
        )
        found = f"diagnostic log categories = {enabled or '(none)'}"
        out.append(
            ctx.ok(mine[0], found)
            if AKS_FULL_AUDIT in enabled
            else ctx.bad(
                mine[0] if mine else c,
                found,
                "enable the kube-audit category (kube-audit-admin leaves out get/list) with a workspaceId",
            )
        )
    return out or [ctx.missing("AKS cluster", "create the cluster with a kube-audit diagnostic setting")]


@LOG_04.on("gcp")
def _log04_gcp(ctx: Context) -> list[Finding]:
    configs = [r for r in ctx.of(AUDIT_CONFIG) if get(r.inputs, "service") in (GKE_SERVICE, "allServices")]
    types = {str(get(c, "logType")) for r in configs for c in get(r.inputs, "auditLogConfigs", []) or []}
    missing = [t for t in GKE_READ_TYPES if t not in types]
    if not configs:
        return [ctx.missing(f"IAMAuditConfig for {GKE_SERVICE}", f"enable {list(GKE_READ_TYPES)} Data Access logs")]
    found = f"{GKE_SERVICE} Data Access log types = {sorted(types) or '(none)'}"
    return [ctx.bad(configs[0], found, f"enable {missing}") if missing else ctx.ok(configs[0], found)]
