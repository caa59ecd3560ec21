"""What Azure's VNet flow logs need, as data with its sources (components/azure/flow_logs.py builds them).

Pure data: no Pulumi, no Azure SDK.
"""

from __future__ import annotations

from datetime import date

from components.fact_types import Source

FLOW_LOGS_CHECKED = date(2026, 12, 2)

FLOW_LOGS_SOURCE = Source(
    "https://learn.microsoft.com/azure/network-watcher/vnet-flow-logs-overview", FLOW_LOGS_CHECKED
)
""""Storage account considerations for virtual network flow logs": the account must be in the VNet's region and
subscription (or one of the same Entra tenant), and "must be standard. Premium storage accounts aren't supported"
(so the shared store's Premium FileStorage account cannot hold them: kumo makes a StorageV2 one)."""
FLOW_LOGS_SECURITY_SOURCE = Source(
    "https://learn.microsoft.com/azure/network-watcher/secure-network-watcher", FLOW_LOGS_CHECKED
)
""""Secure your Azure Network Watcher deployment": NSG flow logs retire on 2027-09-30 and "no new NSG flow logs can
be created after June 30, 2025" (VNet flow logs replace them); a firewalled flow-log account must "allow trusted
Microsoft services so Network Watcher can write flow log data"; "Configure a user-assigned managed identity to
authorize flow log writes ... eliminates the need for storage account keys or SAS tokens ... Assign the Storage Blob
Data Contributor role to the managed identity"; and "If you use customer-managed keys, be aware that rotating the
key causes virtual network flow logs to stop—you must disable and then re-enable flow logs after key rotation"."""
FLOW_LOGS_IDENTITY_SOURCE = Source(
    "https://learn.microsoft.com/azure/network-watcher/vnet-flow-logs-managed-identity", FLOW_LOGS_CHECKED
)
"""The flow log's user-assigned identity (New-AzNetworkWatcherFlowLog -UserAssignedIdentityId), which needs Storage
Blob Data Contributor on the account; the flow log lives in `NetworkWatcherRG` under `NetworkWatcher_<region>`."""
NETWORK_WATCHER_SOURCE = Source(
    "https://learn.microsoft.com/azure/network-watcher/vnet-flow-logs-terraform", FLOW_LOGS_CHECKED
)
""""The regional Network Watcher instance that Azure creates automatically when Network Watcher is enabled ...
Network Watcher is enabled by default unless you explicitly disable it"; one instance per region per subscription
(https://learn.microsoft.com/rest/api/network-watcher). Creating a second one fails, so kumo references Azure's."""
NETWORK_WATCHER_GROUP = "NetworkWatcherRG"
"""The resource group Azure creates the regional Network Watcher in (and where its flow logs live)."""


def network_watcher_name(location: str) -> str:
    """Azure's own name for the regional Network Watcher: `NetworkWatcher_<programmatic region name>`."""
    return f"NetworkWatcher_{location}"
