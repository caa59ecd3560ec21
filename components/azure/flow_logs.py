"""VNet flow logs (LOG-03): every IP flow through the cluster's VNet, kept 90 days in a storage account of its own.

NSG flow logs can no longer be created (flow_log_facts.FLOW_LOGS_SECURITY_SOURCE): a Network Watcher flow log
targets the VNet itself. It is a child of the region's Network Watcher, which Azure creates by itself
(`NetworkWatcher_<region>` in `NetworkWatcherRG`) and of which a subscription holds one per region: kumo references
it by name and never creates one (a second one is refused). In a subscription that opted out of Network Watcher's
automatic enablement the flow log fails with ResourceNotFound on the watcher: enable it once for the region (`az
network watcher configure -g NetworkWatcherRG -l <region> --enabled true`) and run `up` again.

The logs go to a Standard StorageV2 account (the shared store's Premium FileStorage account cannot hold them:
flow_log_facts.FLOW_LOGS_SOURCE) in the network's resource group and region, zone-redundant where the region has zones:

- no account keys (allowSharedKeyAccess false): Network Watcher writes as the flow log's user-assigned identity,
  which holds Storage Blob Data Contributor on this account only; the flow log waits for that grant to propagate;
- a firewall that denies every network but trusted Azure services (Network Watcher is one); public network access
  stays Enabled because Disabled would shut out the trusted-service exception too. Reading the logs: add your
  address to the account's network rules, or route them to Traffic Analytics;
- HTTPS and TLS 1.2 only, no public blob access, no cross-tenant replication, Entra ID by default;
- encrypted by Azure Storage with Microsoft-managed keys and infrastructure (double) encryption, not kumo's
  customer-managed key: a CMK rotation stops VNet flow logs until they are disabled and enabled again
  (flow_log_facts.FLOW_LOGS_SECURITY_SOURCE), and kumo's keys rotate every 90 days unattended (ENC-02), so a CMK would
  silently end the logging after the first rotation.

Retention is the flow log's retentionPolicy: 90 days (traits.LOG_RETENTION_DAYS, LOG-02), after which Network
Watcher deletes the blobs. The account is audit evidence, not durable data: it is not tagged stateful and not
retained on delete (it lives in the network's resource group, whose deletion would take it anyway).
"""

from __future__ import annotations

from dataclasses import dataclass

from pulumi_azure_native import managedidentity, network, storage

from components.azure import flow_log_facts, traits
from components.azure.identity import grant
from components.azure.keys import global_name
from components.azure.network import Network
from components.azure.propagation import RolePropagation
from components.azure.scope import AzureScope
from components.azure.zones import region_zones

FORMAT_VERSION = 2
"""Flow log JSON format version 2 (bytes and packets per flow), what Microsoft's VNet flow log templates use."""


def account_sku(location: str) -> str:
    """Standard zone-redundant storage where the region has zones, else locally redundant (Premium is refused)."""
    return "Standard_ZRS" if region_zones(location) else "Standard_LRS"


@dataclass(frozen=True)
class FlowLogs:
    """The VNet flow log and where it writes."""

    account: storage.StorageAccount
    identity: managedidentity.UserAssignedIdentity
    flow_log: network.FlowLog


def build_flow_logs(name: str, scope: AzureScope, net: Network) -> FlowLogs:
    """A flow log on `net`'s VNet, written by its own identity to its own storage account."""
    group = net.resource_group.name
    identity = managedidentity.UserAssignedIdentity(
        f"{name}-flow-logs-identity",
        resource_group_name=group,
        location=scope.location,
        tags=scope.tags,
        opts=scope.opts(),
    )
    account = storage.StorageAccount(
        f"{name}-flow-logs",
        resource_group_name=group,
        account_name=group.apply(lambda g: global_name(scope.cluster, "flow", g, 24)),
        location=scope.location,
        kind=storage.Kind.STORAGE_V2,
        sku=storage.SkuArgs(name=account_sku(scope.location)),
        access_tier=storage.AccessTier.HOT,
        enable_https_traffic_only=True,
        minimum_tls_version="TLS1_2",
        public_network_access="Enabled",  # the firewall below denies all but trusted Azure services
        allow_blob_public_access=False,
        allow_shared_key_access=False,  # Network Watcher writes as the flow log's identity
        allow_cross_tenant_replication=False,
        default_to_o_auth_authentication=True,
        network_rule_set=storage.NetworkRuleSetArgs(default_action=storage.DefaultAction.DENY, bypass="AzureServices"),
        encryption=storage.EncryptionArgs(
            key_source="Microsoft.Storage",  # not a CMK: a key rotation stops VNet flow logs (module docstring)
            require_infrastructure_encryption=True,
            services=storage.EncryptionServicesArgs(
                blob=storage.EncryptionServiceArgs(enabled=True, key_type="Account")
            ),
        ),
        tags=scope.tags,
        opts=scope.opts(),
    )
    writer = grant(
        f"{name}-flow-logs-writer",
        scope,
        role="Storage Blob Data Contributor",
        principal_id=identity.principal_id,
        on=account.id,
    )
    ready = RolePropagation(f"{name}-flow-logs-writer-propagation", [writer], scope)
    flow_log = network.FlowLog(
        f"{name}-vnet-flow-log",
        resource_group_name=flow_log_facts.NETWORK_WATCHER_GROUP,
        network_watcher_name=flow_log_facts.network_watcher_name(scope.location),
        location=scope.location,
        target_resource_id=net.vnet.id,
        storage_id=account.id,
        enabled=True,
        format=network.FlowLogFormatParametersArgs(type=network.FlowLogFormatType.JSON, version=FORMAT_VERSION),
        retention_policy=network.RetentionPolicyParametersArgs(enabled=True, days=traits.LOG_RETENTION_DAYS),
        identity=network.ManagedServiceIdentityArgs(
            type=network.ResourceIdentityType.USER_ASSIGNED, user_assigned_identities=[identity.id]
        ),
        tags=scope.tags,
        opts=scope.opts(depends_on=[ready]),
    )
    return FlowLogs(account=account, identity=identity, flow_log=flow_log)
