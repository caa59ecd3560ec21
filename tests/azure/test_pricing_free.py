"""Azure resources that cost nothing by themselves (their charges come with what uses them)."""

from __future__ import annotations

from components.cost import Span
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


def test_a_rotation_period_not_in_whole_days_is_listed_and_not_counted() -> None:
    key = resource(
        "azure-native:keyvault:Key",
        "k",
        "data",
        properties={
            "kty": "RSA",
            "rotationPolicy": {
                "lifetimeActions": [{"action": {"type": "Rotate"}, "trigger": {"timeAfterCreate": "P3M"}}]
            },
        },
    )
    [charge] = charges(key)
    assert (charge.resource, charge.sku, charge.quantity, charge.note) == (
        "key k: automatic rotation every P3M",
        "keyvault:rotation",
        Span(0, 0),
        "rotation period 'P3M' not counted: kumo reads whole days (PnD)",
    )
