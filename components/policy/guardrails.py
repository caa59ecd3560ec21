"""In-cluster guardrail rules NET-09 (default-deny NetworkPolicies) and GOV-04 (admission guardrails).

Both read Kubernetes objects of the in-cluster layer, so they are the same on every cloud: NetworkPolicy is
enforced by each cloud's dataplane (NET-04), and ValidatingAdmissionPolicy is stable since Kubernetes 1.30,
kumo's oldest minor.
"""

from __future__ import annotations

from typing import Any

from components.kubernetes.guardrails import LB_POLICY, VOLUME_POLICY
from components.policy.inputs import get, show
from components.policy.model import Context, Finding, rule
from components.records import Resource

NAMESPACE = "kubernetes:core/v1:Namespace"
NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy"
ADMISSION_POLICY = "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy"
ADMISSION_BINDING = "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding"
BOTH = {"Ingress", "Egress"}
NET_09_NOTE = (
    "a NetworkPolicy with podSelector {} and policyTypes [Ingress, Egress] and no rules in each of kumo's "
    "namespaces; no other policy there may allow every port or every destination (CKV2_K8S_6: every pod is "
    "selected by a NetworkPolicy). Enforced by the cluster's dataplane (NET-04)"
)
GOV_04_NOTE = (
    f"ValidatingAdmissionPolicies {LB_POLICY} (a Service of type LoadBalancer must carry the cloud's internal "
    f"annotations or be allow-listed) and {VOLUME_POLICY} (no hostPath or nfs volume outside kube-system), "
    "failurePolicy Fail, each bound with validationActions [Deny]; spec.guardrails turns one off only with a waiver"
)

NET_09 = rule(
    "NET-09",
    "Every namespace kumo creates denies all ingress and egress by default; allows are port- and peer-specific",
    severity="high",
    checkov=("CKV2_K8S_6",),
    notes=dict.fromkeys(("aws", "azure", "gcp"), NET_09_NOTE),
)


def _empty_selector(selector: Any) -> bool:
    return not (get(selector or {}, "matchLabels") or get(selector or {}, "matchExpressions"))


def _open_rule(direction: str, item: dict[str, Any]) -> str | None:
    """Why one ingress/egress rule allows too much (None when it names its ports and, for egress, its peers)."""
    peers = item.get("from" if direction == "ingress" else "to")
    if not item.get("ports"):
        return f"{direction} rule {show(item)} allows every port"
    if direction == "egress" and not peers:
        return f"egress rule {show(item)} allows every destination"
    return None


@NET_09.on("aws", "azure", "gcp")
def _net09(ctx: Context) -> list[Finding]:
    policies = ctx.of(NETWORK_POLICY)
    out: list[Finding] = []
    for ns in ctx.of(NAMESPACE):
        name = get(ns.inputs, "metadata.name")
        here = [p for p in policies if get(p.inputs, "metadata.namespace") == name]
        deny = [
            p
            for p in here
            if _empty_selector(get(p.inputs, "spec.podSelector"))
            and set(get(p.inputs, "spec.policyTypes", []) or []) >= BOTH
            and not get(p.inputs, "spec.ingress")
            and not get(p.inputs, "spec.egress")
        ]
        too_open = [
            f"{get(p.inputs, 'metadata.name')}: {why}"
            for p in here
            for direction in ("ingress", "egress")
            for item in get(p.inputs, f"spec.{direction}", []) or []
            if (why := _open_rule(direction, item))
        ]
        if not deny:
            out.append(
                ctx.bad(
                    ns,
                    f"namespace {name}: no NetworkPolicy with podSelector {{}} denying Ingress and Egress "
                    f"(policies: {show([get(p.inputs, 'metadata.name') for p in here])})",
                    f"add a default-deny NetworkPolicy in {name}: podSelector {{}}, policyTypes [Ingress, Egress], "
                    "no rules",
                )
            )
        elif too_open:
            out.append(
                ctx.bad(ns, f"namespace {name}: " + "; ".join(too_open), "name the ports (and egress peers) allowed")
            )
        else:
            out.append(ctx.ok(ns, f"namespace {name}: default-deny {get(deny[0].inputs, 'metadata.name')}"))
    return out or [ctx.missing("namespace created by kumo", "kumo creates its namespace in the in-cluster layer")]


GOV_04 = rule(
    "GOV-04",
    "Admission guardrails on: public LoadBalancer Services and hostPath/inline NFS volumes refused",
    severity="high",
    notes=dict.fromkeys(("aws", "azure", "gcp"), GOV_04_NOTE),
)

EXPECTED_TERMS = {LB_POLICY: ("object.spec.type",), VOLUME_POLICY: ("hostPath", "nfs")}
"""What each policy's expressions must read, so an emptied or unrelated expression fails."""


def guardrail(ctx: Context, name: str) -> tuple[Resource | None, Finding]:
    """The admission policy `name` and whether it is in force (failurePolicy Fail, bound with Deny)."""
    policy = next((p for p in ctx.of(ADMISSION_POLICY) if get(p.inputs, "metadata.name") == name), None)
    if policy is None:
        return None, ctx.missing(
            f"ValidatingAdmissionPolicy {name}", "turn spec.guardrails back on (or waive GOV-04 with the reason)"
        )
    expressions = " ".join(str(v.get("expression", "")) for v in get(policy.inputs, "spec.validations", []) or [])
    missing = [t for t in EXPECTED_TERMS.get(name, ()) if t not in expressions]
    bindings = [b for b in ctx.of(ADMISSION_BINDING) if get(b.inputs, "spec.policyName") == name]
    actions = [get(b.inputs, "spec.validationActions") for b in bindings]
    failure = get(policy.inputs, "spec.failurePolicy")
    if missing or failure != "Fail" or ["Deny"] not in actions:
        return policy, ctx.bad(
            policy,
            f"{name}: failurePolicy = {show(failure)}, bindings' validationActions = {show(actions)}"
            + (f", expressions do not read {missing}" if missing else ""),
            f"set failurePolicy Fail and bind {name} with validationActions [Deny]",
        )
    return policy, ctx.ok(policy, f"{name}: failurePolicy Fail, bound with validationActions [Deny]")


@GOV_04.on("aws", "azure", "gcp")
def _gov04(ctx: Context) -> list[Finding]:
    return [guardrail(ctx, name)[1] for name in (LB_POLICY, VOLUME_POLICY)]
