"""The AKS control plane through the offline engine (cluster layer): the cluster's exact settings, its options,
audit logs, deletion lock, maintenance windows, endpoint, kubeconfig and API allow-list.

What this proves: the program registers the cluster and its companions with these inputs and options. What it
does not prove: that Azure accepts them; see the module docstrings of components/azure for the settings only a
real deployment can confirm.
"""

from __future__ import annotations

import re

import pytest

from components.azure.aks import authorized_ranges
from components.records import Plan
from tests.azure.conftest import LOCATION, TENANT, arm, named

CLUSTER = "azure-native:containerservice:ManagedCluster"


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
        "enableVnetIntegration": True,
        "subnetId": arm(prod_plan, "prod1-apiserver"),
    }
    assert c["aadProfile"] == {"managed": True, "enableAzureRBAC": True, "tenantID": TENANT, "adminGroupObjectIDs": []}
    assert (c["disableLocalAccounts"], c["enableRBAC"]) == (True, True)
    assert c["oidcIssuerProfile"] == {"enabled": True}
    etcd_name = arm(prod_plan, "prod1-etcd").rsplit("/", 1)[-1]
    assert c["securityProfile"] == {
        "workloadIdentity": {"enabled": True},
        "azureKeyVaultKms": {
            "enabled": True,
            "keyVaultNetworkAccess": "Private",
            "keyVaultResourceId": arm(prod_plan, "prod1-kv"),
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


def test_cluster_ignores_the_autoscaled_count_and_the_rotated_key_version(prod_plan: Plan) -> None:
    """Issue 12: Key Vault's rotation gives the etcd key a new version, the data layer's etcd_key_uri follows it,
    and the cluster showed an unplanned change. The key id is changed only by the documented rotation."""
    cluster = prod_plan.one(CLUSTER)
    assert cluster.options["ignore_changes"] == ["agentPoolProfiles[0].count", "securityProfile.azureKeyVaultKms.keyId"]
    assert cluster.options["custom_timeouts"] == {"create": "45m", "update": "60m", "delete": "45m"}
    assert cluster.options["protect"] is False


def test_audit_logs_go_to_log_analytics(prod_plan: Plan) -> None:
    workspace = named(prod_plan, "prod1-logs").inputs
    assert (workspace["sku"], workspace["retentionInDays"]) == ({"name": "PerGB2018"}, 90.0)
    audit = named(prod_plan, "prod1-audit").inputs
    assert audit["resourceUri"] == prod_plan.one(CLUSTER).id
    assert audit["workspaceId"] == arm(prod_plan, "prod1-logs")
    assert [log["category"] for log in audit["logs"]] == [  # LOG-01's categories, as literals
        "kube-audit",  # LOG-04: reads of Secrets included
        "kube-apiserver",
        "kube-controller-manager",
        "kube-scheduler",
        "cluster-autoscaler",
        "guard",
    ]
    assert all(log["enabled"] for log in audit["logs"])


def test_deletion_protection_is_a_protected_lock(prod_plan: Plan, dev_plan: Plan) -> None:
    lock = named(prod_plan, "prod1-lock")
    assert (lock.inputs["level"], lock.inputs["scope"]) == ("CanNotDelete", prod_plan.one(CLUSTER).id)
    assert lock.options["protect"] is True
    assert dev_plan.of_type("azure-native:authorization:ManagementLockByScope") == []
    # The data resource group carries its own lock (DATA-06): tests/azure/test_data_isolation.py.


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
    """Issue 12: what in the cluster calls the public FQDN comes from the NAT gateway's address, which AKS does not
    add to the allow-list by itself (it adds only a load balancer's outbound IP). The nodes reach the API server
    at its private address in the API server subnet (API Server VNet Integration, on public clusters too)."""
    nat_ip = dev_plan.layers["data"].exports["nat_ip_address"]
    assert nat_ip == "20.234.236.154"  # the mock address of dev1-nat-ip
    access = dev_plan.one(CLUSTER).inputs["apiServerAccessProfile"]
    assert access == {
        "enablePrivateCluster": False,
        "enablePrivateClusterPublicFQDN": False,
        "authorizedIPRanges": ["203.0.113.0/24", "20.234.236.154/32"],
        "enableVnetIntegration": True,
        "subnetId": arm(dev_plan, "dev1-apiserver"),
    }
    assert dev_plan.one(CLUSTER).inputs["agentPoolProfiles"][0]["availabilityZones"] == ["1", "2"]


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
