"""What Azure accepts today, as data: each fact with the document it comes from and the day it was checked.

Pure data (no Pulumi, no SDK). The layers, validation (components/facts.py), preflight and the tests read
these tables; nothing else repeats their values. The built-in roles and the grants kumo makes are the same
kind of fact, in rbac.py. Keeping them current: re-read each `Source.url`, update the entries and their
`checked` date, and run the tests (tests/azure/test_facts.py and test_rbac.py name every fact they pin).

Where a document was read: the stored copies of learn.microsoft.com pages (their source repositories
MicrosoftDocs/azure-aks-docs, MicrosoftDocs/reliability-docs, MicrosoftDocs/azure-docs) and AKS's release
notes (github.com/Azure/AKS CHANGELOG.md), as they stood in August 2026, read on 2026-12-01.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from components.fact_types import FactProblem, KubernetesMinor, LocationFacts, LocationKey, Source

CHECKED = date(2026, 12, 1)

# -- Kubernetes minors --------------------------------------------------------------------------------------

AKS_CALENDAR = Source("https://learn.microsoft.com/azure/aks/supported-kubernetes-versions", CHECKED)
"""The "AKS Kubernetes release calendar" and "LTS versions" tables (page dated 2026-08-05)."""

# The calendar gives months only. Its own rule for end dates: "Unless an explicit date is provided, the End of
# Life (EOL) date is the last day of the specified month" -- so "Mar 2027" is 2027-03-31. kumo applies the same
# rule to the "AKS GA" month (the last day of the month GA was announced: AKS rolls a version out region by
# region over up to 10 business days, so the month's end is when every region has it). "End of life" is the end
# of community (standard) support; "LTS End of life" the end of long-term support (Premium tier +
# AKSLongTermSupport). AKS's release notes (github.com/Azure/AKS CHANGELOG.md) confirm the transitions noted.
KUBERNETES: tuple[KubernetesMinor, ...] = (
    # GA Nov 2024; community support ended on the explicit date "Nov 1, 2025"; LTS Nov 2026.
    KubernetesMinor("1.31", date(2024, 11, 30), date(2025, 11, 1), date(2026, 11, 30), AKS_CALENDAR),
    # GA Apr 2025; EOL Mar 2026; LTS Mar 2027. (Release notes of 2026-03-05 announced "end of standard support
    # on April 30, 2026", those of 2026-04-28 "now available only through Long Term Support": the calendar's
    # month is kept; both dates are long past.)
    KubernetesMinor("1.32", date(2025, 4, 30), date(2026, 3, 31), date(2027, 3, 31), AKS_CALENDAR),
    # GA Jun 2025; EOL Jul 2026; LTS Jul 2027. Release notes 2026-07-17: "1.33 is now available only under LTS".
    KubernetesMinor("1.33", date(2025, 6, 30), date(2026, 7, 31), date(2027, 7, 31), AKS_CALENDAR),
    # GA Nov 2025 (release notes 2026-01-04: "now generally available"); EOL Nov 2026; LTS Nov 2027.
    KubernetesMinor("1.34", date(2025, 11, 30), date(2026, 11, 30), date(2027, 11, 30), AKS_CALENDAR),
    # GA Mar 2026 (release notes 2026-03-05); EOL Mar 2027; LTS Mar 2028.
    KubernetesMinor("1.35", date(2026, 3, 31), date(2027, 3, 31), date(2028, 3, 31), AKS_CALENDAR),
    # GA Jun 2026 (release notes 2026-06-19: "1.36 is now generally available"); EOL Jun 2027; LTS Jun 2028.
    KubernetesMinor("1.36", date(2026, 6, 30), date(2027, 6, 30), date(2028, 6, 30), AKS_CALENDAR),
    # GA Oct 2026 is the calendar's PLAN as of its 2026-08-05 revision (preview Sep 2026); the stored release
    # notes end on 2026-07-17, before it, so no document read confirms the GA. `kumo preflight` checks it live
    # (`az aks get-versions`). EOL Oct 2027; LTS Oct 2028.
    KubernetesMinor("1.37", date(2026, 10, 31), date(2027, 10, 31), date(2028, 10, 31), AKS_CALENDAR),
)

SUPPORT_PLANS = {"standard": "KubernetesOfficial", "long_term": "AKSLongTermSupport"}
"""ManagedCluster.supportPlan: community (standard) support, or LTS, which AKS sells only on the Premium tier
("Enabling LTS requires moving your cluster to the Premium tier and explicitly selecting the LTS support
plan", https://learn.microsoft.com/azure/aks/long-term-support)."""
LONG_TERM_TIER = "Premium"

# -- Locations ----------------------------------------------------------------------------------------------

REGIONS_SOURCE = Source("https://learn.microsoft.com/azure/reliability/regions-list", CHECKED)
""""Azure regions list": every region of the Azure public cloud, its programmatic name and whether it has
availability zones (page dated 2025-09-23, table regenerated 2026-07-28). Access-restricted regions (marked so
on the page) are listed: a subscription granted access may use them; `kumo preflight` checks the
subscription's own list (`az account list-locations`)."""

ZONES: tuple[str, ...] = ("1", "2", "3")
"""The logical availability zones of a region that has them (every such Azure region has three)."""

_WITH_ZONES = (
    "australiaeast",
    "austriaeast",
    "belgiumcentral",
    "brazilsouth",
    "canadacentral",
    "centralindia",
    "centralus",
    "chilecentral",
    "denmarkeast",
    "eastasia",
    "eastus",
    "eastus2",
    "francecentral",
    "germanywestcentral",
    "indiasouthcentral",
    "indonesiacentral",
    "israelcentral",
    "italynorth",
    "japaneast",
    "japanwest",
    "koreacentral",
    "malaysiawest",
    "mexicocentral",
    "newzealandnorth",
    "northeurope",
    "norwayeast",
    "polandcentral",
    "qatarcentral",
    "southafricanorth",
    "southcentralus",
    "southeastasia",
    "spaincentral",
    "swedencentral",
    "switzerlandnorth",
    "uaenorth",
    "uksouth",
    "westeurope",
    "westus2",
    "westus3",
)
_WITHOUT_ZONES = (
    "australiacentral",
    "australiacentral2",
    "australiasoutheast",
    "brazilsoutheast",
    "canadaeast",
    "francesouth",
    "germanynorth",
    "koreasouth",
    "northcentralus",
    "norwaywest",
    "southafricawest",
    "southindia",
    "switzerlandwest",
    "uaecentral",
    "ukwest",
    "westcentralus",
    "westindia",
    "westus",
)

LOCATION = LocationFacts(
    required=(LocationKey("azure-native:location", "Azure location"),),
    region_key="azure-native:location",
    regions={**dict.fromkeys(_WITH_ZONES, ZONES), **dict.fromkeys(_WITHOUT_ZONES, ())},
    source=REGIONS_SOURCE,
    # Programmatic names only ("westeurope", not "West Europe"): the name `az account list-locations` prints.
    formats={"azure-native:location": r"^[a-z][a-z0-9]+$"},
)

# -- Role assignments -------------------------------------------------------------------------------------------
# The built-in roles and every grant kumo makes are in rbac.py; this is how long a new one takes to work.


@dataclass(frozen=True)
class Propagation:
    seconds: int
    source: Source


ROLE_PROPAGATION = Propagation(
    600,
    Source(
        "https://learn.microsoft.com/azure/role-based-access-control/troubleshooting"
        "#symptom---role-assignment-changes-are-not-being-detected",
        CHECKED,
    ),
)
""""When you assign roles or remove role assignments, it can take up to 10 minutes for changes to take effect."
kumo waits this long once per new grant before the first thing that checks it (components/azure/propagation.py):
the documented bound, not a guess, because a failed first `up` costs more than the wait."""

# -- Container insights -----------------------------------------------------------------------------------------

CONTAINER_INSIGHTS_SOURCE = Source(
    "https://learn.microsoft.com/azure/azure-monitor/containers/kubernetes-monitoring-enable", CHECKED
)
"""Managed-identity onboarding of the monitoring add-on: the add-on (`omsagent`, `useAADAuth`) collects only what a
data collection rule `MSCI-<region>-<cluster>` (kind Linux, extension ContainerInsights) associated with the
cluster as `ContainerInsightsExtension` tells it to. The rule's shape is Microsoft's own onboarding templates'
(github.com/microsoft/Docker-Provider scripts/onboarding/aks/onboarding-msi-terraform and
onboarding-using-msi-auth/existingClusterOnboarding.json)."""

CONTAINER_INSIGHTS_STREAMS: tuple[str, ...] = (
    "Microsoft-ContainerLogV2",
    "Microsoft-KubeEvents",
    "Microsoft-KubePodInventory",
    "Microsoft-KubeNodeInventory",
    "Microsoft-KubePVInventory",
    "Microsoft-KubeServices",
    "Microsoft-KubeMonAgentEvents",
    "Microsoft-InsightsMetrics",
    "Microsoft-ContainerInventory",
    "Microsoft-ContainerNodeInventory",
    "Microsoft-Perf",
)
"""The templates' default streams less the legacy Microsoft-ContainerLog, whose table "will be retired on 30th
September 2026" (https://learn.microsoft.com/azure/azure-monitor/containers/container-insights-logs-schema):
ContainerLogV2 replaces it."""


def spec_problems(spec: object) -> list[FactProblem]:
    """What AKS would refuse in a spec that is valid on every cloud: nothing known. Its limits are among those
    the neutral spec already enforces (SECURITY-RULES.md, input limits), and the version and location checks
    every cloud shares are in components/facts.py."""
    del spec
    return []


# -- Key Vault keys -------------------------------------------------------------------------------------------

KEYS_CHECKED = date(2026, 12, 2)

KEY_ROTATION_SOURCE = Source(
    "https://learn.microsoft.com/azure/key-vault/keys/how-to-configure-key-rotation", KEYS_CHECKED
)
"""Key rotation policy settings: "Expiry time: key expiration interval. It's used to set expiration date on newly
rotated key. It doesn't affect a current key." and "Rotation time: key rotation interval, the minimum value is seven
days from creation and seven days from expiration time". The SDKs add that the expiry "should be at least 28 days"
(https://learn.microsoft.com/dotnet/api/azure.security.keyvault.keys.keyrotationpolicy)."""
KEY_MIN_EXPIRY_DAYS = 28
KEY_ROTATION_BEFORE_EXPIRY_DAYS = 7
"""A rotate trigger must fall at least this long before the expiry of the version it rotates."""

KEY_EXPIRY_SOURCE = Source("https://learn.microsoft.com/azure/key-vault/keys/about-keys-details", KEYS_CHECKED)
"""Date-time controlled operations: keys outside their nbf/exp window still work for decrypt, unwrap and verify (so
data a version wrapped stays readable after it expires); encrypt, wrap and sign are refused."""

KMS_VAULT_SOURCE = Source("https://learn.microsoft.com/azure/aks/use-kms-etcd-encryption", KEYS_CHECKED)
"""AKS KMS etcd encryption (the generally available, "legacy" experience; page dated 2025-12-22, revised
2026-07-24), limitations: a key vault "with firewall option allowing public access from specific virtual networks
and IP addresses" is not supported, and one with "Disable public access" only "if API Server VNet Integration is
enabled"; "If a cluster has KMS turned on and has a private key vault, it must use the API Server VNet Integration
tunnel"; "With KMS turned on, you can't change the associated key vault mode (public versus private)": turn KMS off,
then on again (KMS_MODE_CHANGE_SOURCE). Private key vault: "AKS automatically creates a private endpoint and a
private link in the node resource group", and "the Key Vault Contributor role is required to create a private link
between the private key vault and the cluster" (KMS_PRIVATE_LINK_ROLE, on the vault, for the KMS identity). So kumo
creates no private endpoint or privatelink.vaultcore.azure.net zone for the cluster's vault: AKS does."""
KMS_MODE_CHANGE_SOURCE = Source("https://learn.microsoft.com/azure/aks/update-kms-key-vault", KEYS_CHECKED)
"""Public to private (page dated 2026-05-01): `az aks update --disable-azure-keyvault-kms`, rewrite every Secret
(`kubectl get secrets --all-namespaces -o json | kubectl replace -f -`), turn KMS on again with
`--azure-keyvault-kms-key-vault-network-access Private` and `--azure-keyvault-kms-key-vault-resource-id`, then
`az keyvault update --public-network-access Disabled`. "After you turn off KMS, the encryption key vault key is
still needed. You can't delete or expire it." (components/azure/kms_migration.py spells the steps out.)"""
KMS_PRIVATE_LINK_ROLE = "Key Vault Contributor"
"""Control plane only ("It does not allow access to keys, secrets and certificates"; changing the vault's permission
model needs Microsoft.Authorization/roleAssignments/write, which it lacks:
https://learn.microsoft.com/azure/key-vault/general/rbac-guide)."""

KEY_VAULT_NETWORK_SOURCE = Source("https://learn.microsoft.com/azure/key-vault/general/network-security", KEYS_CHECKED)
"""Key Vault network security (page dated 2026-06-16): "The bypass continues to apply to trusted services when you set
publicNetworkAccess to Disabled; those services don't require a private endpoint" (Azure Disk Storage with a disk
encryption set and Azure Storage customer-managed keys are trusted services:
https://learn.microsoft.com/azure/key-vault/general/overview-vnet-service-endpoints#trusted-services), and "Azure
Key Vault firewall rules only apply to data plane operations. Control plane operations are not subject to the
restrictions ... This includes deployment of secrets or keys through ARM templates": kumo creates its keys and their
rotation policies as Microsoft.KeyVault/vaults/keys through ARM, so every vault it makes is private (public network
access Disabled, default action Deny, bypass AzureServices) and nothing kumo runs needs the vault's data plane."""

# -- API Server VNet Integration ------------------------------------------------------------------------------

VNET_INTEGRATION_SOURCE = Source("https://learn.microsoft.com/azure/aks/api-server-vnet-integration", KEYS_CHECKED)
"""Generally available: the page's "(Preview)" title, aks-preview extension and EnableAPIServerVnetIntegrationPreview
feature flag were removed by the docs commit "[GA] - API Server VNet Integration" (MicrosoftDocs/azure-aks-docs
4ff0c42, 2025-04-14); the page (dated 2026-04-15, revised 2026-08-03) "Applies to: AKS Automatic, AKS Standard" and
says "Clusters that enabled this feature before general availability (GA)". The ManagedCluster API kumo's SDK
uses (2025-09-01, not a preview version) takes apiServerAccessProfile.enableVnetIntegration and subnetId. Facts:
"available in all GA public cloud regions except qatarcentral" (VNET_INTEGRATION_UNAVAILABLE); the API server
subnet is delegated to Microsoft.ContainerService/managedClusters, used by nothing else, at least a /28, and "An
AKS cluster reserves at least nine IPs in the subnet address space. Running out of IP addresses can prevent API
server scaling and cause an API server outage" (kumo gives it a /27: API_SERVER_SUBNET_PREFIX); "The cluster
identity needs permissions to both the API server subnet and the node subnet" (Network Contributor: kumo grants it
on the whole VNet); NSG rules matter only where an NSG restricts traffic between subnets (kumo attaches none); it
does not support Virtual Network Encryption (kumo's VNet has none). On an existing cluster it is "a one-way,
capacity-sensitive feature": `az aks update --enable-apiserver-vnet-integration --apiserver-subnet-id ...`, then
an immediate manual restart (`az aks stop` / `az aks start`); it cannot be disabled."""
VNET_INTEGRATION_UNAVAILABLE: frozenset[str] = frozenset({"qatarcentral"})
API_SERVER_SUBNET_DELEGATION = "Microsoft.ContainerService/managedClusters"
API_SERVER_SUBNET_MIN_PREFIX = 28
API_SERVER_SUBNET_PREFIX = 27
"""The documented minimum is a /28 (16 addresses, 11 usable after Azure's five) and AKS takes at least nine: a /27
leaves room for the API server to scale."""
