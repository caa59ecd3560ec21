"""What Azure accepts today, as data: each fact with the document it comes from and the day it was checked.

Pure data (no Pulumi, no SDK). The layers, validation (components/facts.py), preflight and the tests read
these tables; nothing else repeats their values. Keeping them current: re-read each `Source.url`, update the
entries and their `checked` date, and run the tests (tests/azure/test_facts.py names every fact they pin).

Where a document was read: the stored copies of learn.microsoft.com pages (their source repositories
MicrosoftDocs/azure-aks-docs, MicrosoftDocs/reliability-docs, MicrosoftDocs/azure-docs) and AKS's release
notes (github.com/Azure/AKS CHANGELOG.md), as they stood in August 2026, read on 2026-12-01.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from components.facts import FactProblem, KubernetesMinor, LocationFacts, LocationKey, Source

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

# -- Roles ----------------------------------------------------------------------------------------------------

ROLES_SOURCE = Source("https://learn.microsoft.com/azure/role-based-access-control/built-in-roles", CHECKED)


@dataclass(frozen=True)
class BuiltinRole:
    """An Azure built-in role: its id is the same in every tenant."""

    name: str
    guid: str
    source: Source = ROLES_SOURCE


ROLES: dict[str, BuiltinRole] = {
    r.name: r
    for r in (
        BuiltinRole("Network Contributor", "4d97b98b-1d4f-4787-a291-c67834d212e7"),
        BuiltinRole("Key Vault Crypto User", "12338af0-0e69-4776-bea7-57ae8d297424"),
        BuiltinRole("Key Vault Crypto Service Encryption User", "e147488a-f6f5-4113-8e2d-b22465e65bf6"),
        BuiltinRole("Managed Identity Operator", "f1a07417-d97a-45cb-824c-7a7467783830"),
        BuiltinRole("Reader", "acdd72a7-3385-48ef-bd42-f6fb9c1fd2f2"),
        BuiltinRole("Storage Account Contributor", "17d1049b-9a84-46fb-8f53-869881c3d3ab"),
        BuiltinRole("Azure Kubernetes Service RBAC Cluster Admin", "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b"),
        BuiltinRole("Contributor", "b24988ac-6180-42a0-ab88-20f7382dd24c"),
        BuiltinRole("Role Based Access Control Administrator", "f58310d9-a9f6-439a-9e8d-f62e7b41a168"),
    )
}


@dataclass(frozen=True)
class Grant:
    """A role assignment kumo creates: who gets which role on what, why, and where that is documented."""

    suffix: str
    """The RoleAssignment's Pulumi name is `<cluster>-<suffix>`."""
    layer: str
    principal: str
    role: str
    """A key of ROLES."""
    scope: str
    """The resource it is assigned on (a key of the layers' scope names: see tests/azure/test_facts.py)."""
    why: str
    source: Source


def _doc(path: str) -> Source:
    return Source(f"https://learn.microsoft.com/azure/{path}", CHECKED)


GRANTS: tuple[Grant, ...] = (
    Grant(
        "des-key-access",
        "data",
        "disk encryption set",
        "Key Vault Crypto Service Encryption User",
        "disk key",
        "the disk encryption set wraps node OS disks' and kumo-block volumes' keys with the disk key",
        _doc("virtual-machines/disk-encryption"),
    ),
    Grant(
        "shared-key-access",
        "data",
        "shared-store identity",
        "Key Vault Crypto Service Encryption User",
        "shared-store key",
        "the storage account encrypts the share with its customer-managed key",
        _doc("storage/common/customer-managed-keys-configure-existing-account"),
    ),
    Grant(
        "kms-key-user",
        "cluster",
        "control-plane identity",
        "Key Vault Crypto User",
        "etcd key",
        "AKS's KMS plugin encrypts Secrets in etcd with the key",
        _doc("aks/use-kms-etcd-encryption"),
    ),
    Grant(
        "kubelet-operator",
        "cluster",
        "control-plane identity",
        "Managed Identity Operator",
        "kubelet identity",
        "AKS assigns the pre-created kubelet identity to the node scale sets",
        _doc("aks/managed-identity-overview"),
    ),
    Grant(
        "vnet-network",
        "cluster",
        "control-plane identity",
        "Network Contributor",
        "virtual network",
        "nodes join kumo's own subnet; internal load balancers take addresses from it",
        _doc("aks/concepts-network-cni-overview"),
    ),
    Grant(
        "des-reader",
        "cluster",
        "control-plane identity",
        "Reader",
        "disk encryption set",
        "AKS reads the disk encryption set it creates node disks with",
        _doc("aks/azure-disk-customer-managed-keys"),
    ),
    Grant(
        "shared-csi-access",
        "cluster",
        "control-plane identity",
        "Storage Account Contributor",
        "shared-store account",
        "the Azure Files CSI controller creates kumo-shared volumes' shares in the account",
        _doc("aks/create-volume-azure-files"),
    ),
    Grant(
        "lb-ip-network",
        "cluster",
        "control-plane identity",
        "Network Contributor",
        "network resource group",
        "the cloud controller attaches the reserved load-balancer IP, which lives outside MC_*",
        _doc("aks/static-ip"),
    ),
    Grant(
        "deployer-cluster-admin",
        "cluster",
        "deployer",
        "Azure Kubernetes Service RBAC Cluster Admin",
        "cluster",
        "Azure RBAC is on and local accounts are off: whoever applies the in-cluster layer needs a Kubernetes "
        "data-plane role, or its first call is refused with 403",
        _doc("aks/concepts-cluster-authorization"),
    ),
)
"""Every role assignment kumo creates (`lb-ip-network` only with load_balancer.static_ip, the shared ones only
with storage.shared)."""

USER_SIGN_IN_APPS: dict[str, str] = {
    "04b07795-8ddb-461a-bbee-02f9e1bf7b46": "Microsoft Azure CLI",
    "1950a258-227b-4e31-a9cf-717495945fc2": "Microsoft Azure PowerShell",
}
"""Microsoft's first-party public client applications a PERSON signs in through
(https://learn.microsoft.com/troubleshoot/entra/entra-id/governance/verify-first-party-apps-sign-in). The
provider's client configuration names the application the deployer signed in with: one of these means a user
(`az login`); a service principal, workload identity or managed identity signs in as its own application. The
deployer's role assignment must state which (ARM refuses a wrong principalType: UnmatchedPrincipalType)."""
USER_SIGN_IN_SOURCE = Source(
    "https://learn.microsoft.com/troubleshoot/entra/entra-id/governance/verify-first-party-apps-sign-in", CHECKED
)

DEPLOYER_PREREQUISITES: tuple[str, ...] = ("Contributor", "Role Based Access Control Administrator")
"""What the principal running kumo must already hold on the subscription: Contributor creates the resources
(Key Vault keys too: kumo creates them through ARM, so no Key Vault data-plane role is needed) and Role Based
Access Control Administrator (or Owner / User Access Administrator) creates GRANTS."""


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
