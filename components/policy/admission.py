"""GOV-01's reading of the admission policies themselves (the rule is governance.py's): an Azure Policy
assignment behind the AKS add-on, a Binary Authorization policy behind GKE's enforcement switch."""

from __future__ import annotations

from components.policy.inputs import get, show
from components.policy.model import Context, Finding
from components.records import Resource

AZ_ASSIGNMENT = "azure-native:authorization:PolicyAssignment"
POD_SECURITY_BASELINE = "/providers/Microsoft.Authorization/policySetDefinitions/a8640138-9b0a-4a28-b8cb-1666c838647d"
"""Kubernetes cluster pod security baseline standards for Linux-based workloads (Azure/azure-policy,
built-in-policies/policySetDefinitions/Kubernetes/Kubernetes_PSPBaselineStandard.json, read 2026-12-02)."""
BINAUTHZ_POLICY = "gcp:binaryauthorization/policy:Policy"
DENYING_MODES = ("ALWAYS_DENY", "REQUIRE_ATTESTATION")
"""Default evaluation modes that admit no arbitrary image (projects.policy reference, read 2026-12-02)."""
ENFORCED = "ENFORCED_BLOCK_AND_AUDIT_LOG"
GLOBAL_POLICY = "ENABLE"
"""Google's global policy, evaluated first, admits GKE's own system images (so no allowlist entry needs to)."""
DOCKER_HUB = "docker.io"
WORKLOAD_TYPES = ("kubernetes:apps/v1:Deployment", "kubernetes:apps/v1:StatefulSet", "kubernetes:apps/v1:DaemonSet")


def pod_security_assignments(ctx: Context, cluster: Resource) -> list[Finding]:
    """The baseline initiative is assigned to `cluster` with effect Deny, enforced."""
    mine = [
        a
        for a in ctx.of(AZ_ASSIGNMENT)
        if cluster.urn in a.property_dependencies.get("scope", [])
        and get(a.inputs, "policyDefinitionId") == POD_SECURITY_BASELINE
    ]
    if not mine:
        return [
            ctx.bad(
                cluster,
                "no pod security baseline initiative assigned to the cluster: the Azure Policy add-on enforces nothing",
                "assign the built-in initiative a8640138-9b0a-4a28-b8cb-1666c838647d to the cluster with effect Deny",
            )
        ]
    out = []
    for a in mine:
        effect = get(a.inputs, "parameters.effect.value")
        mode = get(a.inputs, "enforcementMode", "Default")
        found = f"pod security baseline assigned, parameters.effect = {show(effect)}, enforcementMode = {show(mode)}"
        ok = str(effect).lower() == "deny" and mode == "Default"
        out.append(
            ctx.ok(a, found) if ok else ctx.bad(a, found, "set parameters.effect = Deny, enforcementMode = Default")
        )
    return out


def binauthz_policy(ctx: Context) -> list[Finding]:
    """The project's Binary Authorization policy denies what it does not know and admits only what kumo names."""
    policies = ctx.of(BINAUTHZ_POLICY)
    if not policies:
        return [
            ctx.missing(
                "Binary Authorization policy",
                "write the project's policy: default ALWAYS_DENY, allowlist the app's image and "
                "spec.gcp.allowed_registries, globalPolicyEvaluationMode ENABLE",
            )
        ]
    out = []
    images = [
        str(get(container, "image"))
        for w in ctx.of(*WORKLOAD_TYPES)
        for container in get(w.inputs, "spec.template.spec.containers", []) or []
    ]
    for p in policies:
        rule_ = get(p.inputs, "defaultAdmissionRule", {}) or {}
        evaluation, enforcement = get(rule_, "evaluationMode"), get(rule_, "enforcementMode")
        found = f"defaultAdmissionRule = {show(evaluation)}/{show(enforcement)}"
        out.append(
            ctx.ok(p, found)
            if evaluation in DENYING_MODES and enforcement == ENFORCED
            else ctx.bad(p, found, "set defaultAdmissionRule ALWAYS_DENY, ENFORCED_BLOCK_AND_AUDIT_LOG")
        )
        out.append(ctx.expect(p, "globalPolicyEvaluationMode", GLOBAL_POLICY))
        patterns = [str(get(w, "namePattern")) for w in get(p.inputs, "admissionWhitelistPatterns", []) or []]
        if ctx.spec is not None:
            app = ctx.spec.app.image if ctx.spec.app.enabled else None
            allowed = list(ctx.spec.gcp.allowed_registries)
            # Beyond the spec's registries, only the exact app image (no wildcard) may be listed.
            extra = [
                pattern
                for pattern in patterns
                if pattern not in allowed and ("*" in pattern or app is None or not admits(pattern, app))
            ]
            out.append(
                ctx.bad(
                    p,
                    f"admissionWhitelistPatterns {extra} not in the spec",
                    "allowlist only the app's exact image and spec.gcp.allowed_registries",
                )
                if extra
                else ctx.ok(p, f"admissionWhitelistPatterns = {patterns}")
            )
        for image in images:
            hit = any(admits(pattern, image) for pattern in patterns)
            found = f"workload image {image!r} " + ("admitted" if hit else "matches no allowlist pattern")
            out.append(
                ctx.ok(p, found) if hit else ctx.bad(p, found, "add its registry to spec.gcp.allowed_registries")
            )
    return out


def full_name(image: str) -> str:
    """An image as Binary Authorization matches it: Docker Hub's implicit registry (and `library/` for official
    images) made explicit, "nginx:1.27" -> "docker.io/library/nginx:1.27"."""
    first, _, rest = image.partition("/")
    if rest and ("." in first or ":" in first or first == "localhost"):
        return image
    return f"{DOCKER_HUB}/{image}" if rest else f"{DOCKER_HUB}/library/{image}"


def admits(pattern: str, image: str) -> bool:
    """Whether allowlist `pattern` admits `image`: a trailing `**` any depth, a trailing `*` not across `/`,
    else the exact name (AdmissionWhitelistPattern.namePattern, read 2026-12-02)."""
    name = full_name(image)
    if pattern.endswith("**"):
        return name.startswith(pattern[:-2])
    if pattern.endswith("*"):
        head = pattern[:-1]
        return name.startswith(head) and "/" not in name[len(head) :]
    return name == pattern
