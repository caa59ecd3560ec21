"""Control-plane audit logging (LOG-01/LOG-02): a Log Analytics workspace and the cluster's diagnostic
setting sending every control-plane log category to it."""

from __future__ import annotations

import pulumi
from pulumi_azure_native import containerservice, monitor, operationalinsights

from components.azure import traits
from components.azure.scope import AzureScope


def build_workspace(
    name: str, scope: AzureScope, *, resource_group_name: pulumi.Input[str]
) -> operationalinsights.Workspace:
    """The workspace control-plane logs and Container Insights write to, kept 90 days."""
    return operationalinsights.Workspace(
        f"{name}-logs",
        resource_group_name=resource_group_name,
        location=scope.location,
        sku=operationalinsights.WorkspaceSkuArgs(name="PerGB2018"),
        retention_in_days=traits.LOG_RETENTION_DAYS,
        # Only Entra ID-authenticated agents may write (the AKS monitoring add-on uses AAD auth).
        features=operationalinsights.WorkspaceFeaturesArgs(disable_local_auth=True),
        tags=scope.tags,
        opts=scope.opts(),
    )


def build_audit_logs(
    name: str, scope: AzureScope, *, cluster: containerservice.ManagedCluster, workspace: operationalinsights.Workspace
) -> monitor.DiagnosticSetting:
    """Send the API server, audit, controller-manager, scheduler, autoscaler and guard logs to the
    workspace, in resource-specific tables."""
    return monitor.DiagnosticSetting(
        f"{name}-audit",
        name=f"{name}-audit",
        resource_uri=cluster.id,
        workspace_id=workspace.id,
        log_analytics_destination_type="Dedicated",
        logs=[
            monitor.DiagnosticsLogSettingsArgs(category=category, enabled=True)
            for category in traits.AUDIT_LOG_CATEGORIES
        ],
        opts=scope.opts(),
    )
