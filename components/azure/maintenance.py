"""Maintenance windows for AKS's automatic upgrades (NODE-04): the upgrade channels decide what is
applied, these windows decide when (weekly, Sunday UTC, `traits.MAINTENANCE_WINDOWS`)."""

from __future__ import annotations

import pulumi
from pulumi_azure_native import containerservice

from components.azure import traits
from components.azure.scope import AzureScope


def build_maintenance_windows(
    name: str, scope: AzureScope, *, cluster: containerservice.ManagedCluster, resource_group_name: pulumi.Input[str]
) -> list[containerservice.MaintenanceConfiguration]:
    windows = []
    for config_name, (weekday, start) in traits.MAINTENANCE_WINDOWS.items():
        windows.append(
            containerservice.MaintenanceConfiguration(
                f"{name}-{'upgrade' if 'AutoUpgrade' in config_name else 'node-os'}-window",
                resource_group_name=resource_group_name,
                resource_name_=cluster.name,
                config_name=config_name,
                maintenance_window=containerservice.MaintenanceWindowArgs(
                    schedule=containerservice.ScheduleArgs(
                        weekly=containerservice.WeeklyScheduleArgs(day_of_week=weekday, interval_weeks=1)
                    ),
                    duration_hours=traits.MAINTENANCE_HOURS,
                    start_time=start,
                    utc_offset="+00:00",
                ),
                opts=scope.opts(),
            )
        )
    return windows
