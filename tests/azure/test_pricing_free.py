"""Azure resources that cost nothing by themselves (their charges come with what uses them)."""

from __future__ import annotations

from tests.azure.test_pricing import charges, resource


def test_resources_that_cost_nothing_by_themselves_charge_nothing() -> None:
    free = [
        resource(t, "x", "data")
        for t in (
            "azure-native:resources:ResourceGroup",
            "azure-native:network:VirtualNetwork",
            "azure-native:keyvault:Vault",
            "azure-native:managedidentity:UserAssignedIdentity",
            "azure-native:compute:DiskEncryptionSet",
        )
    ]
    assert charges(*free) == []
