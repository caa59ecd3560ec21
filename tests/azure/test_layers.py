"""Azure's layers (components/azure/layers.py) on the contract spec and the prod stack: what each layer
holds, what it publishes, and how the cluster layer reads the data layer.

What this proves: the exact (type, name) split of resources between the data and cluster layers, the exact
outputs each publishes (mock ARM values: hashes of names, stable), that no Kubernetes object is registered
outside the in-cluster layer, and that the cluster layer reaches the data layer only through its stack
reference. What it does not prove: that Azure accepts a cluster whose inputs come from another stack's
outputs (they are plain ids), or that the ways in work on a real network.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, cast

import pytest

from components.azure import traits
from components.azure.layers import CLUSTER_EXTRA_OUTPUTS, DATA_OUTPUTS, in_cluster
from components.layers.contract import CLUSTER_OUTPUTS, LayerRef
from components.offline import plan_spec
from components.records import Plan
from components.spec import parse_spec
from tests.azure.conftest import KUBERNETES, plan_raw, stack_spec
from tests.conftest import CONTRACT_SPEC, LOCATION

SUB = "/subscriptions/00000000-0000-4000-8000-000000000001"
GROUP = "contract-rgdf857e6d"
SHARED_GROUP = "contract-shared-rg2018485f"
ACCOUNT = "contractnfsa992eb8b0aa0d"
STACK_REFERENCE = "pulumi:pulumi:StackReference"

DATA_RESOURCES = [
    ("azure-native:authorization:ManagementLockByScope", "contract-shared-lock"),
    ("azure-native:authorization:RoleAssignment", "contract-des-key-access"),
    ("azure-native:authorization:RoleAssignment", "contract-flow-logs-writer"),
    ("azure-native:authorization:RoleAssignment", "contract-shared-key-access"),
    ("azure-native:compute:DiskEncryptionSet", "contract-des"),
    ("azure-native:keyvault:Key", "contract-disks"),
    ("azure-native:keyvault:Key", "contract-etcd"),
    ("azure-native:keyvault:Key", "contract-shared-key"),
    ("azure-native:keyvault:Vault", "contract-kv"),
    ("azure-native:keyvault:Vault", "contract-shared-kv"),
    ("azure-native:managedidentity:UserAssignedIdentity", "contract-flow-logs-identity"),
    ("azure-native:managedidentity:UserAssignedIdentity", "contract-shared-identity"),
    ("azure-native:network:FlowLog", "contract-vnet-flow-log"),
    ("azure-native:network:NatGateway", "contract-nat"),
    ("azure-native:network:PrivateDnsZoneGroup", "contract-shared-endpoint-dns"),
    ("azure-native:network:PrivateEndpoint", "contract-shared-endpoint"),
    ("azure-native:network:PublicIPAddress", "contract-nat-ip"),
    ("azure-native:network:Subnet", "contract-apiserver"),
    ("azure-native:network:Subnet", "contract-endpoints"),
    ("azure-native:network:Subnet", "contract-nodes"),
    ("azure-native:network:VirtualNetwork", "contract-vnet"),
    ("azure-native:privatedns:PrivateZone", "contract-shared-dns"),
    ("azure-native:privatedns:VirtualNetworkLink", "contract-shared-dns-link"),
    ("azure-native:resources:ResourceGroup", "contract-rg"),
    ("azure-native:resources:ResourceGroup", "contract-shared-rg"),
    ("azure-native:storage:FileServiceProperties", "contract-shared-file-service"),
    ("azure-native:storage:FileShare", "contract-shared-share"),
    ("azure-native:storage:StorageAccount", "contract-flow-logs"),
    ("azure-native:storage:StorageAccount", "contract-shared-account"),
    ("kumo:azure:DataLayer", "contract"),
    ("kumo:azure:SharedStorage", "contract-shared"),
    ("pulumi-python:dynamic/kumo:RolePropagation", "contract-flow-logs-writer-propagation"),
    ("pulumi-python:dynamic/kumo:RolePropagation", "contract-shared-key-access-propagation"),
    ("pulumi:providers:azure-native", "contract-azure"),
]
CLUSTER_COUNTS = {
    "azure-native:authorization:ManagementLockByScope": 1,
    "azure-native:authorization:PolicyAssignment": 1,  # the pod security baseline (GOV-01)
    # kms-key-user, kms-private-link, kubelet-operator, vnet-network, des-reader, shared-csi-access, lb-ip-network,
    # deployer-cluster-admin
    "azure-native:authorization:RoleAssignment": 8,
    "azure-native:containerservice:AgentPool": 2,
    "azure-native:containerservice:MaintenanceConfiguration": 2,
    "azure-native:containerservice:ManagedCluster": 1,
    "azure-native:managedidentity:UserAssignedIdentity": 2,
    "azure-native:monitor:DiagnosticSetting": 1,
    "azure-native:monitor:DataCollectionRule": 1,  # Container insights
    "azure-native:monitor:DataCollectionRuleAssociation": 1,
    "pulumi-python:dynamic/kumo:RolePropagation": 2,  # before the cluster; before the in-cluster layer
    "azure-native:network:PublicIPAddress": 1,  # the load balancer's static IP
    "azure-native:operationalinsights:Workspace": 1,
    "kumo:azure:ClusterLayer": 1,
    "pulumi:providers:azure-native": 1,
}
SHARED_STORE = {
    "csi_driver": "file.csi.azure.com",
    "volume_handle": f"{SHARED_GROUP}#{ACCOUNT}#kumo-shared",
    "volume_attributes": {
        "resourceGroup": SHARED_GROUP,
        "storageAccount": ACCOUNT,
        "shareName": "kumo-shared",
        "protocol": "nfs",
        "mountPermissions": "0770",
        "fsGroupChangePolicy": "OnRootMismatch",
    },
    "mount_options": ["nconnect=4", "noresvport", "actimeo=30"],
    "class_parameters": {
        "protocol": "nfs",
        "resourceGroup": SHARED_GROUP,
        "storageAccount": ACCOUNT,
        "rootSquashType": "NoRootSquash",
        "mountPermissions": "0770",
        "fsGroupChangePolicy": "OnRootMismatch",
    },
    "capacity_gb": 2560.0,
}
DATA_EXPORTS = {
    "shared_store": SHARED_STORE,
    "tenant_id": "00000000-0000-4000-8000-0000000000aa",
    "subscription_id": "00000000-0000-4000-8000-000000000001",
    "resource_group_name": GROUP,
    "resource_group_id": f"{SUB}/resourceGroups/{GROUP}",
    "vnet_id": f"{SUB}/resourceGroups/{GROUP}/providers/Microsoft.Network/virtualNetworks/contract-vnet2d2933b2",
    "vnet_name": "contract-vnet2d2933b2",
    "node_subnet_id": f"{SUB}/resourceGroups/{GROUP}/providers/Microsoft.Network/virtualNetworks/"
    "contract-vnet2d2933b2/subnets/contract-nodes5607d467",
    "api_server_subnet_id": f"{SUB}/resourceGroups/{GROUP}/providers/Microsoft.Network/virtualNetworks/"
    "contract-vnet2d2933b2/subnets/contract-apiserver8cff3851",
    "nat_ip_address": "20.104.161.89",
    "vault_id": f"{SUB}/resourceGroups/{GROUP}/providers/Microsoft.KeyVault/vaults/contractkvd85e34f4f9b60f",
    "etcd_key_id": f"{SUB}/resourceGroups/{GROUP}/providers/Microsoft.KeyVault/vaults/contractkvd85e34f4f9b60f/"
    "keys/contract-etcd653ff818",
    "etcd_key_uri": "https://contractkvd85e34f4f9b60f.vault.azure.net/keys/contract-etcd653ff818/"
    "135a20bb1ec77fb9d724236337059a00",
    "disk_encryption_set_id": f"{SUB}/resourceGroups/{GROUP}/providers/Microsoft.Compute/diskEncryptionSets/"
    "contract-des1e7fd599",
    "shared_account_id": f"{SUB}/resourceGroups/{SHARED_GROUP}/providers/Microsoft.Storage/storageAccounts/{ACCOUNT}",
}
KUBECONFIG = """apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1PQ0stN2E0NmRkYmUwY2UyYTRhODg4MzA5OWU2MWQ5NDZjYjgKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=
    server: https://contract-62ad1f02.hcp.eastus.azmk8s.io:443
  name: contract
contexts:
- context:
    cluster: contract
    user: clusterUser_contract-rgdf857e6d_contract
  name: contract
current-context: contract
preferences: {}
users:
- name: clusterUser_contract-rgdf857e6d_contract
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: kubelogin
      args:
      - get-token
      - --login
      - azurecli
      - --server-id
      - 6dae42f8-4368-4678-94ff-3960e28e3630
      env: null
      installHint: 'kubelogin is required to reach AKS clusters with Entra ID: https://azure.github.io/kubelogin/install.html
        (or `az aks install-cli`)'
      interactiveMode: Never
      provideClusterInfo: false
"""
CLUSTER_EXPORTS = {
    "cluster_name": "contract",
    "endpoint": "https://contract-62ad1f02.hcp.eastus.azmk8s.io",
    "kubeconfig": KUBECONFIG,
    "node_pools": ["system", "general", "batch"],
    "block_class": {
        "provisioner": "disk.csi.azure.com",
        "parameters": {
            "skuName": "Premium_ZRS",
            "cachingMode": "ReadOnly",
            "networkAccessPolicy": "DenyAll",
            "diskEncryptionSetID": DATA_EXPORTS["disk_encryption_set_id"],
        },
    },
    # load_balancer_ip is None on AKS (the address is pinned by annotation), and a None output is dropped.
    "load_balancer": {
        "annotations": {
            "service.beta.kubernetes.io/azure-load-balancer-ipv4": "20.204.77.51",
            "service.beta.kubernetes.io/azure-load-balancer-resource-group": GROUP,
        }
    },
    "api_access": {"public": True, "host": "contract-62ad1f02.hcp.eastus.azmk8s.io", "port": 443.0, "ways_in": []},
    "node_resource_group": "MC_contract-rgdf857e6d_contract_eastus",
    "oidc_issuer_url": "https://eastus.oic.prod-aks.azure.com/00000000-0000-4000-8000-0000000000aa/"
    "64ed4b18-176e-4e8f-8592-55790f67bd0e/",
    "kubelet_principal_id": "5275dea4-209e-483a-86d2-87d3c0c7973a",
    "etcd_key_rotation": [
        "az aks update --resource-group contract-rgdf857e6d --name contract --enable-azure-keyvault-kms "
        "--azure-keyvault-kms-key-vault-network-access Private --azure-keyvault-kms-key-vault-resource-id "
        f"{SUB}/resourceGroups/{GROUP}/providers/Microsoft.KeyVault/vaults/contractkvd85e34f4f9b60f "
        '--azure-keyvault-kms-key-id "$(az resource show --ids '
        f"{SUB}/resourceGroups/{GROUP}/providers/Microsoft.KeyVault/vaults/contractkvd85e34f4f9b60f/keys/"
        'contract-etcd653ff818 --query properties.keyUriWithVersion -o tsv)"',
        "kubectl get secrets --all-namespaces -o json | kubectl replace -f -",
    ],
}
PROD_FQDN = "prod1-bbfe1986.14ed04b27bf010a7acfff9fefb57e0f1.privatelink.westeurope.azmk8s.io"
PROD_ZONE = "14ed04b27bf010a7acfff9fefb57e0f1.privatelink.westeurope.azmk8s.io"
PROD_NODE_GROUP = "MC_prod1-rg9e01a39c_prod1_westeurope"


@pytest.fixture(scope="module")
def contract() -> Plan:
    """The contract spec (tests/conftest.py) on the AKS tests' minor, planned as the contract suite plans it."""
    spec = parse_spec({**CONTRACT_SPEC, "kubernetes_version": KUBERNETES}, default_name="contract")
    return plan_spec("azure", spec, LOCATION["azure"], stack="azure-contract")


def test_data_layer_holds_exactly_the_network_keys_and_shared_store(contract: Plan) -> None:
    assert sorted((r.type, r.name) for r in contract.in_layer("data")) == DATA_RESOURCES


def test_cluster_layer_resource_counts(contract: Plan) -> None:
    counts = Counter(r.type for r in contract.in_layer("cluster") if r.type != STACK_REFERENCE)
    assert dict(counts) == CLUSTER_COUNTS


def test_no_kubernetes_object_outside_the_in_cluster_layer(contract: Plan) -> None:
    kubernetes = ("kubernetes:", "kumo:k8s:", "pulumi:providers:kubernetes")
    for layer in ("data", "cluster"):
        assert [r.name for r in contract.in_layer(layer) if r.type.startswith(kubernetes)] == [], layer


def test_data_layer_outputs(contract: Plan) -> None:
    assert contract.layers["data"].exports == DATA_EXPORTS
    assert set(DATA_EXPORTS) == set(DATA_OUTPUTS)
    assert contract.layers["data"].secret_exports == []


def test_cluster_layer_outputs(contract: Plan) -> None:
    exports = contract.layers["cluster"].exports
    assert set(CLUSTER_OUTPUTS) <= set(exports)
    assert set(exports) == set(CLUSTER_OUTPUTS) | set(CLUSTER_EXTRA_OUTPUTS)
    assert exports == CLUSTER_EXPORTS
    assert contract.layers["cluster"].secret_exports == ["kubeconfig"]


def test_cluster_layer_reads_the_data_layer_only_through_its_outputs(contract: Plan) -> None:
    """Every dependency of a cluster-layer resource is in the cluster layer (or its stack reference): the
    data layer's resources are known to it only as ids in its inputs."""
    cluster = {r.urn for r in contract.in_layer("cluster")}
    for r in contract.in_layer("cluster"):
        assert contract.dependencies(r) <= cluster, r.name
    inputs = contract.one("azure-native:containerservice:ManagedCluster").inputs
    assert inputs["diskEncryptionSetID"] == DATA_EXPORTS["disk_encryption_set_id"]
    assert inputs["securityProfile"]["azureKeyVaultKms"]["keyId"] == DATA_EXPORTS["etcd_key_uri"]
    assert inputs["agentPoolProfiles"][0]["vnetSubnetID"] == DATA_EXPORTS["node_subnet_id"]
    assert inputs["apiServerAccessProfile"]["subnetId"] == DATA_EXPORTS["api_server_subnet_id"]
    assert inputs["securityProfile"]["azureKeyVaultKms"]["keyVaultResourceId"] == DATA_EXPORTS["vault_id"]
    assert [r.name for r in contract.in_layer("data") if contract.dependencies(r) & cluster] == []


def test_in_cluster_parts_install_nothing_and_unmark_akss_default_class(contract: Plan) -> None:
    spec = parse_spec(CONTRACT_SPEC, default_name="contract")
    parts = in_cluster("contract", spec, cast(LayerRef, None))  # reads nothing of the cluster layer
    assert (parts.controllers, parts.builtin_default_classes) == ([], ["default"])
    assert parts.builtin_default_classes == traits.BUILTIN_DEFAULT_CLASSES
    assert [r for r in contract.in_layer("in-cluster") if r.type.startswith("kubernetes:helm")] == []


def test_private_api_access_names_the_vnet_and_the_private_dns_zone(prod_plan: Plan) -> None:
    access = prod_plan.layers["cluster"].exports["api_access"]
    assert access == {
        "public": False,
        "host": PROD_FQDN,
        "port": 443.0,
        "ways_in": [
            "run kumo from inside the cluster's VNet prod1-vneted258ea2 (resource group prod1-rg9e01a39c): a CI "
            f"runner or VM in a subnet of it resolves {PROD_FQDN} through the private DNS zone AKS linked to that VNet",
            "run kumo from a network peered with VNet prod1-vneted258ea2 or connected to it by VPN or ExpressRoute, "
            f"whose DNS resolves {PROD_FQDN}: link that network's VNet to the cluster's private DNS zone {PROD_ZONE} "
            f"(resource group {PROD_NODE_GROUP}) with a virtual network link: `az network private-dns link vnet "
            f"create --resource-group {PROD_NODE_GROUP} --zone-name {PROD_ZONE} --name <link name> --virtual-network "
            "<VNet id> --registration-enabled false` (on-premises clients: forward the zone to an Azure DNS Private "
            "Resolver in a linked VNet)",
        ],
    }
    assert prod_plan.layers["cluster"].exports["endpoint"] == f"https://{PROD_FQDN}"


def test_private_access_cidrs_are_not_translated_on_aks(prod_plan: Plan) -> None:
    raw: dict[str, Any] = stack_spec("azure-prod")
    raw["api"] = {**raw["api"], "private_access_cidrs": ["10.99.0.0/16", "192.168.10.0/24"]}
    with_cidrs = plan_raw(raw, "prod1")
    cluster = "azure-native:containerservice:ManagedCluster"
    assert (
        with_cidrs.one(cluster).inputs["apiServerAccessProfile"]
        == prod_plan.one(cluster).inputs["apiServerAccessProfile"]
        == {
            "enablePrivateCluster": True,
            "enablePrivateClusterPublicFQDN": False,
            "privateDNSZone": "system",
            "enableVnetIntegration": True,
            "subnetId": prod_plan.layers["data"].exports["api_server_subnet_id"],
        }
    )
    assert with_cidrs.layers["cluster"].exports["api_access"] == prod_plan.layers["cluster"].exports["api_access"]
    assert sorted((r.type, r.name) for r in with_cidrs.in_layer("cluster")) == sorted(
        (r.type, r.name) for r in prod_plan.in_layer("cluster")
    )
