"""Container insights: what the AKS monitoring add-on collects and where it sends it.

The add-on (`addonProfiles.omsagent`, managed-identity auth) only runs the agent; with managed-identity auth
the agent collects what a data collection rule associated with the cluster names, and nothing without one.
Azure's onboarding (portal, CLI, templates) creates that rule; an ARM client has to create it itself, as
Microsoft's own templates do (facts.CONTAINER_INSIGHTS_SOURCE): a Linux rule `MSCI-<region>-<cluster>` with the
ContainerInsights extension and its streams, sent to the cluster's Log Analytics workspace, associated with
the cluster under the fixed name `ContainerInsightsExtension`. Both belong to the cluster layer (they name
the cluster) and go with it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
from pulumi_azure_native import containerservice, monitor, operationalinsights

from components.azure import facts
from components.azure.scope import AzureScope

ASSOCIATION_NAME = "ContainerInsightsExtension"
"""The association name the agent looks for (every Microsoft onboarding path uses it)."""
DESTINATION = "ciworkspace"
COLLECTION_INTERVAL = "1m"
"""Inventory and metrics every minute: the templates' default."""


def rule_name(location: str, cluster: str) -> str:
    """`MSCI-<region>-<cluster>`, cut to ARM's 64 characters as the templates cut it."""
    return f"MSCI-{location}-{cluster}"[:64]


@dataclass(frozen=True)
class ContainerInsights:
    rule: monitor.DataCollectionRule
    association: monitor.DataCollectionRuleAssociation


def build_container_insights(
    name: str,
    scope: AzureScope,
    *,
    cluster: containerservice.ManagedCluster,
    workspace: operationalinsights.Workspace,
    resource_group_name: pulumi.Input[str],
) -> ContainerInsights:
    streams = list(facts.CONTAINER_INSIGHTS_STREAMS)
    rule = monitor.DataCollectionRule(
        f"{name}-insights",
        data_collection_rule_name=rule_name(scope.location, name),
        resource_group_name=resource_group_name,
        location=scope.location,  # the workspace's region: kumo creates it in the cluster's
        kind="Linux",
        description="kumo: Container insights for the AKS cluster (the monitoring add-on collects what this names)",
        data_sources=monitor.DataCollectionRuleDataSourcesArgs(
            extensions=[
                monitor.ExtensionDataSourceArgs(
                    name="ContainerInsightsExtension",
                    extension_name="ContainerInsights",
                    streams=streams,
                    extension_settings={
                        "dataCollectionSettings": {
                            "interval": COLLECTION_INTERVAL,
                            "namespaceFilteringMode": "Off",
                            "enableContainerLogV2": True,
                        }
                    },
                )
            ]
        ),
        destinations=monitor.DataCollectionRuleDestinationsArgs(
            log_analytics=[monitor.LogAnalyticsDestinationArgs(name=DESTINATION, workspace_resource_id=workspace.id)]
        ),
        data_flows=[monitor.DataFlowArgs(streams=streams, destinations=[DESTINATION])],
        tags=scope.tags,
        opts=scope.opts(),
    )
    association = monitor.DataCollectionRuleAssociation(
        f"{name}-insights-association",
        association_name=ASSOCIATION_NAME,
        resource_uri=cluster.id,
        data_collection_rule_id=rule.id,
        description="kumo: deleting this association stops Container insights collecting for the cluster",
        opts=scope.opts(),
    )
    return ContainerInsights(rule=rule, association=association)
