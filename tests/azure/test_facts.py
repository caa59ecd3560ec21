"""Azure's fact tables (components/azure/facts.py), each fact held against what the program plans.

Each table is pinned with exact values copied from its source (a changed fact must change here too, on
purpose), then the planned resources are checked to respect it: the support plan each minor gets, the zones
each location has, the streams Container insights collects (the roles and grants: test_rbac.py). What this
does not prove: that the documents were read right (preflight confirms the versions live) or that Azure still
says the same after 2026-12-01.
"""

from __future__ import annotations

import re
from datetime import date

import pulumi
import pytest

from components.azure import facts, versions
from components.azure.zones import cluster_zones, zone_problem
from components.facts import location_problems, supported_minors
from components.records import Plan
from tests.azure.conftest import TODAY, arm, named, plan_raw

CLUSTER = "azure-native:containerservice:ManagedCluster"

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
