"""The private etcd-key vault's facts (components/azure/facts.py), pinned with the values copied from their
sources, and what the program refuses because of them.

What this proves: the facts kumo builds on (API Server VNet Integration generally available, where, its subnet;
how AKS reaches a private vault and what it needs) are the ones recorded, dated 2026-12-02, and a location without
the feature is refused before anything is planned. What it does not prove: that Microsoft still documents the same
(re-read each Source.url) or that a real AKS accepts the cluster (a real deployment).
"""

from __future__ import annotations

from datetime import date

import pulumi
import pytest

from components.azure import facts
from components.azure.zones import vnet_integration_problem

CHECKED = date(2026, 12, 2)


def test_api_server_vnet_integration_facts() -> None:
    assert (facts.VNET_INTEGRATION_SOURCE.url, facts.VNET_INTEGRATION_SOURCE.checked) == (
        "https://learn.microsoft.com/azure/aks/api-server-vnet-integration",
        CHECKED,
    )
    assert frozenset({"qatarcentral"}) == facts.VNET_INTEGRATION_UNAVAILABLE
    assert facts.API_SERVER_SUBNET_DELEGATION == "Microsoft.ContainerService/managedClusters"
    assert (facts.API_SERVER_SUBNET_MIN_PREFIX, facts.API_SERVER_SUBNET_PREFIX) == (28, 27)
    # Every region kumo knows but qatarcentral offers it.
    assert [r for r in facts.LOCATION.regions if vnet_integration_problem(r)] == ["qatarcentral"]


def test_private_kms_vault_facts() -> None:
    sources = {
        "kms": facts.KMS_VAULT_SOURCE,
        "mode change": facts.KMS_MODE_CHANGE_SOURCE,
        "vault network": facts.KEY_VAULT_NETWORK_SOURCE,
    }
    assert {k: (s.url, s.checked) for k, s in sources.items()} == {
        "kms": ("https://learn.microsoft.com/azure/aks/use-kms-etcd-encryption", CHECKED),
        "mode change": ("https://learn.microsoft.com/azure/aks/update-kms-key-vault", CHECKED),
        "vault network": ("https://learn.microsoft.com/azure/key-vault/general/network-security", CHECKED),
    }
    assert facts.KMS_PRIVATE_LINK_ROLE == "Key Vault Contributor"


def test_a_region_without_api_server_vnet_integration_is_refused_before_anything_is_planned() -> None:
    from components.offline import plan_spec
    from components.spec import parse_spec

    message = (
        "azure-native:location = 'qatarcentral' does not offer AKS API Server VNet Integration, which the cluster's "
        "private Key Vault needs (https://learn.microsoft.com/azure/aks/api-server-vnet-integration): choose another "
        "region"
    )
    assert vnet_integration_problem("qatarcentral") == message
    assert vnet_integration_problem("westeurope") is None
    with pytest.raises(pulumi.RunError) as error:
        plan_spec(
            cloud="azure",
            spec=parse_spec({"kubernetes_version": "1.35"}, default_name="q1"),
            config={"azure-native:location": "qatarcentral"},
        )
    assert str(error.value) == message
