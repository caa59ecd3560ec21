"""Key and data isolation on AKS (issue 16): rotated key versions expire, HSM-backed keys on request, and a
CanNotDelete lock over the durable data's resource group, through the offline engine.

What this proves: the exact inputs kumo sends. What it does not prove: that Key Vault stamps the expiry on each
rotated version, or that Azure then refuses a delete in the locked group (a real deployment).
"""

from __future__ import annotations

import pytest

from components.spec import parse_spec
from components.spec.errors import SpecError
from tests.azure.conftest import arm, named, plan_raw, stack_spec

KEYS = ("prod1-etcd", "prod1-disks", "prod1-shared-key")
VAULTS = ("prod1-kv", "prod1-shared-kv")


def test_data_group_lock_follows_deletion_protection() -> None:
    prod = plan_raw(stack_spec("azure-prod"), "prod1")
    lock = named(prod, "prod1-shared-lock")
    assert lock.inputs == {
        "scope": arm(prod, "prod1-shared-rg"),
        "level": "CanNotDelete",
        "lockName": "prod1-shared-no-delete",
        "notes": "kumo: spec.deletion_protection is on; turn it off and update before deleting the data",
    }
    assert lock.options["protect"] is True
    assert lock.layer == "data"
    dev = plan_raw(stack_spec("azure-dev"), "dev1")  # deletion_protection: false
    assert [r.name for r in dev.of_type("azure-native:authorization:ManagementLockByScope")] == []


def test_keys_are_software_protected_in_standard_vaults_by_default() -> None:
    plan = plan_raw(stack_spec("azure-prod"), "prod1")
    assert [named(plan, k).inputs["properties"]["kty"] for k in KEYS] == ["RSA", "RSA", "RSA"]
    assert [named(plan, v).inputs["properties"]["sku"] for v in VAULTS] == [{"family": "A", "name": "standard"}] * 2
    for key in KEYS:
        assert named(plan, key).inputs["properties"]["rotationPolicy"]["attributes"] == {"expiryTime": "P2Y"}


def test_hsm_keys_make_rsa_hsm_keys_in_premium_vaults() -> None:
    raw = stack_spec("azure-prod")
    plan = plan_raw({**raw, "azure": {"hsm_keys": True}}, "prod1")
    assert [named(plan, k).inputs["properties"]["kty"] for k in KEYS] == ["RSA-HSM", "RSA-HSM", "RSA-HSM"]
    assert [named(plan, v).inputs["properties"]["sku"] for v in VAULTS] == [{"family": "A", "name": "premium"}] * 2
    # Same names: the knob changes what the keys are, not which resources exist.
    assert {r.name for r in plan.of_type("azure-native:keyvault:Key")} == set(KEYS)


@pytest.mark.parametrize("value", ["maybe", 2, None])
def test_hsm_keys_takes_only_a_boolean(value: object) -> None:
    with pytest.raises(SpecError) as error:
        parse_spec({"azure": {"hsm_keys": value}}, default_name="xx")
    assert str(error.value) == (
        f"invalid cluster spec (1 problem):\n  kumo:cluster.azure.hsm_keys = {value!r}: must be true or false"
    )
