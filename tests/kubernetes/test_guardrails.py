"""The guardrail manifests: valid against the Kubernetes schemas, and their CEL evaluated on sample objects.

The CEL runs in cel-python (celpy): the expressions avoid optional-field syntax so that the API server and
cel-python read them the same way.
"""

from __future__ import annotations

from typing import Any

import celpy
import kubernetes_validate
import pytest
from celpy.adapter import json_to_cel

from components.clouds import CLOUDS, cloud
from components.kubernetes import guardrails

KUBERNETES = "1.36"  # the default stacks' minor (stacks/Pulumi.*.yaml kubernetes_version)
AWS_INTERNAL = {
    "service.beta.kubernetes.io/aws-load-balancer-type": "external",
    "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
    "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
    "service.beta.kubernetes.io/aws-load-balancer-attributes": "load_balancing.cross_zone.enabled=true",
}


def admits(expression: str, obj: dict[str, Any], namespace: str = "web") -> bool:
    env = celpy.Environment()
    program = env.program(env.compile(expression))
    activation = {"object": json_to_cel(obj), "request": json_to_cel({"namespace": namespace})}
    return bool(program.evaluate(activation))  # type: ignore[arg-type]


def service(name: str, kind: str = "LoadBalancer", annotations: dict[str, str] | None = None, **spec: Any) -> Any:
    meta: dict[str, Any] = {"name": name}
    if annotations is not None:
        meta["annotations"] = annotations
    return {"metadata": meta, "spec": {"type": kind, **spec}}


def lb_expression(internal: dict[str, str], public: dict[str, list[str]]) -> str:
    return guardrails.load_balancer_policy(internal, public)["spec"]["validations"][0]["expression"]


@pytest.mark.parametrize("name", CLOUDS)
def test_manifests_are_valid_kubernetes_objects(name: str) -> None:
    internal = dict(cloud(name).lb_annotations["internal"])
    for manifest in (
        guardrails.load_balancer_policy(internal, {"web/front": ["203.0.113.0/24"], "kumo/kumo-app": []}),
        guardrails.volume_policy(),
        guardrails.binding(guardrails.LB_POLICY),
        guardrails.binding(guardrails.VOLUME_POLICY, guardrails.EXEMPT_NAMESPACES),
        guardrails.default_deny("kumo"),
        guardrails.app_allow("kumo", {"app.kubernetes.io/name": "kumo-app"}, 8080),
    ):
        kubernetes_validate.validate(manifest, KUBERNETES, strict=True)


def test_aws_internal_service_needs_every_internal_annotation() -> None:
    expression = lb_expression(AWS_INTERNAL, {})
    assert admits(expression, service("ok", annotations=dict(AWS_INTERNAL)))
    assert admits(expression, service("more", annotations={**AWS_INTERNAL, "team": "web"}))
    # Without type=external the legacy cloud provider makes a public CLB whatever the scheme says.
    partial = {k: v for k, v in AWS_INTERNAL.items() if not k.endswith("-type")}
    assert not admits(expression, service("partial", annotations=partial))
    assert not admits(
        expression,
        service(
            "facing",
            annotations={**AWS_INTERNAL, "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing"},
        ),
    )
    assert not admits(expression, service("bare"))
    assert not admits(expression, service("empty", annotations={}))


@pytest.mark.parametrize(
    ("internal", "wrong"),
    [
        ({"service.beta.kubernetes.io/azure-load-balancer-internal": "true"}, "false"),
        ({"networking.gke.io/load-balancer-type": "Internal"}, "External"),
    ],
)
def test_azure_and_gcp_internal_annotation(internal: dict[str, str], wrong: str) -> None:
    expression = lb_expression(internal, {})
    key = next(iter(internal))
    assert admits(expression, service("ok", annotations=internal))
    assert not admits(expression, service("wrong", annotations={key: wrong}))
    assert not admits(expression, service("bare"))


def test_other_service_types_are_not_judged() -> None:
    expression = lb_expression(AWS_INTERNAL, {})
    assert admits(expression, service("cluster-ip", kind="ClusterIP"))
    assert admits(expression, service("node-port", kind="NodePort"))


def test_allow_listed_public_service_opens_only_its_ranges() -> None:
    expression = lb_expression(AWS_INTERNAL, {"web/front": ["203.0.113.0/24", "198.51.100.0/24"]})
    assert admits(expression, service("front", loadBalancerSourceRanges=["203.0.113.0/24"]))
    assert not admits(expression, service("front"))  # no ranges: open to all
    assert not admits(expression, service("front", loadBalancerSourceRanges=[]))
    assert not admits(expression, service("front", loadBalancerSourceRanges=["203.0.113.0/24", "0.0.0.0/0"]))
    assert not admits(expression, service("front", loadBalancerSourceRanges=["203.0.113.0/24"]), namespace="other")
    assert not admits(expression, service("back", loadBalancerSourceRanges=["203.0.113.0/24"]))


def test_kumo_own_public_app_is_listed_without_ranges() -> None:
    expression = lb_expression(AWS_INTERNAL, {"kumo/kumo-app": []})
    assert admits(expression, service("kumo-app"), namespace="kumo")
    assert not admits(expression, service("kumo-app"), namespace="web")


def test_volume_policy_refuses_host_path_and_inline_nfs() -> None:
    expression = guardrails.VOLUME_EXPRESSION

    def pod(*volumes: dict[str, Any]) -> dict[str, Any]:
        return {"metadata": {"name": "p"}, "spec": {"containers": [{"name": "c"}], "volumes": list(volumes)}}

    assert admits(expression, {"metadata": {"name": "p"}, "spec": {"containers": [{"name": "c"}]}})
    assert admits(
        expression, pod({"name": "d", "persistentVolumeClaim": {"claimName": "shared"}}, {"name": "t", "emptyDir": {}})
    )
    assert not admits(expression, pod({"name": "h", "hostPath": {"path": "/var/run"}}))
    assert not admits(
        expression, pod({"name": "t", "emptyDir": {}}, {"name": "n", "nfs": {"server": "10.0.0.2", "path": "/"}})
    )


def test_binding_exempts_kube_system_only_for_volumes() -> None:
    assert guardrails.binding(guardrails.VOLUME_POLICY, guardrails.EXEMPT_NAMESPACES)["spec"] == {
        "policyName": "kumo-no-host-volumes",
        "validationActions": ["Deny"],
        "matchResources": {
            "namespaceSelector": {
                "matchExpressions": [
                    {"key": "kubernetes.io/metadata.name", "operator": "NotIn", "values": ["kube-system"]}
                ]
            }
        },
    }
    assert guardrails.binding(guardrails.LB_POLICY)["spec"] == {
        "policyName": "kumo-internal-load-balancers",
        "validationActions": ["Deny"],
    }


def test_app_network_policy_allows_its_port_and_dns_only() -> None:
    spec = guardrails.app_allow("kumo", {"app.kubernetes.io/name": "kumo-app"}, 8080)["spec"]
    assert spec["ingress"] == [{"ports": [{"protocol": "TCP", "port": 8080}]}]
    assert spec["egress"] == [
        {
            "to": [
                {
                    "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}},
                    "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}},
                }
            ],
            "ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}],
        }
    ]
    assert guardrails.default_deny("kumo")["spec"] == {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}
