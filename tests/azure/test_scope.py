"""Every Azure resource is created in its layer's scope (components/azure/scope.py), through the offline engine:
the exact children of each layer's component and of the shared store, the layer's explicit provider and
location on every resource, the spec's and kumo's tags on every taggable one.

What this proves: the program registers exactly these Azure resources under these parents, with this provider,
location and these tags. What it does not prove: that Azure accepts them; see the module docstrings of
components/azure for the settings only a real deployment can confirm.
"""

from __future__ import annotations

from components.records import Plan, Resource
from tests.azure.conftest import LOCATION, PROD_TAGS, named

AGENT_POOL = "azure-native:containerservice:AgentPool"
ROLE = "azure-native:authorization:RoleAssignment"
WAIT = "pulumi-python:dynamic/kumo:RolePropagation"

DATA_CHILDREN = sorted(
    [
        ("pulumi:providers:azure-native", "prod1-azure"),
        ("kumo:azure:SharedStorage", "prod1-shared"),
        ("azure-native:resources:ResourceGroup", "prod1-rg"),
        ("azure-native:network:VirtualNetwork", "prod1-vnet"),
        ("azure-native:network:Subnet", "prod1-nodes"),
        ("azure-native:network:Subnet", "prod1-endpoints"),
        ("azure-native:network:Subnet", "prod1-apiserver"),
        ("azure-native:network:PublicIPAddress", "prod1-nat-ip"),
        ("azure-native:network:NatGateway", "prod1-nat"),
        ("azure-native:keyvault:Vault", "prod1-kv"),
        ("azure-native:keyvault:Key", "prod1-etcd"),
        ("azure-native:keyvault:Key", "prod1-disks"),
        ("azure-native:compute:DiskEncryptionSet", "prod1-des"),
        ("azure-native:authorization:RoleAssignment", "prod1-des-key-access"),
        # VNet flow logs to their own blob account, written as their own identity (LOG-03, test_flow_logs.py).
        ("azure-native:managedidentity:UserAssignedIdentity", "prod1-flow-logs-identity"),
        ("azure-native:storage:StorageAccount", "prod1-flow-logs"),
        ("azure-native:authorization:RoleAssignment", "prod1-flow-logs-writer"),
        (WAIT, "prod1-flow-logs-writer-propagation"),
        ("azure-native:network:FlowLog", "prod1-vnet-flow-log"),
    ]
)
CLUSTER_CHILDREN = sorted(
    [
        ("pulumi:providers:azure-native", "prod1-azure"),
        ("azure-native:managedidentity:UserAssignedIdentity", "prod1-control-plane"),
        ("azure-native:managedidentity:UserAssignedIdentity", "prod1-kubelet"),
        ("azure-native:authorization:RoleAssignment", "prod1-kms-key-user"),
        ("azure-native:authorization:RoleAssignment", "prod1-kms-private-link"),
        ("azure-native:authorization:RoleAssignment", "prod1-kubelet-operator"),
        ("azure-native:authorization:RoleAssignment", "prod1-vnet-network"),
        ("azure-native:authorization:RoleAssignment", "prod1-des-reader"),
        # The shared store's CSI grant names the cluster's identity: it moved here from SharedStorage, same name.
        ("azure-native:authorization:RoleAssignment", "prod1-shared-csi-access"),
        ("azure-native:operationalinsights:Workspace", "prod1-logs"),
        ("azure-native:containerservice:ManagedCluster", "prod1-aks"),
        ("azure-native:containerservice:AgentPool", "prod1-general"),
        ("azure-native:containerservice:AgentPool", "prod1-batch"),
        ("azure-native:monitor:DiagnosticSetting", "prod1-audit"),
        ("azure-native:authorization:ManagementLockByScope", "prod1-lock"),
        ("azure-native:containerservice:MaintenanceConfiguration", "prod1-upgrade-window"),
        ("azure-native:containerservice:MaintenanceConfiguration", "prod1-node-os-window"),
        # Container insights' data collection rule and its association with the cluster (issue 12).
        ("azure-native:monitor:DataCollectionRule", "prod1-insights"),
        ("azure-native:monitor:DataCollectionRuleAssociation", "prod1-insights-association"),
        # The deployer's Kubernetes data-plane role, and the waits for grants to propagate (issue 12).
        ("azure-native:authorization:RoleAssignment", "prod1-deployer-cluster-admin"),
        (WAIT, "prod1-identity-grants-propagation"),
        (WAIT, "prod1-access-grants-propagation"),
        # The pod security baseline behind the Azure Policy add-on (GOV-01).
        ("azure-native:authorization:PolicyAssignment", "prod1-pod-security"),
    ]
)
SHARED_CHILDREN = sorted(
    [
        ("azure-native:resources:ResourceGroup", "prod1-shared-rg"),
        ("azure-native:authorization:ManagementLockByScope", "prod1-shared-lock"),
        ("azure-native:keyvault:Vault", "prod1-shared-kv"),
        ("azure-native:keyvault:Key", "prod1-shared-key"),
        ("azure-native:managedidentity:UserAssignedIdentity", "prod1-shared-identity"),
        ("azure-native:authorization:RoleAssignment", "prod1-shared-key-access"),
        ("azure-native:storage:StorageAccount", "prod1-shared-account"),
        (WAIT, "prod1-shared-key-access-propagation"),
        ("azure-native:storage:FileServiceProperties", "prod1-shared-file-service"),
        ("azure-native:storage:FileShare", "prod1-shared-share"),
        ("azure-native:privatedns:PrivateZone", "prod1-shared-dns"),
        ("azure-native:privatedns:VirtualNetworkLink", "prod1-shared-dns-link"),
        ("azure-native:network:PrivateEndpoint", "prod1-shared-endpoint"),
        ("azure-native:network:PrivateDnsZoneGroup", "prod1-shared-endpoint-dns"),
    ]
)
# Types that take no tags in ARM (sub-resources, grants, settings).
UNTAGGED = {
    "azure-native:network:Subnet",
    ROLE,
    "azure-native:authorization:ManagementLockByScope",
    "azure-native:monitor:DiagnosticSetting",
    "azure-native:storage:FileShare",
    "azure-native:storage:FileServiceProperties",
    "azure-native:network:PrivateDnsZoneGroup",
    "azure-native:containerservice:MaintenanceConfiguration",
    "azure-native:monitor:DataCollectionRuleAssociation",
    "azure-native:authorization:PolicyAssignment",
}
# Durable data (the shared store's group, vault, key, identity, account) is also tagged stateful=true.
STATEFUL = {"prod1-shared-rg", "prod1-shared-kv", "prod1-shared-key", "prod1-shared-identity", "prod1-shared-account"}


def children(plan: Plan, parent: Resource) -> list[tuple[str, str]]:
    return sorted(
        (r.type, r.name)
        for r in plan.resources
        if r.parent == parent.urn and not r.type.startswith(("kumo:k8s", "kubernetes:", "pulumi:providers:k"))
    )


def azure_resources(plan: Plan) -> list[Resource]:
    return [r for r in plan.resources if r.type.startswith("azure-native:")]


def test_exact_children_of_each_layers_component(prod_plan: Plan) -> None:
    assert children(prod_plan, prod_plan.one("kumo:azure:DataLayer")) == DATA_CHILDREN
    assert children(prod_plan, prod_plan.one("kumo:azure:ClusterLayer")) == CLUSTER_CHILDREN
    assert children(prod_plan, prod_plan.one("kumo:azure:SharedStorage")) == SHARED_CHILDREN
    for layer, component in (("data", "kumo:azure:DataLayer"), ("cluster", "kumo:azure:ClusterLayer")):
        assert prod_plan.one(component).layer == layer


def test_every_azure_resource_uses_its_layers_explicit_provider_with_the_location(prod_plan: Plan) -> None:
    for layer in ("data", "cluster"):
        provider = prod_plan.layers[layer].one("pulumi:providers:azure-native")
        assert provider.name == "prod1-azure"
        assert provider.inputs["location"] == LOCATION
        assert provider.parent == prod_plan.layers[layer].one(f"kumo:azure:{layer.title()}Layer").urn
        for r in azure_resources(prod_plan.layers[layer]):
            assert r.provider == f"{provider.urn}::{provider.id}", r.name
            if "location" in r.inputs:
                assert r.inputs["location"] in (LOCATION, "global"), r.name
    assert azure_resources(prod_plan.layers["in-cluster"]) == []


def test_every_taggable_resource_carries_spec_and_kumo_tags(prod_plan: Plan) -> None:
    taggable = [r for r in azure_resources(prod_plan) if r.type not in UNTAGGED]
    assert len(taggable) == 26
    for r in taggable:
        expected = {**PROD_TAGS, "stateful": "true"} if r.name in STATEFUL else PROD_TAGS
        assert r.inputs.get("tags") == expected, r.name


def test_minimal_spec(minimal_plan: Plan) -> None:
    assert minimal_plan.of_type("kumo:azure:SharedStorage") == []
    # The only storage is the flow logs' account (LOG-03), none for shared data.
    assert [r.name for r in minimal_plan.resources if r.type.startswith("azure-native:storage")] == ["min1-flow-logs"]
    assert len(minimal_plan.of_type("azure-native:authorization:ManagementLockByScope")) == 1
    assert minimal_plan.of_type(AGENT_POOL) == []
    assert minimal_plan.of_type("azure-native:network:PublicIPAddress") == [named(minimal_plan, "min1-nat-ip")]
