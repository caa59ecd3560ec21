"""Microsoft Azure in kumo's registry (components/clouds.py): what shared code may know of it, as data.

Pure data, like traits.py and facts.py: the layer builders, mocks, preflight and readback are named here and
imported only when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from components.azure import facts, traits
from components.clouds import Cloud, Lazy
from components.needs import CloudNeeds, Tool

if TYPE_CHECKING:  # the type checker holds each lazily imported module to its protocol in components/clouds.py
    from components.azure import layers, mocks, preflight, pricing, readback
    from components.clouds import CloudLayers, CloudMocks, CloudPreflight, CloudPricing, CloudReadback

    _: tuple[CloudLayers, CloudMocks, CloudPreflight, CloudReadback, CloudPricing] = (
        layers,
        mocks,
        preflight,
        readback,
        pricing,
    )

CLOUD = Cloud(
    name="azure",
    service="AKS",
    extended_support="long-term support (Premium)",
    provider_package="azure-native",
    sdk_module="pulumi_azure_native",
    cluster_type="azure-native:containerservice:ManagedCluster",
    location=facts.LOCATION,
    machine_types=traits.MACHINE_TYPES,
    taint_effects=traits.TAINT_EFFECTS,
    block_provisioner=traits.BLOCK_PROVISIONER,
    shared_provisioner=traits.SHARED_CSI_DRIVER,
    lb_annotations=traits.LB_ANNOTATIONS,
    stateful_types=traits.STATEFUL_TYPES,
    retired_resources=(),
    facts=facts,
    layers=Lazy("components.azure.layers"),
    mocks=Lazy("components.azure.mocks"),
    preflight=Lazy("components.azure.preflight"),
    needs=CloudNeeds(
        tools=(
            Tool(
                "az",
                "login for the azure-native provider and `az aks` credentials",
                "install the Azure CLI: https://learn.microsoft.com/cli/azure/install-azure-cli",
            ),
            Tool(
                "kubelogin",
                "kubeconfig exec credentials for Entra ID (AAD) clusters",
                "az aks install-cli (or https://azure.github.io/kubelogin/install.html)",
            ),
        ),
        credential_env=(
            ("ARM_CLIENT_ID", "ARM_CLIENT_SECRET"),
            ("ARM_CLIENT_ID", "ARM_USE_OIDC"),
            ("ARM_CLIENT_ID", "ARM_CLIENT_CERTIFICATE_PATH"),
            ("ARM_USE_MSI",),
            ("AZURE_CLIENT_ID", "AZURE_FEDERATED_TOKEN_FILE"),
        ),
        credential_files=("$AZURE_CONFIG_DIR/azureProfile.json",),
        login="run `az login` (and `az account set -s SUBSCRIPTION`), or set ARM_CLIENT_ID with a secret, OIDC or MSI",
        env_overrides={"AZURE_CONFIG_DIR": "~/.azure"},
    ),
    readback=Lazy("components.azure.readback"),
    pricing=Lazy("components.azure.pricing"),
)
