"""The data layer's network and keys on AKS, through the offline engine: the VNet, its subnets (the API server's
delegated one included) and NAT egress; the cluster's private vault, etcd and disk keys and the disk encryption
set, and the block StorageClasses using it.

What this proves: the exact inputs of these resources (mock ARM ids: hashes of names, stable). What it does
not prove: that Azure accepts them, or that a rotated key version is picked up (a real deployment).
"""

from __future__ import annotations

from components.records import Plan
from tests.azure.conftest import TENANT, arm, named


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
    # API Server VNet Integration: a /27 delegated to AKS right after the endpoint subnet, nothing else in it.
    api = named(prod_plan, "prod1-apiserver")
    assert {k: v for k, v in api.inputs.items() if k not in ("resourceGroupName", "virtualNetworkName")} == {
        "addressPrefix": "10.20.129.0/27",
        "delegations": [{"name": "aks-apiserver", "serviceName": "Microsoft.ContainerService/managedClusters"}],
        "defaultOutboundAccess": False,
        # azure-native's own defaults for every Subnet
        "privateEndpointNetworkPolicies": "Disabled",
        "privateLinkServiceNetworkPolicies": "Enabled",
    }
    assert endpoints.urn in api.options["depends_on"]  # one subnet update at a time
    nat = named(prod_plan, "prod1-nat")
    assert nat.inputs["sku"] == {"name": "Standard"}
    assert nat.inputs["publicIpAddresses"] == [{"id": arm(prod_plan, "prod1-nat-ip")}]
    ip = named(prod_plan, "prod1-nat-ip")
    assert (ip.inputs["sku"], ip.inputs["publicIPAllocationMethod"], ip.inputs["zones"]) == (
        {"name": "Standard", "tier": "Regional"},
        "Static",
        ["1", "2", "3"],
    )


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
    # Private (ENC-07): no network but trusted services (the disk encryption set); AKS's KMS plugin comes in
    # through its own private endpoint (API Server VNet Integration), kumo's keys through ARM.
    assert props["publicNetworkAccess"] == "Disabled"
    assert props["networkAcls"] == {"defaultAction": "Deny", "bypass": "AzureServices"}
    for key in ("prod1-etcd", "prod1-disks"):
        k = named(prod_plan, key).inputs["properties"]
        assert (k["kty"], k["keySize"]) == ("RSA", 2048.0)
        # Rotated versions expire two years after they are made, long after the next rotation (ENC-07).
        assert k["rotationPolicy"] == {
            "attributes": {"expiryTime": "P2Y"},
            "lifetimeActions": [{"action": {"type": "rotate"}, "trigger": {"timeAfterCreate": "P90D"}}],
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
