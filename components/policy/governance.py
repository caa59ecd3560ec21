"""Governance rules GOV-01..GOV-03: admission guardrails, no legacy add-ons, mandatory tags."""

from __future__ import annotations

from typing import Any

from components.policy.model import Context, Finding, as_json, get, is_true, rule, show
from components.records import Resource

NAMESPACE = "kubernetes:core/v1:Namespace"
PSA_LEVELS = ("baseline", "restricted")
REQUIRED_TAGS: tuple[str, ...] = ("owner", "env")
"""Tags every taggable resource carries (data-classification is recommended; kumo's dev stacks omit it)."""
STATEFUL_TAG = ("stateful", "true")
"""The tag the `up` gate finds durable data by (SECURITY-RULES.md, data-safety rule 4)."""
DASHBOARD_CHARTS = ("kubernetes-dashboard",)

# Types whose tags/labels kumo checks, and the input holding them (besides provider defaults).
TAG_INPUTS: dict[str, dict[str, str]] = {
    "aws": {
        "aws:eks/cluster:Cluster": "tags",
        "aws:eks/nodeGroup:NodeGroup": "tags",
        "aws:kms/key:Key": "tags",
        "aws:efs/fileSystem:FileSystem": "tags",
        "aws:ec2/vpc:Vpc": "tags",
        "aws:cloudwatch/logGroup:LogGroup": "tags",
    },
    "azure": {
        "azure-native:containerservice:ManagedCluster": "tags",
        "azure-native:containerservice:AgentPool": "tags",
        "azure-native:resources:ResourceGroup": "tags",
        "azure-native:keyvault:Vault": "tags",
        "azure-native:storage:StorageAccount": "tags",
        "azure-native:network:VirtualNetwork": "tags",
        "azure-native:operationalinsights:Workspace": "tags",
    },
    "gcp": {
        "gcp:container/cluster:Cluster": "resourceLabels",
        "gcp:container/nodePool:NodePool": "nodeConfig.resourceLabels",
        "gcp:filestore/instance:Instance": "labels",
        "gcp:kms/cryptoKey:CryptoKey": "labels",
        "gcp:compute/network:Network": "labels",
    },
}
STATEFUL_TYPES = {
    "aws": "aws:efs/fileSystem:FileSystem",
    "azure": "azure-native:storage:StorageAccount",
    "gcp": "gcp:filestore/instance:Instance",
}

GOV_01 = rule(
    "GOV-01",
    "Admission guardrails on",
    severity="medium",
    cis=("GKE 5.1.4", "GKE 5.10.4"),
    checkov=("CKV_AZURE_116", "CKV_GCP_66"),
    avd=("AVD-AZU-0066",),
    notes={
        "aws": "every Namespace kumo creates carries pod-security.kubernetes.io/enforce = baseline|restricted "
        "(Pod Security Admission; EKS has no managed policy add-on)",
        "azure": "the same Namespace labels, and addonProfiles.azurepolicy.enabled = true",
        "gcp": "the same Namespace labels, binaryAuthorization.evaluationMode = PROJECT_SINGLETON_POLICY_ENFORCE "
        "and securityPostureConfig.mode = BASIC|ENTERPRISE",
    },
)


@GOV_01.on("aws", "azure", "gcp")
def _gov01(ctx: Context) -> list[Finding]:
    out = []
    for ns in ctx.of(NAMESPACE):
        level = get(ns.inputs, "metadata.labels", {}).get("pod-security.kubernetes.io/enforce")
        found = f"metadata.labels[pod-security.kubernetes.io/enforce] = {show(level)}"
        out.append(
            ctx.ok(ns, found)
            if level in PSA_LEVELS
            else ctx.bad(ns, found, "label the namespace pod-security.kubernetes.io/enforce=restricted")
        )
    if not out:
        out.append(ctx.missing("Namespace", "create kumo's namespace with Pod Security Admission labels"))
    for c in ctx.clusters():
        if ctx.cloud == "azure":
            out.append(ctx.expect(c, "addonProfiles.azurepolicy.enabled", True))
        elif ctx.cloud == "gcp":
            out += [
                ctx.expect(c, "binaryAuthorization.evaluationMode", "PROJECT_SINGLETON_POLICY_ENFORCE"),
                ctx.ok(c, f"securityPostureConfig.mode = {show(get(c.inputs, 'securityPostureConfig.mode'))}")
                if get(c.inputs, "securityPostureConfig.mode") in ("BASIC", "ENTERPRISE")
                else ctx.bad(
                    c,
                    f"securityPostureConfig.mode = {show(get(c.inputs, 'securityPostureConfig.mode'))}",
                    "set securityPostureConfig.mode = BASIC",
                ),
            ]
    return out


GOV_02 = rule(
    "GOV-02",
    "Legacy and insecure add-ons off",
    severity="medium",
    cis=("GKE 5.10.1", "GKE 5.10.2"),
    checkov=("CKV_AZURE_8", "CKV_AZURE_246", "CKV2_GCP_19"),
    notes={
        "aws": "no kubernetes-dashboard Helm release",
        "azure": "addonProfiles.httpApplicationRouting and kubeDashboard absent or enabled = false; no "
        "kubernetes-dashboard Helm release",
        "gcp": "enableKubernetesAlpha = false (explicit), addonsConfig.kubernetesDashboard not enabled; no "
        "kubernetes-dashboard Helm release",
    },
)


@GOV_02.on("aws", "azure", "gcp")
def _gov02(ctx: Context) -> list[Finding]:
    out = []
    for release in ctx.of("kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v4:Chart"):
        chart = str(get(release.inputs, "chart", ""))
        if chart.rsplit("/", 1)[-1] in DASHBOARD_CHARTS:
            out.append(ctx.bad(release, f"chart = {chart!r}", "remove the Kubernetes dashboard"))
    for c in ctx.clusters():
        if ctx.cloud == "azure":
            for addon in ("httpApplicationRouting", "kubeDashboard"):
                on = is_true(get(c.inputs, f"addonProfiles.{addon}.enabled"))
                out.append(
                    ctx.bad(c, f"addonProfiles.{addon}.enabled = True", f"turn {addon} off")
                    if on
                    else ctx.ok(c, f"addonProfiles.{addon} off")
                )
        elif ctx.cloud == "gcp":
            out.append(ctx.expect(c, "enableKubernetesAlpha", False))
            if get(c.inputs, "addonsConfig.kubernetesDashboard.disabled") is False:
                out.append(ctx.bad(c, "addonsConfig.kubernetesDashboard.disabled = False", "disable the dashboard"))
    return out or [ctx.ok(None, "no dashboard or legacy add-on in the plan")]


GOV_03 = rule(
    "GOV-03",
    "Mandatory tags / labels (owner, env; stateful=true on durable data)",
    severity="low",
    checkov=("CKV_GCP_21",),
    avd=("AVD-GCP-0051",),
    notes={
        "aws": "provider defaultTags (or the resource's tags) hold owner and env on the cluster, node groups, keys, "
        "VPC, log group, EFS; EFS tags stateful = true",
        "azure": "tags hold owner and env on the cluster, pools, groups, vaults, storage account, VNet, workspace "
        "(azure-native has no default tags); the storage account tags stateful = true",
        "gcp": "provider defaultLabels (or resourceLabels / labels) hold owner and env; node pools' "
        "nodeConfig.resourceLabels too (default labels do not reach node VMs); Filestore labels "
        "stateful = true",
    },
)


def _effective_tags(ctx: Context, r: Resource, path: str) -> dict[str, Any]:
    tags: dict[str, Any] = {}
    provider = ctx.provider_of(r)
    if provider is not None and r.type != "gcp:container/nodePool:NodePool":
        defaults = as_json(get(provider.inputs, "defaultTags")) or as_json(get(provider.inputs, "defaultLabels")) or {}
        if isinstance(defaults, dict):
            tags.update(defaults.get("tags", defaults) if ctx.cloud == "aws" else defaults)
    own = get(r.inputs, path, {})
    if isinstance(own, dict):
        tags.update(own)
    return tags


@GOV_03.on("aws", "azure", "gcp")
def _gov03(ctx: Context) -> list[Finding]:
    out = []
    for type_, path in TAG_INPUTS[ctx.cloud].items():
        for r in ctx.of(type_):
            tags = _effective_tags(ctx, r, path)
            missing = [t for t in REQUIRED_TAGS if not tags.get(t)]
            if r.type == STATEFUL_TYPES[ctx.cloud] and tags.get(STATEFUL_TAG[0]) != STATEFUL_TAG[1]:
                missing.append("stateful=true")
            out.append(
                ctx.bad(r, f"tags lack {missing}", "add them to spec.tags (and stateful=true on durable data)")
                if missing
                else ctx.ok(r, "tags " + ", ".join(f"{t}={tags[t]}" for t in REQUIRED_TAGS))
            )
    return out or [ctx.missing("taggable resource", "create the cluster")]
