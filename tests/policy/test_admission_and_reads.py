"""GOV-01 reads the admission policies themselves, LOG-04 the audit of Secret reads, IAM-05 is n/a on GKE without
Google Groups for RBAC; and the programs write those policies (issue 16)."""

from __future__ import annotations

from typing import Any

import pytest

from components.gcp.admission_facts import admitted_patterns, image_pattern
from components.offline import plan_stack
from components.policy.admission import admits
from components.records import Resource
from components.spec.errors import SpecError
from components.stackfiles import load_stack
from tests.policy.fixtures import plan, spec
from tests.policy.mutations import status

APP = "kubernetes:apps/v1:Deployment"


def deployment(image: str) -> Resource:
    return Resource(
        urn="urn:app",
        id="app",
        type=APP,
        name="app",
        parent=None,
        custom=True,
        provider=None,
        inputs={"spec": {"template": {"spec": {"containers": [{"name": "app", "image": image}]}}}},
        secret_paths=[],
        property_dependencies={},
        options={},
    )


def test_image_patterns_make_docker_hub_explicit() -> None:
    assert (
        image_pattern("nginxinc/nginx-unprivileged:1.27-alpine") == "docker.io/nginxinc/nginx-unprivileged:1.27-alpine"
    )
    assert image_pattern("nginx@sha256:abc") == "docker.io/library/nginx@sha256:abc"
    assert image_pattern("us-docker.pkg.dev/p/r/app:1") == "us-docker.pkg.dev/p/r/app:1"
    assert admitted_patterns("nginx:1", ["gcr.io/p/**", "docker.io/library/nginx:1"]) == [
        "docker.io/library/nginx:1",
        "gcr.io/p/**",
    ]
    assert admits("gcr.io/p/**", "gcr.io/p/a/b:1") and not admits("gcr.io/p/*", "gcr.io/p/a/b:1")
    assert admits("gcr.io/p/*", "gcr.io/p/a:1") and not admits("gcr.io/q/**", "gcr.io/p/a:1")


def test_gov01_gcp_fails_on_a_workload_image_the_policy_does_not_admit() -> None:
    resources = plan("gcp")
    resources.append(deployment("ghcr.io/someone/app:1"))
    result = status(resources, "gcp", "GOV-01")
    assert result.status == "fail"
    assert [f.found for f in result.failures] == ["workload image 'ghcr.io/someone/app:1' matches no allowlist pattern"]
    allowed = spec(
        gcp={"security_group": "gke-security-groups@example.com", "allowed_registries": ["ghcr.io/someone/*"]}
    )
    policy = next(r for r in resources if r.type == "gcp:binaryauthorization/policy:Policy")
    policy.inputs["admissionWhitelistPatterns"].append({"namePattern": "ghcr.io/someone/*"})
    assert status(resources, "gcp", "GOV-01", spec=allowed).status == "pass"


def test_iam05_gcp_is_not_applicable_without_a_security_group() -> None:
    resources = plan("gcp")
    cluster = next(r for r in resources if r.type == "gcp:container/cluster:Cluster")
    del cluster.inputs["authenticatorGroupsConfig"]
    result = status(resources, "gcp", "IAM-05", spec=spec(gcp={}))
    assert result.status == "n/a"
    assert result.reason.startswith("no Google Groups for RBAC: spec.gcp.security_group is unset")


@pytest.mark.parametrize("bad", ["*", "docker.io*", "gcr.io/", "gcr.io/a*/b", "nginx"])
def test_allowed_registries_reject_what_binary_authorization_refuses(bad: str) -> None:
    with pytest.raises(SpecError) as err:
        spec(gcp={"allowed_registries": [bad]})
    assert "gcp.allowed_registries" in str(err.value)
    assert "is not a Binary Authorization image pattern" in str(err.value)


@pytest.fixture(scope="module")
def plans() -> dict[str, list[Resource]]:
    return {name: plan_stack(load_stack(name)).resources for name in ("gcp-prod", "azure-prod")}


def one(resources: list[Resource], type_: str) -> dict[str, Any]:
    found = [r for r in resources if r.type == type_]
    assert len(found) == 1, type_
    return found[0].inputs


def test_gke_program_writes_a_denying_binary_authorization_policy(plans: dict[str, list[Resource]]) -> None:
    inputs = one(plans["gcp-prod"], "gcp:binaryauthorization/policy:Policy")
    assert inputs["defaultAdmissionRule"] == {
        "evaluationMode": "ALWAYS_DENY",
        "enforcementMode": "ENFORCED_BLOCK_AND_AUDIT_LOG",
    }
    assert inputs["globalPolicyEvaluationMode"] == "ENABLE"
    assert inputs["project"] == "kumo-prod-project"
    app_image = load_stack("gcp-prod").spec().app.image
    assert inputs["admissionWhitelistPatterns"] == [{"namePattern": image_pattern(app_image)}]


def test_gke_program_audits_kubernetes_api_reads(plans: dict[str, list[Resource]]) -> None:
    inputs = one(plans["gcp-prod"], "gcp:projects/iAMAuditConfig:IAMAuditConfig")
    assert inputs["service"] == "container.googleapis.com"
    assert inputs["auditLogConfigs"] == [{"logType": "ADMIN_READ"}, {"logType": "DATA_READ"}]


def test_aks_program_assigns_the_pod_security_baseline_with_deny(plans: dict[str, list[Resource]]) -> None:
    inputs = one(plans["azure-prod"], "azure-native:authorization:PolicyAssignment")
    assert inputs["policyDefinitionId"] == (
        "/providers/Microsoft.Authorization/policySetDefinitions/a8640138-9b0a-4a28-b8cb-1666c838647d"
    )
    assert inputs["parameters"] == {
        "effect": {"value": "Deny"},
        "excludedNamespaces": {"value": ["kube-system", "gatekeeper-system", "azure-arc"]},
    }
    assert inputs["enforcementMode"] == "Default"


@pytest.mark.parametrize(
    ("name", "rule"),
    [("gcp-prod", "GOV-01"), ("gcp-prod", "LOG-04"), ("azure-prod", "GOV-01"), ("azure-prod", "LOG-04")],
)
def test_prod_stacks_pass(plans: dict[str, list[Resource]], name: str, rule: str) -> None:
    stack = load_stack(name)
    assert status(plans[name], stack.cloud, rule, spec=stack.spec()).status == "pass"
