"""Every rule, both ways, on every cloud it applies to: the hand-built good plan passes; one mutation fails it.

A rule that cannot be met on a cloud must report "n/a" there with its reason (never a silent pass). The
mutations are in failing.py; DATA-03's GCP paths in test_data03_gcp.py.
"""

from __future__ import annotations

from typing import Any

import pytest

from components.policy.engine import check_catalog, evaluate
from components.policy.model import RULES
from components.rule_ids import RULE_IDS
from tests.policy.failing import FAILING, NOT_APPLICABLE
from tests.policy.fixtures import plan, spec
from tests.policy.mutations import AKS, DROP, Mutation, put, status


def test_catalog_and_rules_agree() -> None:
    assert check_catalog() == []
    assert sorted(RULES) == sorted(RULE_IDS)


def test_every_rule_is_tested_both_ways_on_every_cloud() -> None:
    covered = {(rule, cloud) for rule, cloud, _ in FAILING} | NOT_APPLICABLE
    assert covered == {(rule, cloud) for rule in RULE_IDS for cloud in ("aws", "azure", "gcp")}


def test_every_rule_carries_its_public_ids_and_cloud_notes() -> None:
    for rule in RULES.values():
        assert rule.title and rule.severity
        assert set(rule.notes) == {"aws", "azure", "gcp"}, rule.id


@pytest.mark.parametrize("cloud", ["aws", "azure", "gcp"])
def test_good_plan_passes_every_rule(cloud: str) -> None:
    report = evaluate(plan(cloud), spec(), cloud=cloud)  # type: ignore[arg-type]
    assert {r.rule.id: r.status for r in report.results} == {
        rule: "n/a" if (rule, cloud) in NOT_APPLICABLE else "pass" for rule in RULE_IDS
    }


@pytest.mark.parametrize(("rule_id", "cloud", "mutate"), FAILING, ids=[f"{r}-{c}" for r, c, _ in FAILING])
def test_rule_fails(rule_id: str, cloud: str, mutate: Mutation) -> None:
    resources = plan(cloud)
    assert status(resources, cloud, rule_id).status == "pass"
    mutate(resources)
    result = status(resources, cloud, rule_id)
    assert result.status == "fail", result
    assert all(f.rule == rule_id and f.fix for f in result.failures)


@pytest.mark.parametrize(("rule_id", "cloud"), sorted(NOT_APPLICABLE))
def test_not_applicable_says_why(rule_id: str, cloud: str) -> None:
    result = status(plan(cloud), cloud, rule_id)
    assert result.status == "n/a" and len(result.reason) > 20 and not result.findings


def test_rule_with_nothing_to_check_fails() -> None:
    result = status([r for r in plan("aws") if not r.type.endswith("nodeGroup:NodeGroup")], "aws", "NODE-02")
    assert result.status == "fail" and result.failures[0].found.startswith("no node group")


def test_no_shared_storage_is_not_applicable_not_a_pass() -> None:
    resources = [r for r in plan("gcp") if not r.type.endswith("filestore/instance:Instance")]
    result = status(resources, "gcp", "ENC-05", spec=spec(storage={}, app={"enabled": False}))
    assert (result.status, result.reason) == ("n/a", "the stack has no shared (RWX) storage")


def test_shared_storage_in_the_spec_but_not_the_plan_fails() -> None:
    resources = [r for r in plan("gcp") if not r.type.endswith("filestore/instance:Instance")]
    assert status(resources, "gcp", "ENC-05").status == "fail"


def test_public_endpoint_with_allow_list_passes_net02_and_fails_on_open_cidr() -> None:
    resources = plan("aws")
    put("eks/cluster:Cluster", "vpcConfig.endpointPublicAccess", True)(resources)
    put("eks/cluster:Cluster", "vpcConfig.publicAccessCidrs", ["203.0.113.0/24"])(resources)
    assert status(resources, "aws", "NET-02").status == "pass"
    put("eks/cluster:Cluster", "vpcConfig.publicAccessCidrs", ["203.0.113.0/24", "0.0.0.0/0"])(resources)
    assert status(resources, "aws", "NET-02").status == "fail"


def test_data04_and_data05_compare_with_the_previous_plan() -> None:
    before = plan("aws")
    after = plan("aws")
    assert status(after, "aws", "DATA-04", previous=before).status == "pass"
    put("efs/fileSystem:FileSystem", "performanceMode", "maxIO")(after)
    assert status(after, "aws", "DATA-04", previous=before).status == "fail"
    assert status(after, "aws", "DATA-05", previous=before).status == "fail"
    assert status(after, "aws", "DATA-05").status == "pass"  # statically still explicit
    gone = [r for r in plan("aws") if not r.type.endswith("efs/fileSystem:FileSystem")]
    assert "deleted" in status(gone, "aws", "DATA-04", previous=before).failures[0].found


def test_docs_rules_md_is_generated_from_the_registry() -> None:
    from pathlib import Path

    from components.policy.docs import rules_markdown

    assert (Path(__file__).resolve().parents[2] / "docs" / "rules.md").read_text() == rules_markdown(), (
        "regenerate: python -m components.policy.docs > docs/rules.md"
    )


def test_readme_lists_every_rule_with_its_public_ids() -> None:
    from pathlib import Path

    from components.policy.docs import rules_table

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    block = readme.split("<!-- rules:start -->\n", 1)[1].split("\n<!-- rules:end -->", 1)[0]
    assert block == rules_table(), "regenerate the README's rule table from components.policy.docs.rules_table()"


def _ranges(count: int) -> list[str]:
    return [f"203.0.{i // 256}.{i % 256}/32" for i in range(count)]


@pytest.mark.parametrize(
    ("cloud", "limit", "public"),
    [
        (
            "aws",
            40,
            lambda cidrs: [
                put("eks/cluster:Cluster", "vpcConfig.endpointPublicAccess", True),
                put("eks/cluster:Cluster", "vpcConfig.publicAccessCidrs", cidrs),
            ],
        ),
        (
            "azure",
            200,
            lambda cidrs: [
                put(AKS, "apiServerAccessProfile", {"enablePrivateCluster": False, "authorizedIPRanges": cidrs})
            ],
        ),
        (
            "gcp",
            50,
            lambda cidrs: [
                put("container/cluster:Cluster", "privateClusterConfig.enablePrivateEndpoint", False),
                put(
                    "container/cluster:Cluster",
                    "masterAuthorizedNetworksConfig.cidrBlocks",
                    [{"cidrBlock": c} for c in cidrs],
                ),
            ],
        ),
    ],
)
def test_net02_allow_list_at_and_over_the_clouds_limit(cloud: str, limit: int, public: Any) -> None:
    """EKS takes 40 public access CIDRs, AKS 200 authorized ranges, GKE 50 authorized networks: one more fails."""
    at, over = plan(cloud), plan(cloud)
    for mutate in public(_ranges(limit)):
        mutate(at)
    for mutate in public(_ranges(limit + 1)):
        mutate(over)
    assert status(at, cloud, "NET-02").status == "pass"
    result = status(over, cloud, "NET-02")
    assert result.status == "fail"
    assert result.failures[-1].found.endswith(f"has {limit + 1} entries (limit {limit})")


@pytest.mark.parametrize(
    ("cloud", "type_", "path"),
    [
        ("aws", "cloudwatch/logGroup:LogGroup", "retentionInDays"),
        ("azure", "operationalinsights:Workspace", "retentionInDays"),
        ("gcp", "logging/projectBucketConfig:ProjectBucketConfig", "retentionDays"),
    ],
)
@pytest.mark.parametrize(("days", "expected"), [(89, "fail"), (90, "pass"), (365, "pass"), (None, "fail")])
def test_log02_retention_boundary(cloud: str, type_: str, path: str, days: Any, expected: str) -> None:
    resources = plan(cloud)
    put(type_, path, DROP if days is None else days)(resources)
    assert status(resources, cloud, "LOG-02").status == expected
