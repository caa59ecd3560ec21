"""Waivers, reports and the policy pack's module (which must load its rules without starting a server)."""

from __future__ import annotations

import importlib
import sys

import pytest

from components.policy.engine import evaluate
from components.rule_ids import RULE_IDS
from components.spec import SpecError, parse_spec
from tests.policy.fixtures import RAW_SPEC, plan, spec
from tests.policy.mutations import put


def public_endpoint_plan() -> list:
    resources = plan("aws")
    put("eks/cluster:Cluster", "vpcConfig.endpointPublicAccess", True)(resources)
    put("eks/cluster:Cluster", "vpcConfig.publicAccessCidrs", ["203.0.113.0/24"])(resources)
    return resources


def test_unknown_rule_id_in_a_waiver_is_a_spec_error() -> None:
    with pytest.raises(SpecError) as caught:
        parse_spec({**RAW_SPEC, "waivers": [{"rule": "NET-1", "reason": "a typo in the rule id"}]}, default_name="t1")
    assert "is not a kumo rule id; did you mean NET-01?" in str(caught.value)


def test_a_failure_without_a_waiver_fails_the_report() -> None:
    report = evaluate(public_endpoint_plan(), spec(), cloud="aws")
    assert [r.rule.id for r in report.failed] == ["NET-01"] and not report.ok
    assert report.waivers == []


def test_a_waived_failure_passes_with_the_waiver_listed() -> None:
    waived = spec(waivers=[{"rule": "NET-01", "reason": "reached from laptops through an allow-list"}])
    report = evaluate(public_endpoint_plan(), waived, cloud="aws")
    assert report.ok and report.status("NET-01") == "waived"
    result = next(r for r in report.results if r.rule.id == "NET-01")
    assert result.reason == "reached from laptops through an allow-list" and result.failures
    assert [(w.rule, w.used) for w in report.waivers] == [("NET-01", True)]
    document = report.to_json()
    assert document["waivers"] == [
        {"rule": "NET-01", "reason": "reached from laptops through an allow-list", "used": True}
    ]
    assert document["ok"] is True and document["counts"]["waived"] == 1


def test_a_waiver_for_a_passing_rule_is_listed_as_unused() -> None:
    report = evaluate(plan("aws"), spec(waivers=[{"rule": "NET-02", "reason": "not needed at all here"}]), cloud="aws")
    assert report.status("NET-02") == "pass"
    assert [(w.rule, w.used) for w in report.waivers] == [("NET-02", False)]


def test_the_cloud_is_detected_from_the_plan() -> None:
    assert [evaluate(plan(c), spec()).cloud for c in ("aws", "azure", "gcp")] == ["aws", "azure", "gcp"]


def test_report_lists_every_rule_in_catalog_order_with_public_ids() -> None:
    document = evaluate(plan("gcp"), spec(), cloud="gcp").to_json()
    assert [r["rule"] for r in document["results"]] == list(RULE_IDS)
    net01 = document["results"][0]
    assert net01["ids"]["checkov"] == ["CKV_AWS_39", "CKV_AZURE_115", "CKV_GCP_25"]
    assert "AVD-GCP-0059" in net01["ids"]["avd"] and "GKE 5.6.4" in net01["ids"]["cis"]


def test_the_pack_module_lists_one_policy_per_rule_without_a_server(monkeypatch: pytest.MonkeyPatch) -> None:
    import pulumi_policy

    def no_server(*args: object, **kwargs: object) -> None:
        raise AssertionError("importing the pack must not build a PolicyPack (it starts a gRPC server)")

    monkeypatch.setattr(pulumi_policy, "PolicyPack", no_server)
    sys.modules.pop("components.policy.pack.__main__", None)
    pack = importlib.import_module("components.policy.pack.__main__")
    policies = pack.policies()
    assert [p.name for p in policies] == [r.lower() for r in RULE_IDS]
    assert all(p.enforcement_level == pulumi_policy.EnforcementLevel.MANDATORY for p in policies)


def test_the_pack_runs_the_same_rule_functions_on_crossguard_resources() -> None:
    from pulumi_policy import PolicyCustomTimeouts, PolicyResource, PolicyResourceOptions, StackValidationArgs

    pack = importlib.import_module("components.policy.pack.__main__")
    records = public_endpoint_plan()
    by_urn: dict[str, PolicyResource] = {}
    for r in records:
        opts = PolicyResourceOptions(r.options["protect"], [], False, [], PolicyCustomTimeouts(0, 0, 0), [])
        by_urn[r.urn] = PolicyResource(r.type, {**r.inputs, "id": r.id}, r.urn, r.name, opts, None, None, [], {})
    for r in records:  # property dependencies point at the other PolicyResources
        by_urn[r.urn].property_dependencies = {
            k: [by_urn[u] for u in v if u in by_urn] for k, v in r.property_dependencies.items()
        }
    net01 = next(p for p in pack.policies() if p.name == "net-01")
    violations: list[tuple[str, str | None]] = []
    net01.validate(StackValidationArgs(list(by_urn.values()), {}), lambda m, urn=None: violations.append((m, urn)))
    assert violations == [
        (
            "vpcConfig.endpointPublicAccess = True. Fix: set vpcConfig.endpointPublicAccess = False",
            "urn:pulumi:aws::kumo::aws:eks/cluster:Cluster::t1",
        )
    ]
    waived = {"spec": {**RAW_SPEC, "waivers": [{"rule": "NET-01", "reason": "reached from laptops on purpose"}]}}
    violations.clear()
    net01.validate(StackValidationArgs(list(by_urn.values()), waived), lambda m, urn=None: violations.append((m, urn)))
    assert violations == []
