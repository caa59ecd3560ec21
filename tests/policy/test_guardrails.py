"""NET-07, NET-09 and GOV-04 on the guardrails: the spec's allow-list, and the rules reading the policies."""

from __future__ import annotations

import json

import pytest

from components.kubernetes import guardrails
from components.offline import plan_stack
from components.policy.engine import evaluate
from components.spec import SpecError, parse_spec
from components.stackfiles import load_stack
from tests.policy.fixtures import plan, spec
from tests.policy.mutations import drop, put, status

CLOUDS = ("aws", "azure", "gcp")
VAP = "v1:ValidatingAdmissionPolicy"


def test_public_service_without_source_cidrs_is_bad_input() -> None:
    with pytest.raises(SpecError) as error:
        parse_spec({"load_balancer": {"public_services": [{"service": "web/front"}]}}, default_name="t1")
    assert str(error.value).splitlines()[1:] == [
        "  kumo:cluster.load_balancer.public_services[0].source_cidrs = []: a public Service needs the client "
        "ranges it may open: add source_cidrs (e.g. [203.0.113.0/24]) for web/front, or leave it internal"
    ]


def test_public_service_must_be_namespace_slash_name_and_listed_once() -> None:
    entry = {"service": "front", "source_cidrs": ["203.0.113.0/24"]}
    with pytest.raises(SpecError) as error:
        parse_spec({"load_balancer": {"public_services": [entry]}}, default_name="t1")
    assert "public_services[0].service = 'front': must be NAMESPACE/NAME of a Service" in str(error.value)
    twice = {"service": "web/front", "source_cidrs": ["203.0.113.0/24"]}
    with pytest.raises(SpecError) as error:
        parse_spec({"load_balancer": {"public_services": [twice, twice]}}, default_name="t1")
    assert "public_services[1].service = 'web/front': is already listed" in str(error.value)


def test_guardrails_default_on() -> None:
    parsed = parse_spec({}, default_name="t1").guardrails
    assert (parsed.internal_load_balancers, parsed.host_volumes) == (True, True)


@pytest.mark.parametrize("cloud", CLOUDS)
def test_net07_fails_without_the_load_balancer_guardrail(cloud: str) -> None:
    resources = [r for r in plan(cloud) if r.name != "guardrail-lb"]
    result = status(resources, cloud, "NET-07")
    assert result.status == "fail"
    assert result.failures[0].found == "no ValidatingAdmissionPolicy kumo-internal-load-balancers in the plan"


@pytest.mark.parametrize("cloud", CLOUDS)
def test_net07_fails_when_the_guardrail_demands_another_clouds_annotation(cloud: str) -> None:
    other = {"aws": "gcp", "azure": "aws", "gcp": "azure"}[cloud]
    wrong = {
        "aws": ("service.beta.kubernetes.io/aws-load-balancer-scheme", "internal"),
        "azure": ("service.beta.kubernetes.io/azure-load-balancer-internal", "true"),
        "gcp": ("networking.gke.io/load-balancer-type", "Internal"),
    }[other]
    resources = plan(cloud)
    put(VAP, "spec", guardrails.load_balancer_policy(dict([wrong]), {})["spec"], name="guardrail-lb")(resources)
    assert status(resources, cloud, "NET-07").status == "fail"


def test_net07_fails_on_an_allow_listed_service_open_to_any_range() -> None:
    resources = plan("aws")
    listed = json.dumps({"web/front": []})
    put(VAP, "metadata.annotations", {guardrails.PUBLIC_SERVICES_ANNOTATION: listed}, name="guardrail-lb")(resources)
    result = status(resources, "aws", "NET-07")
    assert result.status == "fail"
    assert result.failures[0].found == "kumo-internal-load-balancers allows ['web/front'] public with any source range"


def test_net09_fails_on_an_allow_that_opens_every_port() -> None:
    resources = plan("azure")
    put("v1:NetworkPolicy", "spec.ingress", [{}], name="guardrail-netpol-app")(resources)
    result = status(resources, "azure", "NET-09")
    assert result.status == "fail"
    assert result.failures[0].found == "namespace kumo: kumo-app-allow: ingress rule {} allows every port"


def test_net09_fails_without_a_namespace() -> None:
    resources = plan("gcp")
    drop("core/v1:Namespace")(resources)
    assert status(resources, "gcp", "NET-09").failures[0].found == "no namespace created by kumo in the plan"


def test_turning_a_guardrail_off_fails_gov04_unless_waived() -> None:
    resources = [r for r in plan("gcp") if not r.name.startswith("guardrail-volumes")]
    off = spec(guardrails={"host_volumes": False})
    assert status(resources, "gcp", "GOV-04", spec=off).status == "fail"
    waived = spec(
        guardrails={"host_volumes": False},
        waivers=[{"rule": "GOV-04", "reason": "a node agent of ours mounts hostPath outside kube-system"}],
    )
    assert status(resources, "gcp", "GOV-04", spec=waived).status == "waived"


@pytest.mark.parametrize("name", ["aws-prod", "azure-dev", "gcp-prod"])
def test_default_stacks_pass_the_guardrail_rules(name: str) -> None:
    stack = load_stack(name)
    report = evaluate(
        plan_stack(stack).resources,
        stack.spec(),
        cloud=stack.cloud,  # type: ignore[arg-type]
        stack=name,
        only=["NET-09", "GOV-04"],
    )
    assert {r.rule.id: r.status for r in report.results} == {"NET-09": "pass", "GOV-04": "pass"}
