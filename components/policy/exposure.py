"""Load-balancer exposure rules NET-07 and NET-08: Services internal by default, public ones restricted."""

from __future__ import annotations

import json
from collections.abc import Callable

from components.kubernetes.guardrails import LB_POLICY, PUBLIC_SERVICES_ANNOTATION
from components.policy.guardrails import guardrail
from components.policy.inputs import get, is_true, open_cidrs, show
from components.policy.model import Context, Finding, rule
from components.records import Resource

SERVICE = "kubernetes:core/v1:Service"

INTERNAL_LB: dict[str, tuple[str, str]] = {
    # cloud -> (annotation, value) that makes a Service's load balancer internal. The rules' own table, kept
    # apart from the clouds' traits (components/<cloud>/traits.py) so that a wrong trait fails a rule.
    "aws": ("service.beta.kubernetes.io/aws-load-balancer-scheme", "internal"),
    "azure": ("service.beta.kubernetes.io/azure-load-balancer-internal", "true"),
    "gcp": ("networking.gke.io/load-balancer-type", "Internal"),
}


def load_balancer_services(ctx: Context) -> list[Resource]:
    return [s for s in ctx.of(SERVICE) if get(s.inputs, "spec.type") == "LoadBalancer"]


def is_internal(ctx: Context, service: Resource) -> bool:
    annotation, value = INTERNAL_LB[ctx.cloud]
    return get(service.inputs, "metadata.annotations", {}).get(annotation) == value


NET_07 = rule(
    "NET-07",
    "Service load balancers internal by default; public ones restricted by source ranges",
    severity="medium",
    cis=("EKS 5.4.5", "AKS 5.4.5", "GKE 5.6.7"),
    notes={
        "aws": "Service annotation service.beta.kubernetes.io/aws-load-balancer-scheme = internal; admission "
        f"policy {LB_POLICY} demands it of every other LoadBalancer Service. CKV_AWS_2, CKV_AWS_103 and "
        "CKV2_AWS_74 are not cited here: they judge a listener's protocol and TLS policy, not its scheme "
        "(NET-08 cites them)",
        "azure": 'Service annotation service.beta.kubernetes.io/azure-load-balancer-internal = "true"; '
        f"networkProfile.loadBalancerSku = standard; admission policy {LB_POLICY} demands it of every other "
        "LoadBalancer Service",
        "gcp": "Service annotation networking.gke.io/load-balancer-type = Internal; admission policy "
        f"{LB_POLICY} demands it of every other LoadBalancer Service",
    },
)


def _guarded(ctx: Context) -> list[Finding]:
    """The Services kumo does not declare: the admission policy must refuse them unless internal or listed."""
    annotation, value = INTERNAL_LB[ctx.cloud]
    policy, finding = guardrail(ctx, LB_POLICY)
    if policy is None or not finding.passed:
        return [finding]
    expressions = " ".join(str(v.get("expression", "")) for v in get(policy.inputs, "spec.validations", []) or [])
    demand = f"object.metadata.annotations[{json.dumps(annotation)}] == {json.dumps(value)}"
    if demand not in expressions:
        return [
            ctx.bad(
                policy,
                f"{LB_POLICY} does not demand annotation {annotation} = {value!r} of LoadBalancer Services",
                f"make the policy require {annotation}: {value!r} (the cloud's internal annotation)",
            )
        ]
    listed = json.loads((get(policy.inputs, "metadata.annotations", {}) or {}).get(PUBLIC_SERVICES_ANNOTATION) or "{}")
    declared = {f"{get(s.inputs, 'metadata.namespace')}/{get(s.inputs, 'metadata.name')}" for s in ctx.of(SERVICE)}
    unbounded = sorted(name for name, ranges in listed.items() if not ranges and name not in declared)
    if unbounded:
        return [
            ctx.bad(
                policy,
                f"{LB_POLICY} allows {unbounded} public with any source range",
                "give each of load_balancer.public_services its source_cidrs",
            )
        ]
    return [ctx.ok(policy, f"{LB_POLICY} refuses other public LoadBalancer Services (allow-list: {show(listed)})")]


@NET_07.on("aws", "gcp")
def _net07(ctx: Context) -> list[Finding]:
    out = []
    annotation, value = INTERNAL_LB[ctx.cloud]
    for svc in load_balancer_services(ctx):
        ranges = get(svc.inputs, "spec.loadBalancerSourceRanges", [])
        if is_internal(ctx, svc):
            out.append(ctx.ok(svc, f"metadata.annotations[{annotation}] = {value!r} (internal)"))
        else:
            opened = open_cidrs(ranges) if ranges else ["any source"]
            detail = f"public load balancer, spec.loadBalancerSourceRanges = {show(ranges or None)}"
            out.append(
                ctx.bad(
                    svc,
                    detail + (f" (open to {', '.join(opened)})" if opened else ""),
                    f"set scheme internal (annotation {annotation}: {value!r}); a public one needs a "
                    "waiver and loadBalancerSourceRanges",
                )
            )
    if not load_balancer_services(ctx):
        out.append(ctx.ok(None, "no Service of type LoadBalancer"))
    return out + _guarded(ctx)


@NET_07.on("azure")
def _net07_azure(ctx: Context) -> list[Finding]:
    return [ctx.expect(c, "networkProfile.loadBalancerSku", "standard") for c in ctx.clusters()] + _net07(ctx)


NET_08 = rule(
    "NET-08",
    "Public load balancers terminate TLS >= 1.2 and keep access logs",
    severity="medium",
    cis=("GKE 5.6.7",),
    checkov=("CKV_AWS_2", "CKV_AWS_103", "CKV2_AWS_74"),
    notes={
        "aws": "public Service: aws-load-balancer-ssl-cert, ssl-negotiation-policy ELBSecurityPolicy-TLS13-1-2-*, "
        'access-log-enabled = "true"; internal load balancers pass. CKV_AWS_91 (access logs), CKV_AWS_150 '
        "(deletion protection) and CKV2_AWS_20 (HTTP redirected to HTTPS) are not cited: they want these of "
        "every load balancer, and kumo's internal NLB is plain TCP on port 80 with neither",
        "azure": "an AKS Service load balancer is L4 and cannot terminate TLS: a public one fails (front it with "
        "Application Gateway / an ingress with a TLS 1.2 policy); internal ones pass",
        "gcp": "a GKE Service load balancer is L4 passthrough and cannot terminate TLS: a public one fails (use "
        "Gateway/Ingress with an SSL policy minTlsVersion TLS_1_2); internal ones pass",
    },
)

AWS_TLS = {
    "cert": "service.beta.kubernetes.io/aws-load-balancer-ssl-cert",
    "policy": "service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy",
    "logs": "service.beta.kubernetes.io/aws-load-balancer-access-log-enabled",
}


def _public_services(ctx: Context, judge: Callable[[Resource], Finding]) -> list[Finding]:
    """Every LoadBalancer Service: internal ones pass, public ones are judged."""
    out = [
        ctx.ok(svc, "internal load balancer") if is_internal(ctx, svc) else judge(svc)
        for svc in load_balancer_services(ctx)
    ]
    return out or [ctx.ok(None, "no Service of type LoadBalancer")]


@NET_08.on("aws")
def _net08_aws(ctx: Context) -> list[Finding]:
    def judge(svc: Resource) -> Finding:
        annotations = get(svc.inputs, "metadata.annotations", {})
        policy = str(annotations.get(AWS_TLS["policy"], ""))
        problems = [
            p
            for p, bad in (
                ("no ssl-cert", not annotations.get(AWS_TLS["cert"])),
                (
                    f"ssl-negotiation-policy {policy or '(absent)'}",
                    not policy.startswith("ELBSecurityPolicy-TLS13-1-2"),
                ),
                ("access logs off", not is_true(annotations.get(AWS_TLS["logs"]))),
            )
            if bad
        ]
        return (
            ctx.bad(
                svc,
                "public load balancer: " + ", ".join(problems),
                "annotate ssl-cert (ACM), ssl-negotiation-policy ELBSecurityPolicy-TLS13-1-2-2021-06 and "
                'access-log-enabled "true"',
            )
            if problems
            else ctx.ok(svc, "TLS 1.2+ and access logs")
        )

    return _public_services(ctx, judge)


@NET_08.on("azure", "gcp")
def _net08_l4(ctx: Context) -> list[Finding]:
    """AKS and GKE Service load balancers are L4: a public one cannot terminate TLS."""
    return _public_services(
        ctx,
        lambda svc: ctx.bad(
            svc,
            "public L4 load balancer: no TLS termination possible on this Service",
            "make it internal and publish it through an ingress/gateway with a TLS 1.2+ policy",
        ),
    )
