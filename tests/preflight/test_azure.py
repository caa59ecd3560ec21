"""Azure checks against recorded `az` output (tests/preflight/fixtures/azure/, shaped like az 2.6x's JSON).
The runner fails on any command not listed, so these tests also pin the exact commands kumo runs.
What they do not prove: that a live `az` still prints these shapes."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from components.azure import preflight as azure
from components.preflight import CheckResult, Completed, run_checks

from .conftest import RecordedRunner, missing_cli, target

SUB = "00000000-1111-2222-3333-444444444444"
TODAY = date(2026, 12, 1)
"""aks_get_versions.json answers as `az aks get-versions` would on this day (AKS's calendar, components/azure/
facts.py): 1.33 and 1.34 only under long-term support, 1.35 to 1.37 under both plans, 1.38 in preview."""
VERSION = "1.35"


def commands(**overrides: Any) -> dict[tuple[str, ...], Any]:
    def az(*args: str) -> tuple[str, ...]:
        return ("az", *args, "-o", "json")

    skus = {
        size: f"azure/vm_list_skus_{size[len('Standard_') :]}.json"
        for size in ("Standard_D4s_v5", "Standard_D8s_v5", "Standard_D16s_v5")
    }
    skus.update(overrides.pop("skus", {}))
    answers: dict[tuple[str, ...], Any] = {
        az("account", "show"): "azure/account_show.json",
        az("account", "list-locations"): "azure/account_list_locations.json",
        **{
            az(
                "vm", "list-skus", "--location", "eastus", "--resource-type", "virtualMachines", "--size", size, "--all"
            ): fixture
            for size, fixture in skus.items()
        },
        az("vm", "list-usage", "--location", "eastus"): "azure/vm_list_usage.json",
        az("aks", "list"): "azure/aks_list.json",
        az("aks", "get-versions", "--location", "eastus"): "azure/aks_get_versions.json",
    }
    names = {
        "usage": az("vm", "list-usage", "--location", "eastus"),
        "aks_list": az("aks", "list"),
        "account": az("account", "show"),
    }
    for key, value in overrides.items():
        answers[names[key]] = value
    return answers


def run(
    location: str = "eastus", raw: dict[str, Any] | None = None, backend_url: str | None = None, **overrides: Any
) -> dict[str, CheckResult]:
    runner = RecordedRunner(commands(**overrides))
    ctx = azure.context(target("azure", location, raw or _spec(), backend_url=backend_url), runner=runner)
    ctx.today = TODAY
    return {r.id: r for r in run_checks(azure.CHECKS, ctx)}


def summary(results: dict[str, CheckResult]) -> dict[str, tuple[str, str]]:
    return {k: (r.result.status, r.result.detail) for k, r in results.items()}


def test_every_check_passes() -> None:
    assert summary(run()) == {
        "azure.credentials": ("passed", f"subscription kumo-dev ({SUB}) as dev@example.com"),
        "azure.location": ("passed", "East US: zones 1, 2, 3; the cluster uses 1, 2, 3"),
        "azure.machine_types": (
            "passed",
            "Standard_D16s_v5, Standard_D4s_v5, Standard_D8s_v5 offered in zones 1, 2, 3",
        ),
        # On-demand: 6x4 + 4x8 = 56 vCPUs (family and regional); spot: 5x16 = 80.
        "azure.quota": (
            "passed",
            "Total Regional vCPUs 56/92 free; Standard DSv5 Family vCPUs 56/92 free; "
            "Total Regional Low-priority vCPUs 80/100 free",
        ),
        "azure.cluster_name": ("passed", "no AKS cluster named shop in the subscription"),
        "azure.kms_vault_mode": (
            "passed",
            "no kumo cluster named shop yet: it is created with its etcd key in a private vault",
        ),
        "azure.kubernetes_version": ("passed", "1.35 is offered under KubernetesOfficial (patches 1.35.6, 1.35.7)"),
        "azure.state_backend": ("skipped", "not applicable: the state backend is not set (the local default)"),
    }


def test_size_restricted_in_one_zone_fails() -> None:
    results = run(skus={"Standard_D16s_v5": "azure/vm_list_skus_D16s_v5_zone3_restricted.json"})
    result = results["azure.machine_types"].result
    assert (result.status, result.detail) == ("failed", "Standard_D16s_v5 (batch) not offered in zone(s) 3")
    assert results["azure.quota"].result.status == "passed"  # a failure stops nothing


def test_quota_short_names_every_quota() -> None:
    result = run(usage="azure/vm_list_usage_low.json")["azure.quota"].result
    assert result.status == "failed"
    assert result.detail == (
        "Total Regional vCPUs: pools need up to 56, 52 free (8 of 60 used); "
        "Standard DSv5 Family vCPUs: pools need up to 56, 42 free (8 of 50 used); "
        "Total Regional Low-priority vCPUs: pools need up to 80, 3 free (0 of 3 used)"
    )


def test_location_without_zones_fails() -> None:
    results = run("westus")
    assert results["azure.location"].result.status == "failed"
    assert results["azure.location"].result.detail == "westus has 0 availability zone(s); network.zones asks for 3"
    assert results["azure.machine_types"].result.detail == "not run: azure.location failed"


def test_unknown_location_lists_physical_ones() -> None:
    result = run("eastus9")["azure.location"].result
    assert (result.status, result.fix) == ("failed", "set azure-native:location to one of eastus, westus")


@pytest.mark.parametrize(
    ("version", "tier", "detail"),
    [
        # Issue 12: AKS offers 1.33 only under long-term support; KubernetesOfficial on Standard is refused.
        (
            "1.33",
            "Standard",
            "Kubernetes 1.33 left AKS standard support on 2026-07-31; until 2027-07-31 AKS offers it only "
            "under long-term support, which needs azure.sku_tier = Premium (this cluster: Standard)",
        ),
        (
            "1.34",
            "Standard",
            "Kubernetes 1.34 left AKS standard support on 2026-11-30; until 2027-11-30 AKS offers it only "
            "under long-term support, which needs azure.sku_tier = Premium (this cluster: Standard)",
        ),
        ("1.31", "Premium", "Kubernetes 1.31 is out of every AKS support plan since 2026-11-30"),
        ("1.30", "Standard", "AKS does not offer Kubernetes 1.30 (known: 1.31, 1.32, 1.33, 1.34, 1.35, 1.36, 1.37)"),
        ("1.38", "Standard", "AKS does not offer Kubernetes 1.38 (known: 1.31, 1.32, 1.33, 1.34, 1.35, 1.36, 1.37)"),
    ],
)
def test_versions_aks_would_refuse_fail(version: str, tier: str, detail: str) -> None:
    result = run(raw=_spec(kubernetes_version=version, azure={"sku_tier": tier}))["azure.kubernetes_version"].result
    assert (result.status, result.detail, result.fix) == (
        "failed",
        detail,
        "set kubernetes_version to one of 1.35, 1.36, 1.37",
    )


def test_long_term_support_minor_passes_on_premium() -> None:
    result = run(raw=_spec(kubernetes_version="1.33", azure={"sku_tier": "Premium"}))["azure.kubernetes_version"].result
    assert (result.status, result.detail) == (
        "passed",
        "1.33 is offered under AKSLongTermSupport (patches 1.33.13, 1.33.14)",
    )


def test_a_minor_the_facts_still_call_standard_fails_when_aks_offers_it_only_as_lts() -> None:
    """Preflight confirms the fact table live: on 2026-11-15 the table has 1.34 in standard support; an AKS
    that already lists it under long-term support only is a refusal, and names the stale table."""
    runner = RecordedRunner(commands())
    ctx = azure.context(target("azure", "eastus", _spec(kubernetes_version="1.34")), runner=runner)
    ctx.today = date(2026, 11, 15)
    result = {r.id: r for r in run_checks(azure.CHECKS, ctx)}["azure.kubernetes_version"].result
    assert (result.status, result.detail) == (
        "failed",
        "AKS offers Kubernetes 1.34 in eastus only under AKSLongTermSupport (components/azure/facts.py "
        "still has it in standard support: update the table)",
    )


def test_preview_minor_fails() -> None:
    """A minor the facts count as generally available but this region lists only as a preview."""
    answers = commands()
    answers[("az", "aks", "get-versions", "--location", "eastus", "-o", "json")] = Completed(
        0,
        json.dumps(
            {
                "values": [
                    {
                        "version": "1.35",
                        "isPreview": True,
                        "capabilities": {"supportPlan": ["KubernetesOfficial"]},
                        "patchVersions": {"1.35.0": {"upgrades": []}},
                    }
                ]
            }
        ),
    )
    ctx = azure.context(target("azure", "eastus", _spec()), runner=RecordedRunner(answers))
    ctx.today = TODAY
    result = azure.kubernetes_version(ctx)
    assert (result.status, result.detail) == ("failed", "AKS offers Kubernetes 1.35 only as a preview in eastus")


def test_same_named_clusters_are_no_conflict_but_are_reported() -> None:
    result = run(aks_list="azure/aks_list_same_name.json")["azure.cluster_name"].result
    assert result.status == "passed"
    assert result.detail.startswith("AKS cluster(s) named shop exist in resource group(s) legacy-rg (not kumo's)")


def test_not_signed_in_skips_everything() -> None:
    signed_out = Completed(1, "", "ERROR: Please run 'az login' to setup account.\n")
    results = run(account=signed_out, backend_url="azblob://state?storage_account=kumostate")
    creds = results["azure.credentials"].result
    assert (creds.status, creds.prerequisite) == ("skipped", "Azure login")
    assert {r.result.status for r in results.values()} == {"skipped"}


def test_missing_cli_is_a_skip_naming_it() -> None:
    ctx = azure.context(target("azure", "eastus"), runner=missing_cli)
    results = run_checks(azure.CHECKS, ctx)
    first = results[0].result
    assert (first.status, first.detail, first.prerequisite) == ("skipped", "the az CLI is not installed", "az CLI")


def test_blob_backend_checked_in_its_account() -> None:
    answers = commands()
    argv = (
        "az",
        "storage",
        "container",
        "exists",
        "--account-name",
        "kumostate",
        "--name",
        "state",
        "--auth-mode",
        "login",
        "-o",
        "json",
    )
    answers[argv] = Completed(0, '{"exists": false}')
    ctx = azure.context(
        target("azure", "eastus", backend_url="azblob://state?storage_account=kumostate"),
        runner=RecordedRunner(answers),
    )
    result = azure.state_backend(ctx)
    assert (result.status, result.detail) == ("failed", "container state does not exist in storage account kumostate")


def test_subscription_from_the_stack_is_passed_to_az() -> None:
    runner = RecordedRunner({("az", "account", "show", "-o", "json", "--subscription", SUB): "azure/account_show.json"})
    ctx = azure.context(target("azure", "eastus", config={"azure-native:subscriptionId": SUB}), runner=runner)
    assert azure.credentials(ctx).status == "passed"


def _spec(**changes: Any) -> dict[str, Any]:
    """The shared preflight spec on this file's Kubernetes minor (the lead moves AWS_SPEC's for all clouds)."""
    from .conftest import AWS_SPEC

    return {**AWS_SPEC, "kubernetes_version": VERSION, **changes}
