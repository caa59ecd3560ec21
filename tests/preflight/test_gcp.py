"""GCP checks against recorded `gcloud --format=json` output (tests/preflight/fixtures/gcp/). The runner
fails on any command not listed, so these tests also pin the exact commands kumo runs.
What they do not prove: that a live `gcloud` still prints these shapes.

get_server_config.json has the shape of `gcloud container get-server-config --format=json` and the versions the
GKE release notes list per channel in September 2026 (2026-R37 to R40): Regular offers 1.34 to 1.36, Rapid adds
1.37, Stable 1.34 and 1.35."""

from __future__ import annotations

from typing import Any

from components.gcp import preflight as gcp
from components.preflight import CheckResult, Completed, run_checks

from .conftest import AWS_SPEC, RecordedRunner, target

SPEC = {**AWS_SPEC, "kubernetes_version": "1.35"}
"""The shared preflight spec on a minor in GKE standard support on 2026-12-01 (components/gcp/facts.py)."""

NOT_FOUND = Completed(
    1,
    "",
    "ERROR: (gcloud.container.clusters.describe) ResponseError: code=404, message=Not found: "
    "projects/kumo-test/locations/us-central1/clusters/shop.\n",
)
TYPES = "n2-standard-16 n2-standard-4 n2-standard-8"


def gcloud(*args: str, project: bool = True) -> tuple[str, ...]:
    return ("gcloud", *args, "--format=json", *(("--project=kumo-test",) if project else ()))


def commands(**overrides: Any) -> dict[tuple[str, ...], Any]:
    keys = {
        "account": gcloud("config", "get-value", "account", project=False),
        "region": gcloud("compute", "regions", "describe", "us-central1"),
        "zones": gcloud("compute", "zones", "list", "--filter=region:us-central1"),
        "types": gcloud(
            "compute",
            "machine-types",
            "list",
            f"--filter=zone:(us-central1-a us-central1-b us-central1-c) AND name:({TYPES})",
        ),
        "cluster": gcloud("container", "clusters", "describe", "shop", "--region=us-central1"),
        "versions": gcloud("container", "get-server-config", "--region=us-central1"),
    }
    answers: dict[str, Any] = {
        "account": "gcp/config_get_value_account.json",
        "region": "gcp/regions_describe.json",
        "zones": "gcp/zones_list.json",
        "types": "gcp/machine_types_list.json",
        "cluster": NOT_FOUND,
        "versions": "gcp/get_server_config.json",
        **overrides,
    }
    return {keys[k]: v for k, v in answers.items()}


def run(raw: dict[str, Any] | None = None, backend_url: str | None = None, **overrides: Any) -> dict[str, CheckResult]:
    runner = RecordedRunner(commands(**overrides))
    ctx = gcp.context(
        target("gcp", "us-central1", raw or SPEC, config={"gcp:project": "kumo-test"}, backend_url=backend_url),
        runner=runner,
    )
    return {r.id: r for r in run_checks(gcp.CHECKS, ctx)}


def summary(results: dict[str, CheckResult]) -> dict[str, tuple[str, str]]:
    return {k: (r.result.status, r.result.detail) for k, r in results.items()}


def test_every_check_passes() -> None:
    assert summary(run()) == {
        "gcp.credentials": ("passed", "dev@example.com, project kumo-test"),
        "gcp.region": ("passed", "us-central1 is UP"),
        "gcp.zones": ("passed", "4 zones UP; the cluster uses us-central1-a, us-central1-b, us-central1-c"),
        "gcp.machine_types": (
            "passed",
            "n2-standard-16, n2-standard-4, n2-standard-8 offered in us-central1-a, us-central1-b, us-central1-c",
        ),
        # On-demand n2: 56 vCPUs against N2_CPUS; the spot pool's 80 against PREEMPTIBLE_CPUS (the project has it).
        "gcp.quota": ("passed", "N2_CPUS 56/192 free; PREEMPTIBLE_CPUS 80/500 free"),
        "gcp.cluster_name": ("passed", "no GKE cluster named shop in us-central1"),
        "gcp.kubernetes_version": ("passed", "1.35 is offered in the REGULAR channel"),
        "gcp.state_backend": ("skipped", "not applicable: the state backend is not set (the local default)"),
    }


def test_machine_type_missing_in_one_zone_fails() -> None:
    result = run(types="gcp/machine_types_list_missing.json")["gcp.machine_types"].result
    assert (result.status, result.detail) == ("failed", "not offered: batch (n2-standard-16) in us-central1-c")


def test_quota_short_counts_spot_against_the_family_without_preemptible_quota() -> None:
    result = run(region="gcp/regions_describe_low_quota.json")["gcp.quota"].result
    assert result.status == "failed"
    assert result.detail == "N2_CPUS: pools need up to 136, 40 free (8 of 48 used)"


def test_too_few_zones_up_fails() -> None:
    result = run(zones="gcp/zones_list_two_up.json")["gcp.zones"].result
    assert (result.status, result.detail) == (
        "failed",
        "us-central1 has 2 zone(s) UP (us-central1-a, us-central1-c); network.zones asks for 3",
    )


def test_taken_cluster_name_fails() -> None:
    result = run(cluster="gcp/clusters_describe_foreign.json")["gcp.cluster_name"].result
    assert result.status == "failed"
    assert result.detail == (
        "a GKE cluster named shop already exists in us-central1 (status RUNNING) and kumo did not create it"
    )


def test_version_outside_the_channel_fails() -> None:
    """1.37 is GKE's (Rapid only): known to the fact table, refused live for a Regular-channel stack."""
    raw = {**AWS_SPEC, "kubernetes_version": "1.37"}
    result = run(raw)["gcp.kubernetes_version"].result
    assert (result.status, result.detail) == (
        "failed",
        "the REGULAR channel does not offer Kubernetes 1.37 in us-central1",
    )
    assert result.fix == (
        "set kubernetes_version to one of 1.34, 1.35, 1.36, or gcp.release_channel to a channel that offers it"
    )


def test_version_in_the_rapid_channel_passes() -> None:
    raw = {**AWS_SPEC, "kubernetes_version": "1.37", "gcp": {"release_channel": "RAPID"}}
    result = run(raw)["gcp.kubernetes_version"].result
    assert (result.status, result.detail) == ("passed", "1.37 is offered in the RAPID channel")


def test_out_of_support_minor_is_not_offered_live_either() -> None:
    """1.33 left GKE standard support on 2026-08-11 (facts); the Regular channel no longer lists it."""
    result = run({**AWS_SPEC, "kubernetes_version": "1.33"})["gcp.kubernetes_version"].result
    assert (result.status, result.detail) == (
        "failed",
        "the REGULAR channel does not offer Kubernetes 1.33 in us-central1",
    )


def test_no_pinned_version_names_the_channel_default() -> None:
    raw = {k: v for k, v in AWS_SPEC.items() if k != "kubernetes_version"}
    result = run(raw)["gcp.kubernetes_version"].result
    assert (result.status, result.detail) == (
        "passed",
        "no version pinned: the REGULAR channel creates 1.35.8-gke.1036000",
    )


def test_a_minor_the_fact_table_does_not_know_is_named() -> None:
    raw = {**AWS_SPEC, "kubernetes_version": "1.36", "gcp": {"release_channel": "RAPID"}}
    result = run(raw, versions="gcp/get_server_config_newer_minor.json")["gcp.kubernetes_version"].result
    assert (result.status, result.detail) == (
        "passed",
        "1.36 is offered in the RAPID channel; components/gcp/facts.py does not list 1.38: add it to "
        "KUBERNETES with its dates (https://cloud.google.com/kubernetes-engine/docs/release-schedule)",
    )


def test_every_minor_a_channel_offers_is_in_the_fact_table() -> None:
    """The recorded server config against the table: nothing GKE offers is missing from it."""
    import json
    from pathlib import Path

    from components.gcp import facts

    config = json.loads((Path(__file__).parent / "fixtures/gcp/get_server_config.json").read_text())
    offered = {".".join(v.split(".")[:2]) for c in config["channels"] for v in c["validVersions"]}
    assert offered <= {m.minor for m in facts.KUBERNETES}


def test_unknown_region_fails() -> None:
    missing = Completed(
        1,
        "",
        "ERROR: (gcloud.compute.regions.describe) Could not fetch resource:\n - The resource "
        "'projects/kumo-test/regions/us-central1' was not found\n",
    )
    results = run(region=missing)
    assert results["gcp.region"].result.status == "failed"
    assert results["gcp.zones"].result.detail == "not run: gcp.region failed"


def test_signed_out_skips_with_the_login_fix() -> None:
    results = run(account=Completed(0, "", "(unset)\n"))
    creds = results["gcp.credentials"].result
    assert (creds.status, creds.prerequisite) == ("skipped", "gcloud login")
    assert "gcloud auth application-default login" in str(creds.fix)


def test_permission_denied_is_a_skip_naming_the_permission() -> None:
    denied = Completed(
        1,
        "",
        "ERROR: (gcloud.compute.regions.describe) Could not fetch resource:\n - Required "
        "'compute.regions.get' permission for 'projects/kumo-test/regions/us-central1'\n",
    )
    result = run(region=denied)["gcp.region"].result
    assert (result.status, result.prerequisite) == ("skipped", "IAM permission compute.regions.get")


def test_gcs_backend_checked() -> None:
    answers = commands()
    answers[gcloud("storage", "buckets", "describe", "gs://kumo-state")] = "gcp/storage_buckets_describe.json"
    ctx = gcp.context(
        target("gcp", "us-central1", config={"gcp:project": "kumo-test"}, backend_url="gs://kumo-state"),
        runner=RecordedRunner(answers),
    )
    assert gcp.state_backend(ctx).detail == "state bucket gs://kumo-state is reachable"
