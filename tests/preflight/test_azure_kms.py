"""The existing-cluster check for the private etcd-key vault (components/azure/kms_migration.py) against recorded
`az aks list` output: kumo's cluster as kumo made it before issue 16 (KMS with a Public vault, no API Server VNet
Integration) fails with the documented steps, in order; each later state passes or lists only what is left.
What this does not prove: that AKS still takes these steps (facts.KMS_MODE_CHANGE_SOURCE,
facts.VNET_INTEGRATION_SOURCE) or that a live `az` prints these fields."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from components.azure import preflight as azure
from components.azure.kms_migration import migration_steps
from components.preflight import Completed, Result

from .conftest import FIXTURES, RecordedRunner, target
from .test_azure import TODAY, _spec, commands, run

GROUP = "shop-rg8a1f"
WHERE = f"--resource-group {GROUP} --name shop"
REWRITE = "kubectl get secrets --all-namespaces -o json | kubectl replace -f -"


def _cluster(**changes: Any) -> Completed:
    """kumo's `shop` cluster from aks_list_kms_public.json, with `changes` to its KMS and API access profiles."""
    (found,) = json.loads(Path(FIXTURES / "azure" / "aks_list_kms_public.json").read_text())
    found["securityProfile"]["azureKeyVaultKms"].update(changes.get("kms", {}))
    found["apiServerAccessProfile"].update(changes.get("access", {}))
    return Completed(0, json.dumps([found]))


def _check(aks_list: Any) -> Result:
    return run(aks_list=aks_list)["azure.kms_vault_mode"].result


def test_a_cluster_with_kms_on_a_public_vault_is_refused_with_every_step() -> None:
    result = _check("azure/aks_list_kms_public.json")
    assert result.status == "failed"
    assert result.detail == (
        "shop exists with KMS on with keyVaultNetworkAccess Public, API Server VNet Integration off: `up` would "
        "close the etcd key's vault under a running cluster, and AKS changes neither the vault mode with KMS on "
        "nor VNet Integration without a restart"
    )
    assert result.fix == (
        "move it in place, in this order: "
        f"(1) az aks update {WHERE} --disable-azure-keyvault-kms; "
        f"(2) {REWRITE}; "
        "(3) kumo up azure-test --layer data --skip-preflight; "
        f"(4) az aks update {WHERE} --enable-apiserver-vnet-integration --apiserver-subnet-id "
        "<api_server_subnet_id of `kumo outputs azure-test --layer data`>; "
        f"(5) az aks stop {WHERE} && az aks start {WHERE}; "
        "(6) kumo up azure-test; "
        f"(7) {REWRITE}"
    )


def test_kms_off_without_vnet_integration_lists_the_steps_left() -> None:
    result = _check(_cluster(kms={"enabled": False, "keyVaultNetworkAccess": None}))
    assert result.status == "failed"
    assert result.detail.startswith("shop exists with KMS off, API Server VNet Integration off: ")
    assert result.fix is not None and result.fix.startswith(
        "move it in place, in this order: (1) kumo up azure-test --layer data --skip-preflight; "
    )


def test_kms_off_with_vnet_integration_passes_and_names_the_rewrite() -> None:
    result = _check(_cluster(kms={"enabled": False}, access={"enableVnetIntegration": True}))
    assert (result.status, result.detail) == (
        "passed",
        f"shop has API Server VNet Integration and KMS off: `up` turns KMS on with the private vault; then run "
        f"`{REWRITE}`",
    )


def test_kms_public_with_vnet_integration_needs_kms_off_and_on_only() -> None:
    steps = migration_steps(stack="s", group="g", cluster="c", kms_on=True, vnet_integration=True)
    assert steps == [
        "az aks update --resource-group g --name c --disable-azure-keyvault-kms",
        REWRITE,
        "kumo up s",
        REWRITE,
    ]
    assert _check(_cluster(access={"enableVnetIntegration": True})).status == "failed"


def test_a_private_vault_cluster_passes() -> None:
    private = _cluster(
        kms={"keyVaultNetworkAccess": "Private", "keyVaultResourceId": "/subscriptions/x/vaults/v"},
        access={"enableVnetIntegration": True, "subnetId": "/subscriptions/x/subnets/apiserver"},
    )
    assert (_check(private).status, _check(private).detail) == (
        "passed",
        "shop reads its etcd key from a private vault (API Server VNet Integration on)",
    )


def test_no_cluster_yet_and_someone_elses_cluster_pass() -> None:
    created = "no kumo cluster named shop yet: it is created with its etcd key in a private vault"
    assert _check("azure/aks_list.json").detail == created
    (found,) = json.loads(_cluster().stdout)
    found["tags"] = {"team": "web"}  # a `shop` with KMS on a public vault that kumo did not make: not kumo's to move
    foreign = _check(Completed(0, json.dumps([found])))
    assert (foreign.status, foreign.detail) == ("passed", created)


def test_a_region_without_api_server_vnet_integration_fails_the_location_check() -> None:
    answers = commands()
    answers[("az", "account", "list-locations", "-o", "json")] = Completed(
        0, json.dumps([{"name": "qatarcentral", "displayName": "Qatar Central", "availabilityZoneMappings": []}])
    )
    ctx = azure.context(target("azure", "qatarcentral", _spec()), runner=RecordedRunner(answers))
    ctx.today = TODAY
    result = azure.location(ctx)
    assert (result.status, result.detail) == (
        "failed",
        "azure-native:location = 'qatarcentral' does not offer AKS API Server VNet Integration, which the "
        "cluster's private Key Vault needs (https://learn.microsoft.com/azure/aks/api-server-vnet-integration): "
        "choose another region",
    )
