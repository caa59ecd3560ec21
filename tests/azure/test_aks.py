"""The AKS environment through the offline engine (data and cluster layers): exact children, key inputs
and options.

What this proves: the program registers exactly these Azure resources with these inputs and options
(names, parents, provider, dependencies). What it does not prove: that Azure accepts them; see the
module docstrings of components/azure for the settings only a real deployment can confirm.
"""

from __future__ import annotations

import re

from components.azure import facts, mocks
from components.records import Plan, Resource
from tests.azure.conftest import LOCATION, SUBSCRIPTION, TENANT, arm, named

CLUSTER = "azure-native:containerservice:ManagedCluster"
WAIT = "pulumi-python:dynamic/kumo:RolePropagation"
AGENT_POOL = "azure-native:containerservice:AgentPool"
ROLE = "azure-native:authorization:RoleAssignment"
PROD_TAGS = {
    "env": "prod",
    "owner": "platform",
    "data-classification": "internal",
    "kumo-cluster": "prod1",
    "managed-by": "kumo",
}

DATA_CHILDREN = sorted(
    [
        ("pulumi:providers:azure-native", "prod1-azure"),
        ("kumo:azure:SharedStorage", "prod1-shared"),
        ("azure-native:resources:ResourceGroup", "prod1-rg"),
        ("azure-native:network:VirtualNetwork", "prod1-vnet"),
        ("azure-native:network:Subnet", "prod1-nodes"),
        ("azure-native:network:Subnet", "prod1-endpoints"),
        ("azure-native:network:PublicIPAddress", "prod1-nat-ip"),
        ("azure-native:network:NatGateway", "prod1-nat"),
        ("azure-native:keyvault:Vault", "prod1-kv"),
        ("azure-native:keyvault:Key", "prod1-etcd"),
        ("azure-native:keyvault:Key", "prod1-disks"),
        ("azure-native:compute:DiskEncryptionSet", "prod1-des"),
        ("azure-native:authorization:RoleAssignment", "prod1-des-key-access"),
    ]
)
CLUSTER_CHILDREN = sorted(
    [
        ("pulumi:providers:azure-native", "prod1-azure"),
        ("azure-native:managedidentity:UserAssignedIdentity", "prod1-control-plane"),
        ("azure-native:managedidentity:UserAssignedIdentity", "prod1-kubelet"),
        ("azure-native:authorization:RoleAssignment", "prod1-kms-key-user"),
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
    ]
)
SHARED_CHILDREN = sorted(
    [
        ("azure-native:resources:ResourceGroup", "prod1-shared-rg"),
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
    assert len(taggable) == 23
    for r in taggable:
        expected = {**PROD_TAGS, "stateful": "true"} if r.name in STATEFUL else PROD_TAGS
        assert r.inputs.get("tags") == expected, r.name


def test_network(prod_plan: Plan) -> None:
    vnet = named(prod_plan, "prod1-vnet")
    assert vnet.inputs["addressSpace"] == {"addressPrefixes": ["10.20.0.0/16"]}
    assert "subnets" not in vnet.inputs
    nodes, endpoints = named(prod_plan, "prod1-nodes"), named(prod_plan, "prod1-endpoints")
    assert nodes.inputs["addressPrefix"] == "10.20.0.0/17"
    assert nodes.inputs["natGateway"] == {"id": arm(prod_plan, "prod1-nat")}
    assert nodes.inputs["defaultOutboundAccess"] is False
    assert endpoints.inputs["addressPrefix"] == "10.20.128.0/24"
    # Explicit: the endpoint subnet takes no input from the node subnet (Azure updates one subnet at a time).
    assert nodes.urn in endpoints.options["depends_on"]
    nat = named(prod_plan, "prod1-nat")
    assert nat.inputs["sku"] == {"name": "Standard"}
    assert nat.inputs["publicIpAddresses"] == [{"id": arm(prod_plan, "prod1-nat-ip")}]
    ip = named(prod_plan, "prod1-nat-ip")
    assert (ip.inputs["sku"], ip.inputs["publicIPAllocationMethod"], ip.inputs["zones"]) == (
        {"name": "Standard", "tier": "Regional"},
        "Static",
        ["1", "2", "3"],
    )


def test_cluster_security_settings(prod_plan: Plan) -> None:
    c = prod_plan.one(CLUSTER).inputs
    assert (c["resourceName"], c["dnsPrefix"], c["kubernetesVersion"], c["location"]) == (
        "prod1",
        "prod1",
        "1.35",
        LOCATION,
    )
    assert c["supportPlan"] == "KubernetesOfficial"  # 1.35 is in AKS standard support until 2027-03-31
    assert c["resourceGroupName"] == arm(prod_plan, "prod1-rg").rsplit("/", 1)[-1]
    assert c["sku"] == {"name": "Base", "tier": "Standard"}
    assert c["identity"] == {"type": "UserAssigned", "userAssignedIdentities": [arm(prod_plan, "prod1-control-plane")]}
    assert c["identityProfile"]["kubeletidentity"]["resourceId"] == arm(prod_plan, "prod1-kubelet")
    assert c["apiServerAccessProfile"] == {
        "enablePrivateCluster": True,
        "enablePrivateClusterPublicFQDN": False,
        "privateDNSZone": "system",
    }
    assert c["aadProfile"] == {"managed": True, "enableAzureRBAC": True, "tenantID": TENANT, "adminGroupObjectIDs": []}
    assert (c["disableLocalAccounts"], c["enableRBAC"]) == (True, True)
    assert c["oidcIssuerProfile"] == {"enabled": True}
    etcd_name = arm(prod_plan, "prod1-etcd").rsplit("/", 1)[-1]
    assert c["securityProfile"] == {
        "workloadIdentity": {"enabled": True},
        "azureKeyVaultKms": {
            "enabled": True,
            "keyVaultNetworkAccess": "Public",
            "keyId": f"https://{named(prod_plan, 'prod1-kv').inputs['vaultName']}.vault.azure.net/"
            f"keys/{etcd_name}/" + c["securityProfile"]["azureKeyVaultKms"]["keyId"][-32:],
        },
        "imageCleaner": {"enabled": True, "intervalHours": 168.0},
    }
    assert re.fullmatch(r"[0-9a-f]{32}", c["securityProfile"]["azureKeyVaultKms"]["keyId"].rsplit("/", 1)[-1])
    assert c["diskEncryptionSetID"] == arm(prod_plan, "prod1-des")
    assert c["networkProfile"] == {
        "networkPlugin": "azure",
        "networkPluginMode": "overlay",
        "networkDataplane": "cilium",
        "networkPolicy": "cilium",
        "ipFamilies": ["IPv4"],
        "podCidr": "10.64.0.0/14",
        "serviceCidr": "10.96.0.0/16",
        "dnsServiceIP": "10.96.0.10",
        "loadBalancerSku": "standard",
        "outboundType": "userAssignedNATGateway",
    }
    assert c["autoUpgradeProfile"] == {"upgradeChannel": "patch", "nodeOSUpgradeChannel": "NodeImage"}
    assert c["storageProfile"] == {
        "diskCSIDriver": {"enabled": True},
        "fileCSIDriver": {"enabled": True},
        "snapshotController": {"enabled": True},
        "blobCSIDriver": {"enabled": False},
    }
    assert c["addonProfiles"] == {
        "azurepolicy": {"enabled": True},
        "omsagent": {
            "enabled": True,
            "config": {"logAnalyticsWorkspaceResourceID": arm(prod_plan, "prod1-logs"), "useAADAuth": "true"},
        },
    }


def test_cluster_waits_for_its_grants_to_propagate(prod_plan: Plan) -> None:
    """Issue 12: the KMS key grant was created seconds before the cluster that checks it. The cluster now
    waits for a RolePropagation that exists only once its four grants have had Azure's documented 600 s."""
    cluster = prod_plan.one(CLUSTER)
    wait = named(prod_plan, "prod1-identity-grants-propagation")
    grants = ["prod1-kms-key-user", "prod1-kubelet-operator", "prod1-vnet-network", "prod1-des-reader"]
    assert wait.urn in cluster.options["depends_on"]
    assert sorted(wait.options["depends_on"]) == sorted(named(prod_plan, n).urn for n in grants)
    assert wait.inputs["grants"] == [arm(prod_plan, n) for n in grants]  # a replaced grant waits again
    assert wait.inputs["seconds"] == 600.0
    assert (wait.parent, wait.provider) == (prod_plan.one("kumo:azure:ClusterLayer").urn, None)
    # The disk key's grant and the node subnet are the data layer's: applied (a whole stack) before this one,
    # whose own wait runs before the first node disk.
    assert {named(prod_plan, n).layer for n in ("prod1-des-key-access", "prod1-nodes")} == {"data"}


def test_in_cluster_layer_starts_after_its_grants_propagated(prod_plan: Plan, dev_plan: Plan) -> None:
    """The grants the in-cluster layer relies on at once (the deployer's Kubernetes role, the file CSI grant,
    the load-balancer IP grant) are the last wait of the cluster stack."""
    for plan, prefix, grants in (
        (prod_plan, "prod1", ["shared-csi-access", "deployer-cluster-admin"]),
        (dev_plan, "dev1", ["shared-csi-access", "deployer-cluster-admin", "lb-ip-network"]),
    ):
        wait = named(plan, f"{prefix}-access-grants-propagation")
        assert wait.layer == "cluster"
        assert wait.inputs["grants"] == [arm(plan, f"{prefix}-{g}") for g in grants]
        assert sorted(wait.options["depends_on"]) == sorted(named(plan, f"{prefix}-{g}").urn for g in grants)


def test_cluster_ignores_the_autoscaled_count_and_the_rotated_key_version(prod_plan: Plan) -> None:
    """Issue 12: Key Vault's rotation gives the etcd key a new version, the data layer's etcd_key_uri follows it,
    and the cluster showed an unplanned change. The key id is changed only by the documented rotation."""
    cluster = prod_plan.one(CLUSTER)
    assert cluster.options["ignore_changes"] == ["agentPoolProfiles[0].count", "securityProfile.azureKeyVaultKms.keyId"]
    assert cluster.options["custom_timeouts"] == {"create": "45m", "update": "60m", "delete": "45m"}
    assert cluster.options["protect"] is False


def test_system_pool_is_inline_with_critical_addons_taint(prod_plan: Plan) -> None:
    [system] = prod_plan.one(CLUSTER).inputs["agentPoolProfiles"]
    assert system == {
        "name": "system",
        "vmSize": "Standard_D4s_v5",
        "count": 3.0,
        "enableAutoScaling": True,
        "minCount": 3.0,
        "maxCount": 6.0,
        "availabilityZones": ["1", "2", "3"],
        "mode": "System",
        "type": "VirtualMachineScaleSets",
        "osType": "Linux",
        "osSKU": "AzureLinux",
        "osDiskSizeGB": 100.0,
        "osDiskType": "Managed",
        "enableEncryptionAtHost": True,
        "enableNodePublicIP": False,
        "enableFIPS": False,
        "vnetSubnetID": arm(prod_plan, "prod1-nodes"),
        "orchestratorVersion": "1.35",
        "nodeLabels": {"kumo.io/pool": "system"},
        "nodeTaints": ["CriticalAddonsOnly=true:NoSchedule"],
        "securityProfile": {"enableSecureBoot": True, "enableVTPM": True, "sshAccess": "Disabled"},
        "upgradeSettings": {"maxSurge": "33%", "drainTimeoutInMinutes": 30.0},
    }


def test_user_pools_are_agent_pools(prod_plan: Plan) -> None:
    cluster = prod_plan.one(CLUSTER)
    pools = {r.inputs["agentPoolName"]: r for r in prod_plan.of_type(AGENT_POOL)}
    assert sorted(pools) == ["batch", "general"]
    expected = {
        "general": {
            "vmSize": "Standard_D8s_v5",
            "count": 3.0,
            "minCount": 3.0,
            "maxCount": 12.0,
            "nodeLabels": {"kumo.io/pool": "general"},
            "nodeTaints": [],
        },
        "batch": {
            "vmSize": "Standard_D16s_v5",
            "count": 0.0,
            "minCount": 0.0,
            "maxCount": 10.0,
            # AKS adds the spot label and taint itself (traits.SPOT_NODE_*): kumo does not declare them.
            "nodeLabels": {"kumo.io/workload": "batch", "kumo.io/pool": "batch"},
            "nodeTaints": ["kumo.io/workload=batch:NoSchedule"],
        },
    }
    for name, pool in pools.items():
        inputs = pool.inputs
        assert {k: inputs[k] for k in expected[name]} == expected[name]
        assert inputs["resourceName"] == "prod1"
        assert pool.property_dependencies["resourceName"] == [cluster.urn]
        assert (inputs["mode"], inputs["enableAutoScaling"], inputs["availabilityZones"], inputs["osSKU"]) == (
            "User",
            True,
            ["1", "2", "3"],
            "AzureLinux",
        )
        assert (inputs["enableEncryptionAtHost"], inputs["enableNodePublicIP"]) == (True, False)
        assert inputs["securityProfile"] == {"enableSecureBoot": True, "enableVTPM": True, "sshAccess": "Disabled"}
        assert inputs["vnetSubnetID"] == arm(prod_plan, "prod1-nodes")
        assert inputs["tags"] == PROD_TAGS
        assert pool.options["ignore_changes"] == ["count"]
    assert "scaleSetPriority" not in pools["general"].inputs
    assert pools["general"].inputs["upgradeSettings"] == {"maxSurge": "33%", "drainTimeoutInMinutes": 30.0}
    batch = pools["batch"].inputs
    assert (batch["scaleSetPriority"], batch["scaleSetEvictionPolicy"], batch["spotMaxPrice"]) == (
        "Spot",
        "Delete",
        -1.0,
    )
    assert "upgradeSettings" not in batch  # AKS: "Spot pools can't set max surge"


def test_role_assignments_are_exact(prod_plan: Plan) -> None:
    grants = {
        r.name: (r.inputs["roleDefinitionId"].rsplit("/", 1)[-1], r.inputs["scope"], r.inputs["principalType"])
        for r in prod_plan.of_type(ROLE)
    }
    roles = {name: role.guid for name, role in facts.ROLES.items()}
    assert grants == {
        "prod1-deployer-cluster-admin": (
            roles["Azure Kubernetes Service RBAC Cluster Admin"],
            prod_plan.one(CLUSTER).id,
            "ServicePrincipal",
        ),
        "prod1-des-key-access": (
            roles["Key Vault Crypto Service Encryption User"],
            arm(prod_plan, "prod1-disks"),
            "ServicePrincipal",
        ),
        "prod1-kms-key-user": (roles["Key Vault Crypto User"], arm(prod_plan, "prod1-etcd"), "ServicePrincipal"),
        "prod1-kubelet-operator": (
            roles["Managed Identity Operator"],
            arm(prod_plan, "prod1-kubelet"),
            "ServicePrincipal",
        ),
        "prod1-vnet-network": (roles["Network Contributor"], arm(prod_plan, "prod1-vnet"), "ServicePrincipal"),
        "prod1-des-reader": (roles["Reader"], arm(prod_plan, "prod1-des"), "ServicePrincipal"),
        "prod1-shared-key-access": (
            roles["Key Vault Crypto Service Encryption User"],
            arm(prod_plan, "prod1-shared-key"),
            "ServicePrincipal",
        ),
        "prod1-shared-csi-access": (
            roles["Storage Account Contributor"],
            arm(prod_plan, "prod1-shared-account"),
            "ServicePrincipal",
        ),
    }
    # The deployer is whoever the provider signs in as (mocks: a service principal, not the az CLI app).
    assert named(prod_plan, "prod1-deployer-cluster-admin").inputs["principalId"] == mocks.OBJECT_ID
    for r in prod_plan.of_type(ROLE):
        assert r.inputs["roleDefinitionId"].startswith(
            f"/subscriptions/{SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/"
        )
    control_plane_grants = {
        "prod1-kms-key-user",
        "prod1-kubelet-operator",
        "prod1-vnet-network",
        "prod1-des-reader",
        "prod1-shared-csi-access",
    }
    cp_urn = named(prod_plan, "prod1-control-plane").urn
    for name in control_plane_grants:
        assert named(prod_plan, name).property_dependencies["principalId"] == [cp_urn], name


def test_keys_vault_and_disk_encryption_set(prod_plan: Plan) -> None:
    vault = named(prod_plan, "prod1-kv").inputs
    assert len(vault["vaultName"]) == 24 and vault["vaultName"].startswith("prod1kv")
    props = vault["properties"]
    assert (
        props["enableRbacAuthorization"],
        props["enablePurgeProtection"],
        props["enableSoftDelete"],
        props["softDeleteRetentionInDays"],
    ) == (True, True, True, 90.0)
    assert props["tenantId"] == TENANT and props["sku"] == {"family": "A", "name": "standard"}
    # AKS's KMS plugin cannot pass a vault firewall without API server VNet integration (preview).
    assert props["networkAcls"] == {"defaultAction": "Allow", "bypass": "AzureServices"}
    for key in ("prod1-etcd", "prod1-disks"):
        k = named(prod_plan, key).inputs["properties"]
        assert (k["kty"], k["keySize"]) == ("RSA", 2048.0)
        assert k["rotationPolicy"] == {
            "lifetimeActions": [{"action": {"type": "rotate"}, "trigger": {"timeAfterCreate": "P90D"}}]
        }
        assert "expires" not in k["attributes"]
    des = named(prod_plan, "prod1-des").inputs
    assert des["encryptionType"] == "EncryptionAtRestWithCustomerKey"
    assert des["rotationToLatestKeyVersionEnabled"] is True
    assert des["identity"] == {"type": "SystemAssigned"}
    assert des["activeKey"]["sourceVault"] == {"id": arm(prod_plan, "prod1-kv")}
    disk_key = arm(prod_plan, "prod1-disks").rsplit("/", 1)[-1]
    assert des["activeKey"]["keyUrl"] == f"https://{vault['vaultName']}.vault.azure.net/keys/{disk_key}"  # versionless


def test_block_classes_use_premium_zrs_with_the_disk_encryption_set(prod_plan: Plan) -> None:
    block = [
        r
        for r in prod_plan.of_type("kubernetes:storage.k8s.io/v1:StorageClass")
        if r.inputs["provisioner"] == "disk.csi.azure.com"
    ]
    assert len(block) == 2
    for sc in block:
        assert sc.inputs["parameters"] == {
            "skuName": "Premium_ZRS",
            "cachingMode": "ReadOnly",
            "networkAccessPolicy": "DenyAll",
            "diskEncryptionSetID": arm(prod_plan, "prod1-des"),
        }


def test_audit_logs_go_to_log_analytics(prod_plan: Plan) -> None:
    workspace = named(prod_plan, "prod1-logs").inputs
    assert (workspace["sku"], workspace["retentionInDays"]) == ({"name": "PerGB2018"}, 90.0)
    audit = named(prod_plan, "prod1-audit").inputs
    assert audit["resourceUri"] == prod_plan.one(CLUSTER).id
    assert audit["workspaceId"] == arm(prod_plan, "prod1-logs")
    assert [log["category"] for log in audit["logs"]] == [  # LOG-01's categories, as literals
        "kube-audit-admin",
        "kube-apiserver",
        "kube-controller-manager",
        "kube-scheduler",
        "cluster-autoscaler",
        "guard",
    ]
    assert all(log["enabled"] for log in audit["logs"])


def test_deletion_protection_is_a_protected_lock(prod_plan: Plan, dev_plan: Plan) -> None:
    lock = prod_plan.one("azure-native:authorization:ManagementLockByScope")
    assert (lock.inputs["level"], lock.inputs["scope"]) == ("CanNotDelete", prod_plan.one(CLUSTER).id)
    assert lock.options["protect"] is True
    assert dev_plan.of_type("azure-native:authorization:ManagementLockByScope") == []


def test_endpoint_and_kubeconfig(prod_plan: Plan, dev_plan: Plan) -> None:
    prod = prod_plan.layers["cluster"].exports
    assert prod["cluster_name"] == "prod1"
    assert ".privatelink.westeurope.azmk8s.io" in prod["endpoint"] and prod["endpoint"].startswith("https://")
    # A private cluster without a public FQDN: the kubeconfig names the private FQDN, as the endpoint does.
    assert f"server: {prod['endpoint']}:443" in prod["kubeconfig"]
    dev = dev_plan.layers["cluster"].exports
    assert dev["endpoint"].endswith(".hcp.westeurope.azmk8s.io")
    assert "--login\n      - azurecli" in dev["kubeconfig"]
    assert prod_plan.layers["cluster"].secret_exports == ["kubeconfig"]
    # The data layer reads the tenant, the cluster layer the deployer (its role); then the kubeconfig.
    assert [t for t, _ in prod_plan.invokes] == [
        "azure-native:authorization:getClientConfig",
        "azure-native:authorization:getClientConfig",
        "azure-native:containerservice:listManagedClusterUserCredentials",
    ]
    creds = prod_plan.invokes[2][1]
    assert (creds["resourceName"], creds["format"]) == ("prod1", "exec")


def test_public_api_is_allow_listed_with_the_nodes_egress_address(dev_plan: Plan) -> None:
    """Issue 12: nodes reach a public API server from the NAT gateway's address, which AKS does not add to the
    allow-list by itself (it adds only a load balancer's outbound IP)."""
    nat_ip = dev_plan.layers["data"].exports["nat_ip_address"]
    assert nat_ip == "20.234.236.154"  # the mock address of dev1-nat-ip
    access = dev_plan.one(CLUSTER).inputs["apiServerAccessProfile"]
    assert access == {
        "enablePrivateCluster": False,
        "enablePrivateClusterPublicFQDN": False,
        "authorizedIPRanges": ["203.0.113.0/24", "20.234.236.154/32"],
    }
    assert dev_plan.one(CLUSTER).inputs["agentPoolProfiles"][0]["availabilityZones"] == ["1", "2"]


def test_minimal_spec(minimal_plan: Plan) -> None:
    assert minimal_plan.of_type("kumo:azure:SharedStorage") == []
    assert not [r for r in minimal_plan.resources if r.type.startswith("azure-native:storage")]
    assert len(minimal_plan.of_type("azure-native:authorization:ManagementLockByScope")) == 1
    assert minimal_plan.of_type(AGENT_POOL) == []
    assert minimal_plan.of_type("azure-native:network:PublicIPAddress") == [named(minimal_plan, "min1-nat-ip")]


def test_weekly_maintenance_windows(prod_plan: Plan) -> None:
    cluster = prod_plan.one(CLUSTER)
    windows = {
        r.inputs["configName"]: r for r in prod_plan.of_type("azure-native:containerservice:MaintenanceConfiguration")
    }
    assert {
        name: (
            w.inputs["maintenanceWindow"]["schedule"],
            w.inputs["maintenanceWindow"]["startTime"],
            w.inputs["maintenanceWindow"]["durationHours"],
            w.inputs["maintenanceWindow"]["utcOffset"],
        )
        for name, w in windows.items()
    } == {
        "aksManagedAutoUpgradeSchedule": (
            {"weekly": {"dayOfWeek": "Sunday", "intervalWeeks": 1.0}},
            "02:00",
            4.0,
            "+00:00",
        ),
        "aksManagedNodeOSUpgradeSchedule": (
            {"weekly": {"dayOfWeek": "Sunday", "intervalWeeks": 1.0}},
            "06:00",
            4.0,
            "+00:00",
        ),
    }
    for w in windows.values():
        assert w.inputs["resourceName"] == "prod1"
        assert w.property_dependencies["resourceName"] == [cluster.urn]
