"""Cluster-wide admission guardrails and per-namespace network isolation, the same on every cloud.

Two ValidatingAdmissionPolicies (admissionregistration.k8s.io/v1, stable since Kubernetes 1.30:
https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/, read 2026-12-02), each
bound with validationActions [Deny]:

- `kumo-internal-load-balancers`: a Service of type LoadBalancer must carry every annotation the cloud's
  registry record asks an internal load balancer with (`Cloud.lb_annotations["internal"]`), unless the spec
  allow-lists it (`load_balancer.public_services`, each with the source ranges it may open) or it is kumo's own
  app Service under a public scheme.
- `kumo-no-host-volumes`: a Pod outside kube-system may not use a hostPath or an inline `nfs:` volume (the
  shared store is reachable only through kumo's PersistentVolume).

And a NetworkPolicy pair in every namespace kumo creates: deny all ingress and egress, then allow exactly
what the reference app needs (its port; DNS to kube-system). CSI volumes are mounted by the kubelet on the
node, not from the pod's network namespace ("the kubelet ... calls NodePublishVolume", CSI spec / Kubernetes
CSI docs https://kubernetes-csi.github.io/docs/ , read 2026-12-02), so no egress to the shared store is needed.

The manifests are plain camelCase mappings: the tests validate them against the Kubernetes schemas and
evaluate the CEL expressions with cel-python; Pulumi receives the same mappings.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

LB_POLICY = "kumo-internal-load-balancers"
VOLUME_POLICY = "kumo-no-host-volumes"
DEFAULT_DENY = "kumo-default-deny"
APP_ALLOW = "kumo-app-allow"
EXEMPT_NAMESPACES = ("kube-system",)
"""Namespaces the volume guardrail leaves alone: the clouds' node agents and CSI drivers run there."""
PUBLIC_SERVICES_ANNOTATION = "kumo.io/public-services"
"""On the load-balancer policy: its allow-list as JSON (namespace/name -> source ranges), for the rules."""
MANAGED = {"app.kubernetes.io/managed-by": "kumo"}


def _quote(text: str) -> str:
    """A CEL string literal (JSON's escaping is a subset of CEL's)."""
    return json.dumps(text)


def _list(items: Sequence[str]) -> str:
    return "[" + ", ".join(_quote(i) for i in items) + "]"


def internal_expression(annotations: Mapping[str, str]) -> str:
    """CEL: the object carries every one of `annotations` with its exact value (has() guards, no `?.`)."""
    checks = [
        f"{_quote(key)} in object.metadata.annotations && object.metadata.annotations[{_quote(key)}] == {_quote(v)}"
        for key, v in sorted(annotations.items())
    ]
    return "(has(object.metadata.annotations) && " + " && ".join(checks) + ")"


def allowed_expression(public: Mapping[str, Sequence[str]]) -> str:
    """CEL: the Service is allow-listed; one with ranges may open only those (and must open some)."""
    name = 'request.namespace + "/" + object.metadata.name'
    terms = []
    for service, ranges in sorted(public.items()):
        if ranges:
            terms.append(
                f"({name} == {_quote(service)} && has(object.spec.loadBalancerSourceRanges) && "
                f"size(object.spec.loadBalancerSourceRanges) > 0 && "
                f"object.spec.loadBalancerSourceRanges.all(r, r in {_list(ranges)}))"
            )
        else:
            terms.append(f"{name} == {_quote(service)}")
    return " || ".join(terms) if terms else "false"


def load_balancer_policy(internal: Mapping[str, str], public: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """The policy refusing public LoadBalancer Services; `public`: namespace/name -> allowed source ranges
    (empty: kumo's own Service, whose ranges the spec and NET-07 govern)."""
    expression = (
        "object.spec.type != 'LoadBalancer' || " + internal_expression(internal) + " || " + allowed_expression(public)
    )
    wanted = ", ".join(f"{k}: {v!r}" for k, v in sorted(internal.items()))
    return {
        "apiVersion": "admissionregistration.k8s.io/v1",
        "kind": "ValidatingAdmissionPolicy",
        "metadata": {
            "name": LB_POLICY,
            "labels": dict(MANAGED),
            "annotations": {PUBLIC_SERVICES_ANNOTATION: json.dumps({k: list(v) for k, v in sorted(public.items())})},
        },
        "spec": {
            "failurePolicy": "Fail",
            "matchConstraints": {
                "resourceRules": [
                    {
                        "apiGroups": [""],
                        "apiVersions": ["v1"],
                        "operations": ["CREATE", "UPDATE"],
                        "resources": ["services"],
                    }
                ]
            },
            "validations": [
                {
                    "expression": expression,
                    "message": f"a Service of type LoadBalancer must be internal (annotations {wanted}); a public "
                    "one must be listed in kumo's load_balancer.public_services with its source_cidrs",
                    "reason": "Forbidden",
                }
            ],
        },
    }


VOLUME_EXPRESSION = "!has(object.spec.volumes) || object.spec.volumes.all(v, !has(v.hostPath) && !has(v.nfs))"


def volume_policy() -> dict[str, Any]:
    """The policy refusing hostPath and inline nfs volumes (the binding exempts kube-system)."""
    return {
        "apiVersion": "admissionregistration.k8s.io/v1",
        "kind": "ValidatingAdmissionPolicy",
        "metadata": {"name": VOLUME_POLICY, "labels": dict(MANAGED)},
        "spec": {
            "failurePolicy": "Fail",
            "matchConstraints": {
                "resourceRules": [
                    {
                        "apiGroups": [""],
                        "apiVersions": ["v1"],
                        "operations": ["CREATE", "UPDATE"],
                        "resources": ["pods"],
                    }
                ]
            },
            "validations": [
                {
                    "expression": VOLUME_EXPRESSION,
                    "message": "hostPath and inline nfs volumes are refused outside kube-system: mount storage "
                    "through a PersistentVolumeClaim",
                    "reason": "Forbidden",
                }
            ],
        },
    }


def binding(policy: str, exempt: Sequence[str] = ()) -> dict[str, Any]:
    """A Deny binding of `policy`, leaving the namespaces `exempt` out."""
    spec: dict[str, Any] = {"policyName": policy, "validationActions": ["Deny"]}
    if exempt:
        spec["matchResources"] = {
            "namespaceSelector": {
                "matchExpressions": [
                    {"key": "kubernetes.io/metadata.name", "operator": "NotIn", "values": list(exempt)}
                ]
            }
        }
    return {
        "apiVersion": "admissionregistration.k8s.io/v1",
        "kind": "ValidatingAdmissionPolicyBinding",
        "metadata": {"name": policy, "labels": dict(MANAGED)},
        "spec": spec,
    }


def default_deny(namespace: str) -> dict[str, Any]:
    """Deny every ingress and egress of every pod in `namespace` (allows are added by other policies)."""
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": {"name": DEFAULT_DENY, "namespace": namespace, "labels": dict(MANAGED)},
        "spec": {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]},
    }


DNS_LABELS = {"k8s-app": "kube-dns"}
"""The cluster DNS pods' label on EKS (CoreDNS), AKS (CoreDNS) and GKE (kube-dns): all keep k8s-app=kube-dns."""


def app_allow(namespace: str, selector: Mapping[str, str], port: int) -> dict[str, Any]:
    """The app's exact allows: ingress to its port, egress to the cluster DNS only.

    Ingress names the port and no source: every cloud's L4 load balancer delivers client traffic through the
    nodes with the client's address kept (AWS NLB IP targets, Azure Standard LB, GKE passthrough), and its
    health checks come from the cloud's probe ranges, so no pod or CIDR selector covers them all; who reaches
    the load balancer is governed by its scheme and loadBalancerSourceRanges (NET-07), and every other port of
    every pod here stays closed.
    """
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": {"name": APP_ALLOW, "namespace": namespace, "labels": dict(MANAGED)},
        "spec": {
            "podSelector": {"matchLabels": dict(selector)},
            "policyTypes": ["Ingress", "Egress"],
            "ingress": [{"ports": [{"protocol": "TCP", "port": port}]}],
            "egress": [
                {
                    "to": [
                        {
                            "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}},
                            "podSelector": {"matchLabels": dict(DNS_LABELS)},
                        }
                    ],
                    "ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}],
                }
            ],
        },
    }
