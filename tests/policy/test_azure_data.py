"""ENC-07, DATA-06 and ENC-01's private vault on the hand-built Azure plan: the edges their checks draw (failing.py
holds the basic mutation of each; the default stacks are in test_default_stacks.py)."""

from __future__ import annotations

from components.policy.model import RULES
from tests.policy.fixtures import plan, spec
from tests.policy.mutations import AKS, DROP, put, status

KEY = "keyvault:Key"
VAULT = "keyvault:Vault"
EXPIRY = "properties.rotationPolicy.attributes.expiryTime"


def test_expiry_must_leave_seven_days_after_the_rotation() -> None:
    resources = plan("azure")
    put(KEY, EXPIRY, "P96D")(resources)
    result = status(resources, "azure", "ENC-07")
    assert result.status == "fail"
    assert [f.found for f in result.failures] == [
        "properties.rotationPolicy.attributes.expiryTime = 'P96D', rotate after 90 days"
    ]
    put(KEY, EXPIRY, "P97D")(resources)
    assert status(resources, "azure", "ENC-07").status == "pass"


def test_expiry_below_key_vaults_floor_fails() -> None:
    resources = plan("azure")
    put(KEY, "properties.rotationPolicy.lifetimeActions.0.trigger.timeAfterCreate", "P7D")(resources)
    put(KEY, EXPIRY, "P27D")(resources)
    assert status(resources, "azure", "ENC-07").status == "fail"


def test_hsm_keys_demand_rsa_hsm_in_a_premium_vault() -> None:
    resources = plan("azure")
    result = status(resources, "azure", "ENC-07", spec=spec(azure={"hsm_keys": True}))
    assert result.status == "fail"
    assert sorted(f.found for f in result.failures) == [
        "properties.kty = (absent)",
        "properties.sku.name = (absent)",
    ]
    put(KEY, "properties.kty", "RSA-HSM")(resources)
    put("keyvault:Vault", "properties.sku", {"family": "A", "name": "premium"})(resources)
    assert status(resources, "azure", "ENC-07", spec=spec(azure={"hsm_keys": True})).status == "pass"


def test_a_lock_on_another_group_does_not_protect_the_data() -> None:
    resources = plan("azure")
    lock = next(r for r in resources if r.name == "shared-lock")
    other = next(r for r in resources if r.name == "rg")
    lock.property_dependencies["scope"] = [other.urn]
    result = status(resources, "azure", "DATA-06")
    assert result.status == "fail"
    assert [(f.name, f.found) for f in result.failures] == [
        ("shared-rg", "no CanNotDelete management lock on shared-rg")
    ]


def test_no_lock_is_asked_for_without_deletion_protection() -> None:
    resources = [r for r in plan("azure") if r.name != "shared-lock"]
    assert status(resources, "azure", "DATA-06").status == "fail"
    result = status(resources, "azure", "DATA-06", spec=spec(deletion_protection=False))
    assert (result.status, result.reason) == (
        "n/a",
        "deletion_protection is off: no lock is asked for; DATA-01 reports the unprotected store",
    )


def test_a_vault_open_to_networks_fails_and_a_private_one_passes() -> None:
    """kumo's cluster vault before issue 16: public network access Enabled, default action Allow."""
    resources = plan("azure")
    put(VAULT, "properties.publicNetworkAccess", "Enabled")(resources)
    put(VAULT, "properties.networkAcls", {"defaultAction": "Allow", "bypass": "AzureServices"})(resources)
    result = status(resources, "azure", "ENC-07")
    assert result.status == "fail"
    assert [(f.found, f.fix) for f in result.failures] == [
        ("properties.publicNetworkAccess = 'Enabled'", "set properties.publicNetworkAccess = 'Disabled'"),
        ("properties.networkAcls.defaultAction = 'Allow'", "set properties.networkAcls.defaultAction = 'Deny'"),
    ]
    put(VAULT, "properties.publicNetworkAccess", "Disabled")(resources)
    put(VAULT, "properties.networkAcls.defaultAction", "Deny")(resources)
    assert status(resources, "azure", "ENC-07").status == "pass"


def test_a_vault_left_to_azures_network_defaults_fails() -> None:
    resources = plan("azure")
    put(VAULT, "properties.publicNetworkAccess", DROP)(resources)
    put(VAULT, "properties.networkAcls", DROP)(resources)
    result = status(resources, "azure", "ENC-07")
    assert [f.found for f in result.failures] == [
        "properties.publicNetworkAccess = (absent)",
        "properties.networkAcls.defaultAction = (absent)",
    ]


def test_kms_with_a_public_vault_fails_enc01() -> None:
    """kumo's cluster before issue 16: KMS Public, no API Server VNet Integration."""
    resources = plan("azure")
    put(AKS, "securityProfile.azureKeyVaultKms", {"enabled": True, "keyId": "https://kv/keys/k/1"})(resources)
    put(AKS, "securityProfile.azureKeyVaultKms.keyVaultNetworkAccess", "Public")(resources)
    put(AKS, "apiServerAccessProfile", {"enablePrivateCluster": True, "enablePrivateClusterPublicFQDN": False})(
        resources
    )
    result = status(resources, "azure", "ENC-01")
    assert result.status == "fail"
    assert [f.found for f in result.failures] == [
        "securityProfile.azureKeyVaultKms.keyVaultNetworkAccess = 'Public'",
        "securityProfile.azureKeyVaultKms.keyVaultResourceId = (absent)",
        "apiServerAccessProfile.enableVnetIntegration = (absent)",
        "apiServerAccessProfile.subnetId = (absent)",
    ]
    put(AKS, "securityProfile.azureKeyVaultKms.keyVaultNetworkAccess", "Private")(resources)
    put(AKS, "securityProfile.azureKeyVaultKms.keyVaultResourceId", "/vaults/kv")(resources)
    put(AKS, "apiServerAccessProfile.enableVnetIntegration", True)(resources)
    assert [f.found for f in status(resources, "azure", "ENC-01").failures] == [
        "apiServerAccessProfile.subnetId = (absent)"
    ]
    put(AKS, "apiServerAccessProfile.subnetId", "/subnets/apiserver")(resources)
    assert status(resources, "azure", "ENC-01").status == "pass"


def test_checkov_key_expiry_id_is_not_cited() -> None:
    """CKV_AZURE_40 reads the key's own expiration date, which the first version never has."""
    assert RULES["ENC-07"].checkov == ("CKV_AZURE_109", "CKV_AZURE_189")
    assert "CKV_AZURE_40" not in RULES["ENC-02"].checkov
    assert "CKV_AZURE_40 is not cited" in RULES["ENC-07"].notes["azure"]
