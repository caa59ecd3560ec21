"""Governance rules GOV-01..GOV-03: admission guardrails, no legacy add-ons, mandatory tags."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from components.policy.admission import binauthz_policy, pod_security_assignments
from components.policy.inputs import as_json, get, is_true, show
from components.policy.model import Context, Finding, rule
from components.policy.resources import AZ_ACCOUNT, EFS, FILESTORE, GKE_POOL, stores_of
from components.records import Resource

NAMESPACE = "kubernetes:core/v1:Namespace"
PSA_LEVELS = ("baseline", "restricted")
REQUIRED_TAGS: tuple[str, ...] = ("owner", "env")
"""Tags every taggable resource carries (data-classification is recommended; kumo's dev stacks omit it)."""
STATEFUL_TAG = ("stateful", "true")
"""The tag the `up` gate finds durable data by (SECURITY-RULES.md, data-safety rule 4)."""
DASHBOARD_CHARTS = ("kubernetes-dashboard",)

# Types whose tags/labels kumo checks, and the input holding them (besides provider defaults).
AWS_TAGGED: dict[str, str] = {
    "aws:eks/cluster:Cluster": "tags",
    "aws:eks/nodeGroup:NodeGroup": "tags",
    "aws:kms/key:Key": "tags",
    "aws:efs/fileSystem:FileSystem": "tags",
    "aws:ec2/vpc:Vpc": "tags",
    "aws:cloudwatch/logGroup:LogGroup": "tags",
}
AZURE_TAGGED: dict[str, str] = {
    "azure-native:containerservice:ManagedCluster": "tags",
    "azure-native:containerservice:AgentPool": "tags",
    "azure-native:resources:ResourceGroup": "tags",
    "azure-native:keyvault:Vault": "tags",
    "azure-native:storage:StorageAccount": "tags",
    "azure-native:network:VirtualNetwork": "tags",
    "azure-native:operationalinsights:Workspace": "tags",
}
GCP_LABELLED: dict[str, str] = {
    "gcp:container/cluster:Cluster": "resourceLabels",
    "gcp:container/nodePool:NodePool": "nodeConfig.resourceLabels",
    "gcp:filestore/instance:Instance": "labels",
    "gcp:kms/cryptoKey:CryptoKey": "labels",
    "gcp:compute/network:Network": "labels",
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
        "azure": "the same Namespace labels, addonProfiles.azurepolicy.enabled = true, and a PolicyAssignment "
        "scoped to the cluster of the built-in pod security baseline initiative with effect Deny "
        "(the add-on enforces nothing without one)",
        "gcp": "the same Namespace labels, binaryAuthorization.evaluationMode = PROJECT_SINGLETON_POLICY_ENFORCE, "
        "securityPostureConfig.mode = BASIC|ENTERPRISE, and the project's gcp:binaryauthorization/policy:Policy: "
        "defaultAdmissionRule ALWAYS_DENY|REQUIRE_ATTESTATION enforced (ENFORCED_BLOCK_AND_AUDIT_LOG), "
        "globalPolicyEvaluationMode = ENABLE, every allowlist pattern from the spec or the app's image and "
        "admitting the planned workloads' images (CKV_GCP_66 reads only the cluster's switch)",
    },
)


def _namespaces(ctx: Context) -> list[Finding]:
    """Every Namespace kumo creates enforces a Pod Security Admission level."""
    out = []
    for ns in ctx.of(NAMESPACE):
        level = get(ns.inputs, "metadata.labels", {}).get("pod-security.kubernetes.io/enforce")
        found = f"metadata.labels[pod-security.kubernetes.io/enforce] = {show(level)}"
        out.append(
            ctx.ok(ns, found)
            if level in PSA_LEVELS
            else ctx.bad(ns, found, "label the namespace pod-security.kubernetes.io/enforce=restricted")
        )
    return out or [ctx.missing("Namespace", "create kumo's namespace with Pod Security Admission labels")]


@GOV_01.on("aws")
def _gov01_aws(ctx: Context) -> list[Finding]:
    return _namespaces(ctx)


@GOV_01.on("azure")
def _gov01_azure(ctx: Context) -> list[Finding]:
    out = _namespaces(ctx)
    for c in ctx.clusters():
        out.append(ctx.expect(c, "addonProfiles.azurepolicy.enabled", True))
        out += pod_security_assignments(ctx, c)
    return out


@GOV_01.on("gcp")
def _gov01_gcp(ctx: Context) -> list[Finding]:
    out = _namespaces(ctx)
    for c in ctx.clusters():
        mode = get(c.inputs, "securityPostureConfig.mode")
        out += [
            ctx.expect(c, "binaryAuthorization.evaluationMode", "PROJECT_SINGLETON_POLICY_ENFORCE"),
            ctx.ok(c, f"securityPostureConfig.mode = {show(mode)}")
            if mode in ("BASIC", "ENTERPRISE")
            else ctx.bad(c, f"securityPostureConfig.mode = {show(mode)}", "set securityPostureConfig.mode = BASIC"),
        ]
    return out + binauthz_policy(ctx)


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


def _dashboards(ctx: Context) -> list[Finding]:
    """A failure per Kubernetes dashboard Helm release."""
    out = []
    for release in ctx.of("kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v4:Chart"):
        chart = str(get(release.inputs, "chart", ""))
        if chart.rsplit("/", 1)[-1] in DASHBOARD_CHARTS:
            out.append(ctx.bad(release, f"chart = {chart!r}", "remove the Kubernetes dashboard"))
    return out


def _or_clean(ctx: Context, out: list[Finding]) -> list[Finding]:
    return out or [ctx.ok(None, "no dashboard or legacy add-on in the plan")]


@GOV_02.on("aws")
def _gov02_aws(ctx: Context) -> list[Finding]:
    return _or_clean(ctx, _dashboards(ctx))


@GOV_02.on("azure")
def _gov02_azure(ctx: Context) -> list[Finding]:
    out = _dashboards(ctx)
    for c in ctx.clusters():
        for addon in ("httpApplicationRouting", "kubeDashboard"):
            on = is_true(get(c.inputs, f"addonProfiles.{addon}.enabled"))
            out.append(
                ctx.bad(c, f"addonProfiles.{addon}.enabled = True", f"turn {addon} off")
                if on
                else ctx.ok(c, f"addonProfiles.{addon} off")
            )
    return _or_clean(ctx, out)


@GOV_02.on("gcp")
def _gov02_gcp(ctx: Context) -> list[Finding]:
    out = _dashboards(ctx)
    for c in ctx.clusters():
        out.append(ctx.expect(c, "enableKubernetesAlpha", False))
        if get(c.inputs, "addonsConfig.kubernetesDashboard.disabled") is False:
            out.append(ctx.bad(c, "addonsConfig.kubernetesDashboard.disabled = False", "disable the dashboard"))
    return _or_clean(ctx, out)


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
        "(azure-native has no default tags); the shared store's storage account (the one its file share lives "
        "in) tags stateful = true",
        "gcp": "provider defaultLabels (or resourceLabels / labels) hold owner and env; node pools' "
        "nodeConfig.resourceLabels too (default labels do not reach node VMs); Filestore labels "
        "stateful = true",
    },
)


def _provider_defaults(ctx: Context, r: Resource) -> Any:
    """The default tags or labels of the provider `r` uses, as the provider input holds them ({} without)."""
    provider = ctx.provider_of(r)
    if provider is None:
        return {}
    defaults = as_json(get(provider.inputs, "defaultTags")) or as_json(get(provider.inputs, "defaultLabels")) or {}
    return defaults if isinstance(defaults, dict) else {}


def _tags(
    ctx: Context, tagged: Mapping[str, str], store_type: str, defaults: Callable[[Resource], Any]
) -> list[Finding]:
    """Every resource of the `tagged` types (type -> the input holding its tags) carries the required tags,
    its `defaults` (from its provider) included; the shared store (`store_type`) also stateful=true."""
    out = []
    stores = {s.urn for s in stores_of(ctx, store_type)}
    for type_, path in tagged.items():
        for r in ctx.of(type_):
            tags: dict[str, Any] = {}
            tags.update(defaults(r))
            own = get(r.inputs, path, {})
            if isinstance(own, dict):
                tags.update(own)
            missing = [t for t in REQUIRED_TAGS if not tags.get(t)]
            if r.urn in stores and tags.get(STATEFUL_TAG[0]) != STATEFUL_TAG[1]:
                missing.append("stateful=true")
            out.append(
                ctx.bad(r, f"tags lack {missing}", "add them to spec.tags (and stateful=true on durable data)")
                if missing
                else ctx.ok(r, "tags " + ", ".join(f"{t}={tags[t]}" for t in REQUIRED_TAGS))
            )
    return out or [ctx.missing("taggable resource", "create the cluster")]


@GOV_03.on("aws")
def _gov03_aws(ctx: Context) -> list[Finding]:
    def defaults(r: Resource) -> Any:
        found = _provider_defaults(ctx, r)
        return found.get("tags", found)  # the AWS provider's defaultTags is {"tags": {...}}

    return _tags(ctx, AWS_TAGGED, EFS, defaults)


@GOV_03.on("azure")
def _gov03_azure(ctx: Context) -> list[Finding]:
    return _tags(ctx, AZURE_TAGGED, AZ_ACCOUNT, lambda r: _provider_defaults(ctx, r))


@GOV_03.on("gcp")
def _gov03_gcp(ctx: Context) -> list[Finding]:
    # Provider default labels do not reach node VMs: a node pool's own nodeConfig.resourceLabels must hold them.
    return _tags(ctx, GCP_LABELLED, FILESTORE, lambda r: {} if r.type == GKE_POOL else _provider_defaults(ctx, r))
