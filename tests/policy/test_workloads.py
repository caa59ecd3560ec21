"""GOV-05: the app's image pinned by digest (CKV_K8S_43), its uid >= 10000 (CKV_K8S_40), on every cloud."""

from __future__ import annotations

import pytest

from components.offline import plan_stack
from components.policy.engine import evaluate
from components.policy.model import RULES
from components.records import Resource
from components.stackfiles import load_stack
from tests.policy.fixtures import plan, spec
from tests.policy.mutations import DROP, put, status

APP = "apps/v1:Deployment"
PINNED = "nginxinc/nginx-unprivileged:1.31.6-alpine3.24@sha256:26b0bf6fbf07297983cb341998d79c831508787de26627dd2a112321b9c3a4af"
FIX_DIGEST = f"pin the image by digest: NAME[:TAG]@sha256:<64 hex digits>, e.g. {PINNED}"
FIX_UID = "run as a uid >= 10000 the image supports (kumo's app: runAsUser 10101)"


def test_the_rule_cites_checkovs_digest_and_high_uid_checks() -> None:
    rule = RULES["GOV-05"]
    assert (rule.title, rule.severity, rule.checkov) == (
        "Workloads kumo deploys run an image pinned by digest, as a uid >= 10000",
        "medium",
        ("CKV_K8S_43", "CKV_K8S_40"),
    )


@pytest.mark.parametrize("name", ["aws-prod", "azure-prod", "gcp-prod", "aws-dev", "azure-dev", "gcp-dev"])
def test_every_default_stack_passes_with_no_waiver(name: str) -> None:
    stack = load_stack(name)
    report = evaluate(plan_stack(stack).resources, stack.spec(), cloud=stack.cloud, stack=name, only=["GOV-05"])  # type: ignore[arg-type]
    [result] = report.results
    assert (result.status, [f.found for f in result.findings]) == (
        "pass",
        ["Deployment kumo-app containers[0] web: image pinned by digest, runAsUser 10101"],
    )
    assert "GOV-05" not in {w.rule for w in report.waivers}


@pytest.mark.parametrize("cloud", ["aws", "azure", "gcp"])
def test_the_old_apps_tag_and_uid_101_fail(cloud: str) -> None:
    resources = plan(cloud)
    put(APP, "spec.template.spec.containers.0.image", "nginxinc/nginx-unprivileged:1.27-alpine")(resources)
    put(APP, "spec.template.spec.securityContext.runAsUser", 101.0)(resources)
    result = status(resources, cloud, "GOV-05")
    assert result.status == "fail"
    assert [(f.found, f.fix) for f in result.failures] == [
        (
            "Deployment kumo-app containers[0] web: image = 'nginxinc/nginx-unprivileged:1.27-alpine' is not pinned "
            "by digest (CKV_K8S_43); the pod's securityContext.runAsUser = 101: runs as a uid below 10000 "
            "(CKV_K8S_40)",
            f"{FIX_DIGEST}; {FIX_UID}",
        )
    ]


def test_a_container_may_not_lower_the_pods_uid() -> None:
    resources = plan("aws")
    put(APP, "spec.template.spec.containers.0.securityContext", {"runAsUser": 9999})(resources)
    result = status(resources, "aws", "GOV-05")
    assert [(f.found, f.fix) for f in result.failures] == [
        (
            "Deployment kumo-app containers[0] web: securityContext.runAsUser = 9999: runs as a uid below 10000 "
            "(CKV_K8S_40)",
            FIX_UID,
        )
    ]


def test_an_unset_uid_fails_since_the_image_would_decide() -> None:
    resources = plan("gcp")
    put(APP, "spec.template.spec.securityContext.runAsUser", DROP)(resources)
    [failure] = status(resources, "gcp", "GOV-05").failures
    assert failure.found == (
        "Deployment kumo-app containers[0] web: the pod's securityContext.runAsUser = (absent): the image's own "
        "USER decides the uid (CKV_K8S_40)"
    )


@pytest.mark.parametrize(
    "image",
    [
        "nginxinc/nginx-unprivileged@sha256:abc",
        "nginxinc/nginx-unprivileged:1.31.6-alpine3.24@sha512:26b0bf6f",
        "nginxinc/nginx-unprivileged:latest",
    ],
)
def test_anything_but_a_sha256_digest_fails(image: str) -> None:
    resources = plan("azure")
    put(APP, "spec.template.spec.containers.0.image", image)(resources)
    assert status(resources, "azure", "GOV-05").status == "fail"


def test_init_containers_are_held_to_it_too() -> None:
    resources = plan("aws")
    put(APP, "spec.template.spec.initContainers", [{"name": "seed", "image": "busybox:1.37.0"}])(resources)
    [failure] = status(resources, "aws", "GOV-05").failures
    assert failure.found == (
        "Deployment kumo-app initContainers[0] seed: image = 'busybox:1.37.0' is not pinned by digest (CKV_K8S_43)"
    )


def without_app(resources: list[Resource]) -> list[Resource]:
    return [r for r in resources if not r.type.endswith(APP)]


def test_no_app_is_not_applicable_and_an_enabled_app_missing_fails() -> None:
    result = status(without_app(plan("gcp")), "gcp", "GOV-05", spec=spec(app={"enabled": False}))
    assert (result.status, result.reason) == ("n/a", "the stack deploys no workload (app.enabled is false)")
    missing = status(without_app(plan("gcp")), "gcp", "GOV-05")
    assert [(f.found, f.fix) for f in missing.failures] == [
        ("no Deployment of the reference app in the plan", "the spec enables the app: deploy it")
    ]
