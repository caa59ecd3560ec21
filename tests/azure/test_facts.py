"""Azure's fact tables (components/azure/facts.py), each fact held against what the program plans.

Each table is pinned with exact values copied from its source (a changed fact must change here too, on
purpose), then the planned resources are checked to respect it: the support plan each minor gets, the zones
each location has, the role every grant carries, the streams Container insights collects, the wait after
grants, the share's ownership. What this does not prove: that the documents were read right (preflight
confirms the versions live) or that Azure still says the same after 2026-12-01.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pulumi
import pytest

from components.azure import facts, mocks, versions
from components.azure.aks import authorized_ranges
from components.azure.keys import deployer_principal_type
from components.azure.zones import cluster_zones, zone_problem
from components.facts import location_problems, supported_minors
from components.records import Plan
from tests.azure.conftest import TODAY, arm, named, plan_raw

CLUSTER = "azure-native:containerservice:ManagedCluster"
ROLE = "azure-native:authorization:RoleAssignment"
WAIT = "pulumi-python:dynamic/kumo:RolePropagation"

# -- Kubernetes minors --------------------------------------------------------------------------------------

MINORS = {  # minor: (AKS GA, end of standard support, end of LTS), from the AKS release calendar
    "1.31": (date(2024, 11, 30), date(2025, 11, 1), date(2026, 11, 30)),
    "1.32": (date(2025, 4, 30), date(2026, 3, 31), date(2027, 3, 31)),
    "1.33": (date(2025, 6, 30), date(2026, 7, 31), date(2027, 7, 31)),
    "1.34": (date(2025, 11, 30), date(2026, 11, 30), date(2027, 11, 30)),
    "1.35": (date(2026, 3, 31), date(2027, 3, 31), date(2028, 3, 31)),
    "1.36": (date(2026, 6, 30), date(2027, 6, 30), date(2028, 6, 30)),
    "1.37": (date(2026, 10, 31), date(2027, 10, 31), date(2028, 10, 31)),
}


def test_kubernetes_minors_and_their_dates() -> None:
    assert {m.minor: (m.released, m.end_of_standard, m.end_of_extended) for m in facts.KUBERNETES} == MINORS
    assert {m.source.url for m in facts.KUBERNETES} == {
        "https://learn.microsoft.com/azure/aks/supported-kubernetes-versions"
    }
    assert {m.source.checked for m in facts.KUBERNETES} == {date(2026, 12, 1)}


def test_minors_in_standard_support_on_2026_12_01() -> None:
    # 1.34's community support ended the day before (Nov 2026 = 2026-11-30); 1.33 is LTS-only (issue 12).
    assert supported_minors("azure", TODAY) == ["1.35", "1.36", "1.37"]


@pytest.mark.parametrize(
    ("minor", "tier", "day", "plan"),
    [
        (None, "Standard", TODAY, "KubernetesOfficial"),
        ("1.35", "Standard", TODAY, "KubernetesOfficial"),
        ("1.36", "Free", TODAY, "KubernetesOfficial"),
        ("1.37", "Premium", TODAY, "KubernetesOfficial"),  # Premium alone does not mean LTS
        ("1.35", "Standard", date(2027, 3, 31), "KubernetesOfficial"),  # its last day
        ("1.33", "Premium", TODAY, "AKSLongTermSupport"),
        ("1.35", "Premium", date(2027, 4, 1), "AKSLongTermSupport"),
    ],
)
def test_support_plan_follows_the_minors_support(minor: str | None, tier: str, day: date, plan: str) -> None:
    assert versions.support_plan(minor, tier, day) == plan


@pytest.mark.parametrize(
    ("minor", "tier", "day", "message"),
    [
        (
            "1.33",
            "Standard",
            TODAY,
            "Kubernetes 1.33 left AKS standard support on 2026-07-31; until 2027-07-31 AKS offers "
            "it only under long-term support, which needs azure.sku_tier = Premium (this "
            "cluster: Standard)",
        ),
        (
            "1.35",
            "Standard",
            date(2027, 4, 1),
            "Kubernetes 1.35 left AKS standard support on 2027-03-31; until "
            "2028-03-31 AKS offers it only under long-term support, which needs "
            "azure.sku_tier = Premium (this cluster: Standard)",
        ),
        ("1.31", "Premium", TODAY, "Kubernetes 1.31 is out of every AKS support plan since 2026-11-30"),
        ("1.37", "Standard", date(2026, 10, 1), "Kubernetes 1.37 is not generally available on AKS before 2026-10-31"),
        (
            "1.99",
            "Standard",
            TODAY,
            "AKS does not offer Kubernetes 1.99 (known: 1.31, 1.32, 1.33, 1.34, 1.35, 1.36, 1.37)",
        ),
    ],
)
def test_support_plan_refuses_what_aks_offers_under_no_plan(minor: str, tier: str, day: date, message: str) -> None:
    with pytest.raises(versions.UnsupportedVersion) as error:
        versions.support_plan(minor, tier, day)
    assert str(error.value) == message


@pytest.mark.parametrize("minor", ["1.35", "1.36", "1.37"])
def test_planned_cluster_asks_kubernetes_official_for_a_standard_minor(minor: str) -> None:
    plan = plan_raw({"kubernetes_version": minor}, "v1")
    cluster = plan.one(CLUSTER).inputs
    assert (cluster["kubernetesVersion"], cluster["supportPlan"], cluster["sku"]) == (
        minor,
        "KubernetesOfficial",
        {"name": "Base", "tier": "Standard"},
    )
    assert cluster["agentPoolProfiles"][0]["orchestratorVersion"] == minor


def test_planned_cluster_asks_long_term_support_for_an_lts_only_minor_on_premium() -> None:
    cluster = plan_raw({"kubernetes_version": "1.33", "azure": {"sku_tier": "Premium"}}, "v1").one(CLUSTER).inputs
    assert (cluster["kubernetesVersion"], cluster["supportPlan"], cluster["sku"]) == (
        "1.33",
        "AKSLongTermSupport",
        {"name": "Base", "tier": "Premium"},
    )


def test_an_lts_only_minor_on_standard_is_refused_before_the_cluster_is_planned() -> None:
    """Issue 12: `KubernetesOfficial` + 1.33 on Standard is what AKS refuses with K8sVersionNotSupported."""
    with pytest.raises(pulumi.RunError) as error:
        plan_raw({"kubernetes_version": "1.33"}, "v1")
    assert str(error.value) == (
        "kumo:cluster.kubernetes_version = '1.33': Kubernetes 1.33 left AKS standard support on 2026-07-31; until "
        "2027-07-31 AKS offers it only under long-term support, which needs azure.sku_tier = Premium (this cluster: "
        "Standard)"
    )


# -- Locations ----------------------------------------------------------------------------------------------


def test_location_keys_and_region_count() -> None:
    location = facts.LOCATION
    assert [(k.key, k.meaning) for k in location.required] == [("azure-native:location", "Azure location")]
    assert location.region_key == "azure-native:location"
    assert location.source.url == "https://learn.microsoft.com/azure/reliability/regions-list"
    assert (len(location.regions), sum(1 for z in location.regions.values() if z)) == (57, 39)
    assert all(re.fullmatch(location.formats["azure-native:location"], r) for r in location.regions)


@pytest.mark.parametrize(
    ("region", "zones"),
    [
        ("eastus", ("1", "2", "3")),
        ("westeurope", ("1", "2", "3")),
        ("swedencentral", ("1", "2", "3")),
        ("japanwest", ("1", "2", "3")),
        ("westus", ()),
        ("northcentralus", ()),
        ("ukwest", ()),
        ("australiacentral", ()),
    ],
)
def test_region_zones(region: str, zones: tuple[str, ...]) -> None:
    assert facts.LOCATION.regions[region] == zones


def test_a_typo_in_the_location_gets_a_did_you_mean() -> None:
    [problem] = location_problems("azure", {"azure-native:location": "westeurpe"})
    assert (problem.path, problem.value) == (("azure-native:location",), "westeurpe")
    assert "did you mean 'westeurope'?" in problem.message


def test_pools_and_public_ips_use_the_locations_zones(prod_plan: Plan) -> None:
    zones = list(facts.LOCATION.regions["westeurope"])
    assert prod_plan.one(CLUSTER).inputs["agentPoolProfiles"][0]["availabilityZones"] == zones
    for pool in prod_plan.of_type("azure-native:containerservice:AgentPool"):
        assert pool.inputs["availabilityZones"] == zones
    assert named(prod_plan, "prod1-nat-ip").inputs["zones"] == zones


def test_a_region_without_zones_is_refused_before_anything_is_planned() -> None:
    message = (
        "azure-native:location = 'westus' has 0 availability zone(s) and network.zones asks for 2: choose a "
        "region with zones (such as australiaeast, austriaeast, belgiumcentral, brazilsouth; "
        "https://learn.microsoft.com/azure/reliability/regions-list) or lower network.zones"
    )
    assert zone_problem("westus", 2) == message
    assert zone_problem("westeurope", 3) is None
    assert cluster_zones("eastus", 2) == ["1", "2"]
    from components.offline import plan_spec
    from components.spec import parse_spec

    with pytest.raises(pulumi.RunError) as error:
        plan_spec(
            cloud="azure",
            spec=parse_spec({"kubernetes_version": "1.35", "network": {"zones": 2}}, default_name="w1"),
            config={"azure-native:location": "westus"},
        )
    assert str(error.value) == message


# -- Roles and grants ---------------------------------------------------------------------------------------


def test_built_in_role_ids() -> None:
    # Microsoft's "Azure built-in roles" table (the same ids in every tenant).
    assert {name: role.guid for name, role in facts.ROLES.items()} == {
        "Network Contributor": "4d97b98b-1d4f-4787-a291-c67834d212e7",
        "Key Vault Crypto User": "12338af0-0e69-4776-bea7-57ae8d297424",
        "Key Vault Crypto Service Encryption User": "e147488a-f6f5-4113-8e2d-b22465e65bf6",
        "Managed Identity Operator": "f1a07417-d97a-45cb-824c-7a7467783830",
        "Reader": "acdd72a7-3385-48ef-bd42-f6fb9c1fd2f2",
        "Storage Account Contributor": "17d1049b-9a84-46fb-8f53-869881c3d3ab",
        "Azure Kubernetes Service RBAC Cluster Admin": "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b",
        "Contributor": "b24988ac-6180-42a0-ab88-20f7382dd24c",
        "Role Based Access Control Administrator": "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
    }
    assert {g.role for g in facts.GRANTS} | set(facts.DEPLOYER_PREREQUISITES) == set(facts.ROLES)


# The words GRANTS uses for principals and scopes -> the planned resource (name suffix) each one means.
PRINCIPALS = {
    "disk encryption set": "des",
    "shared-store identity": "shared-identity",
    "control-plane identity": "control-plane",
}
SCOPES = {
    "disk key": "disks",
    "shared-store key": "shared-key",
    "etcd key": "etcd",
    "kubelet identity": "kubelet",
    "virtual network": "vnet",
    "disk encryption set": "des",
    "shared-store account": "shared-account",
    "network resource group": "rg",
    "cluster": "aks",
}


def test_every_planned_grant_is_a_documented_grant_and_every_grant_is_planned(dev_plan: Plan) -> None:
    """dev1 has every optional grant (shared storage, a static load-balancer IP)."""
    planned = {r.name.removeprefix("dev1-"): r for r in dev_plan.of_type(ROLE)}
    assert sorted(planned) == sorted(g.suffix for g in facts.GRANTS)
    for fact in facts.GRANTS:
        r = planned[fact.suffix]
        assert (r.layer, r.inputs["roleDefinitionId"].rsplit("/", 1)[-1]) == (
            fact.layer,
            facts.ROLES[fact.role].guid,
        ), fact.suffix
        assert r.inputs["scope"] == arm(dev_plan, f"dev1-{SCOPES[fact.scope]}"), fact.suffix
        if fact.principal == "deployer":
            assert r.inputs["principalId"] == mocks.OBJECT_ID
        else:
            assert r.property_dependencies["principalId"] == [
                named(dev_plan, f"dev1-{PRINCIPALS[fact.principal]}").urn
            ], fact.suffix
            assert r.inputs["principalType"] == "ServicePrincipal"
        assert fact.source.url.startswith("https://learn.microsoft.com/azure/")


@pytest.mark.parametrize(
    ("client_id", "principal_type"),
    [
        ("04b07795-8ddb-461a-bbee-02f9e1bf7b46", "User"),  # az login
        ("1950a258-227b-4e31-a9cf-717495945fc2", "User"),  # Connect-AzAccount
        (mocks.CLIENT_ID, "ServicePrincipal"),  # a CI service principal, workload identity or managed identity
        (None, None),  # unknown: left out, ARM looks the principal up
    ],
)
def test_deployer_principal_type(client_id: str | None, principal_type: str | None) -> None:
    assert deployer_principal_type(client_id) == principal_type
    assert set(facts.USER_SIGN_IN_APPS) == {
        "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
        "1950a258-227b-4e31-a9cf-717495945fc2",
    }


def test_every_wait_lasts_the_documented_propagation_bound(prod_plan: Plan, dev_plan: Plan) -> None:
    assert (facts.ROLE_PROPAGATION.seconds, facts.ROLE_PROPAGATION.source.url) == (
        600,
        "https://learn.microsoft.com/azure/role-based-access-control/troubleshooting"
        "#symptom---role-assignment-changes-are-not-being-detected",
    )
    for plan in (prod_plan, dev_plan):
        waits = plan.of_type(WAIT)
        assert len(waits) == 3
        assert {w.inputs["seconds"] for w in waits} == {600.0}
        for w in waits:  # each waits for exactly the grants it names
            assert sorted(w.options["depends_on"]) == sorted(
                r.urn for r in plan.of_type(ROLE) if r.id in w.inputs["grants"]
            )


# -- Container insights ---------------------------------------------------------------------------------------

STREAMS = [
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
]


def test_container_insights_has_its_data_collection_rule_and_association(prod_plan: Plan) -> None:
    """Issue 12: the monitoring add-on was on without the data collection rule it collects by."""
    assert list(facts.CONTAINER_INSIGHTS_STREAMS) == STREAMS
    cluster = prod_plan.one(CLUSTER)
    assert cluster.inputs["addonProfiles"]["omsagent"] == {
        "enabled": True,
        "config": {"logAnalyticsWorkspaceResourceID": arm(prod_plan, "prod1-logs"), "useAADAuth": "true"},
    }
    rule = named(prod_plan, "prod1-insights").inputs
    assert {k: v for k, v in rule.items() if k not in ("tags", "description")} == {
        "dataCollectionRuleName": "MSCI-westeurope-prod1",
        "resourceGroupName": arm(prod_plan, "prod1-rg").rsplit("/", 1)[-1],
        "location": "westeurope",
        "kind": "Linux",
        "dataSources": {
            "extensions": [
                {
                    "name": "ContainerInsightsExtension",
                    "extensionName": "ContainerInsights",
                    "streams": STREAMS,
                    "extensionSettings": {
                        "dataCollectionSettings": {
                            "interval": "1m",
                            "namespaceFilteringMode": "Off",
                            "enableContainerLogV2": True,
                        }
                    },
                }
            ]
        },
        "destinations": {
            "logAnalytics": [{"name": "ciworkspace", "workspaceResourceId": arm(prod_plan, "prod1-logs")}]
        },
        "dataFlows": [{"streams": STREAMS, "destinations": ["ciworkspace"]}],
    }
    association = named(prod_plan, "prod1-insights-association")
    assert (
        association.inputs["associationName"],
        association.inputs["resourceUri"],
        association.inputs["dataCollectionRuleId"],
    ) == ("ContainerInsightsExtension", cluster.id, arm(prod_plan, "prod1-insights"))
    assert association.layer == "cluster"


# -- The shared store's ownership -----------------------------------------------------------------------------


def root_after_first_mount(attributes: dict[str, str], fs_group: int | None, root_squash: str) -> tuple[int, int]:
    """(group, mode) of the share's root after the azurefile CSI driver's first NFS mount, as the driver does it
    (pkg/azurefile/nodeserver.go NodeStageVolume: chmodIfPermissionMismatch to mountPermissions, default 0777,
    "0" skips; then, given the pod's fsGroup and a policy other than None, Kubernetes' SetVolumeOwnership: group
    fsGroup, group rw + x and setgid on directories). Azure creates the root root:root 0777. Both steps run as
    root on the node, which RootSquash maps to nobody: the chmod then fails the mount."""
    group, mode = 0, 0o777
    permissions = int(attributes.get("mountPermissions", "0777"), 8)
    if permissions:
        if root_squash != "NoRootSquash":
            raise PermissionError("chmod of a root-owned directory as the squashed root")
        mode = permissions
    if fs_group is not None and attributes.get("fsGroupChangePolicy", "OnRootMismatch") != "None":
        group, mode = fs_group, mode | 0o2000 | 0o660 | 0o110
    return group, mode


def test_the_shared_store_is_the_app_groups_and_not_world_writable(prod_plan: Plan) -> None:
    """Issue 12: with the driver's default mountPermissions 0777 the share's root was world-writable."""
    share = named(prod_plan, "prod1-shared-share").inputs
    pv = prod_plan.one("kubernetes:core/v1:PersistentVolume").inputs["spec"]["csi"]["volumeAttributes"]
    pod: dict[str, Any] = prod_plan.one("kubernetes:apps/v1:Deployment").inputs["spec"]["template"]["spec"]
    context = pod["securityContext"]
    group, mode = root_after_first_mount(pv, int(context["fsGroup"]), share["rootSquash"])
    assert (group, oct(mode)) == (101, "0o2770")  # root:101 rwxrws---
    assert mode & 0o007 == 0  # nothing for anyone outside the group
    assert int(context["runAsGroup"]) == group  # the app's user writes as its group
    # What the driver's defaults did, for comparison: the same group, but world-writable.
    assert oct(root_after_first_mount({}, 101, "NoRootSquash")[1]) == "0o2777"
    # Root in pods: the claim bound to the share lives in a namespace enforcing the restricted standard.
    claim = prod_plan.one("kubernetes:core/v1:PersistentVolumeClaim").inputs["metadata"]
    [namespace] = [
        n
        for n in prod_plan.of_type("kubernetes:core/v1:Namespace")
        if n.inputs["metadata"]["name"] == claim["namespace"]
    ]
    assert namespace.inputs["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"


def test_root_squash_would_make_the_first_mount_fail() -> None:
    with pytest.raises(PermissionError):
        root_after_first_mount({"mountPermissions": "0770"}, 101, "RootSquash")


# -- Authorized IP ranges -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cidrs", "egress", "expected"),
    [
        (["203.0.113.0/24"], "20.1.2.3", ["203.0.113.0/24", "20.1.2.3/32"]),
        (["20.1.0.0/16"], "20.1.2.3", ["20.1.0.0/16"]),  # already allowed
        (["203.0.113.0/24"], None, ["203.0.113.0/24"]),
    ],
)
def test_authorized_ranges_add_the_nat_address_once(cidrs: list[str], egress: str | None, expected: list[str]) -> None:
    assert authorized_ranges(cidrs, egress) == expected


def test_a_private_api_has_no_allow_list(prod_plan: Plan) -> None:
    access = prod_plan.one(CLUSTER).inputs["apiServerAccessProfile"]
    assert "authorizedIPRanges" not in access
