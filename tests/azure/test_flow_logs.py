"""The VNet flow log (components/azure/flow_logs.py) as the plan sends it to Azure, held to the documented facts
(components/azure/facts.py, read 2026-12-02). What only the mocks prove: that the regional Network Watcher exists
(Azure's, referenced by name), that Network Watcher writes through the account's firewall as the identity, and that
a retention policy on a VNet flow log deletes blobs: a real `up` in a subscription is the test of those."""

from __future__ import annotations

import pytest

from components.azure import flow_log_facts, flow_logs, rbac
from components.records import Plan
from tests.azure.conftest import SUBSCRIPTION, arm, named

FLOW_LOG = "azure-native:network:FlowLog"


def test_documented_facts() -> None:
    assert flow_log_facts.NETWORK_WATCHER_GROUP == "NetworkWatcherRG"
    assert flow_log_facts.network_watcher_name("eastus") == "NetworkWatcher_eastus"
    assert (
        flow_log_facts.FLOW_LOGS_SOURCE.url
        == "https://learn.microsoft.com/azure/network-watcher/vnet-flow-logs-overview"
    )
    assert rbac.ROLES["Storage Blob Data Contributor"].guid == "ba92f5b4-2d11-453d-a403-e96b0029c9fe"


@pytest.mark.parametrize(("location", "sku"), [("eastus", "Standard_ZRS"), ("westus", "Standard_LRS")])
def test_account_sku_is_standard_and_zone_redundant_where_it_can_be(location: str, sku: str) -> None:
    assert flow_logs.account_sku(location) == sku


def test_flow_log_targets_the_vnet_and_writes_to_its_own_account(prod_plan: Plan) -> None:
    flow = prod_plan.one(FLOW_LOG)
    assert flow.name == "prod1-vnet-flow-log"
    assert flow.layer == "data"
    inputs = {k: v for k, v in flow.inputs.items() if k not in ("tags", "identity")}
    assert inputs == {
        "resourceGroupName": "NetworkWatcherRG",
        "networkWatcherName": "NetworkWatcher_westeurope",
        "location": "westeurope",
        "targetResourceId": arm(prod_plan, "prod1-vnet"),
        "storageId": arm(prod_plan, "prod1-flow-logs"),
        "enabled": True,
        "format": {"type": "JSON", "version": 2},
        "retentionPolicy": {"enabled": True, "days": 90},
    }
    assert flow.inputs["identity"] == {
        "type": "UserAssigned",
        "userAssignedIdentities": [arm(prod_plan, "prod1-flow-logs-identity")],
    }
    assert (flow.id or "").startswith(
        f"/subscriptions/{SUBSCRIPTION}/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/"
        "networkWatchers/NetworkWatcher_westeurope/flowLogs/prod1-vnet-flow-log"
    )


def test_flow_log_waits_for_its_writer_grant(prod_plan: Plan) -> None:
    flow = prod_plan.one(FLOW_LOG)
    wait = named(prod_plan, "prod1-flow-logs-writer-propagation")
    assert wait.urn in flow.options["depends_on"]
    assert wait.options["depends_on"] == [named(prod_plan, "prod1-flow-logs-writer").urn]
    writer = named(prod_plan, "prod1-flow-logs-writer")
    assert writer.inputs["scope"] == arm(prod_plan, "prod1-flow-logs")
    assert writer.property_dependencies["principalId"] == [named(prod_plan, "prod1-flow-logs-identity").urn]


def test_flow_log_account_is_keyless_firewalled_and_not_durable(prod_plan: Plan) -> None:
    account = named(prod_plan, "prod1-flow-logs")
    inputs = {k: v for k, v in account.inputs.items() if k not in ("tags", "accountName", "resourceGroupName")}
    assert inputs == {
        "location": "westeurope",
        "kind": "StorageV2",
        "sku": {"name": "Standard_ZRS"},
        "accessTier": "Hot",
        "enableHttpsTrafficOnly": True,
        "minimumTlsVersion": "TLS1_2",
        "publicNetworkAccess": "Enabled",
        "allowBlobPublicAccess": False,
        "allowSharedKeyAccess": False,
        "allowCrossTenantReplication": False,
        "defaultToOAuthAuthentication": True,
        "networkRuleSet": {"defaultAction": "Deny", "bypass": "AzureServices"},
        "encryption": {
            "keySource": "Microsoft.Storage",
            "requireInfrastructureEncryption": True,
            "services": {"blob": {"enabled": True, "keyType": "Account"}},
        },
    }
    assert account.property_dependencies["resourceGroupName"] == [named(prod_plan, "prod1-rg").urn]
    assert len(account.inputs["accountName"]) <= 24 and account.inputs["accountName"].startswith("prod1flow")
    assert "stateful" not in account.inputs["tags"]
    assert (account.options["protect"], account.options["retain_on_delete"]) == (False, False)


def test_every_azure_stack_has_one_flow_log_per_vnet(prod_plan: Plan, dev_plan: Plan, minimal_plan: Plan) -> None:
    for plan in (prod_plan, dev_plan, minimal_plan):
        vnets = plan.of_type("azure-native:network:VirtualNetwork")
        flows = plan.of_type(FLOW_LOG)
        assert [f.inputs["targetResourceId"] for f in flows] == [v.id for v in vnets]
