"""Scheduled Filestore backups of the shared store (DATA-03): GCP's counterpart of the AWS Backup policy on EFS.

The shared store IS backed up on a schedule, kumo's own: Filestore takes a standard backup when asked (the API has
no schedule setting of its own), Backup and DR (which could schedule them for the zonal tier kumo uses) is a
separate service with its own vaults, and Backup for GKE skips Filestore volumes (gke_backup.py). So kumo runs the
schedule itself:

    Cloud Scheduler job (daily, FILESTORE_BACKUP_CRON)
      -> POST workflowexecutions.googleapis.com/v1/<workflow>/executions  (OAuth token of the "run" account)
      -> Workflow (as the "backup" account): backups.create of the instance's share, wait for the operation,
         then list the region's backups and delete this schedule's backups older than the retention.

Filestore backups are independent resources: each is a regional copy that SURVIVES THE DELETION OF THE
INSTANCE (and of this stack); only an explicit backups.delete removes one. The workflow creates first and
prunes only after the new backup is READY: when the instance is gone, the create step fails, the execution
stops there, and the last backups are kept until someone deletes them by hand.

Lifecycle: these resources carry the store's own `protect` and `retain_on_delete`. The schedule must keep
running as long as the data exists: when the stack goes but the retained store stays, the retained schedule
keeps backing it up (adopt both again with `pulumi import`, like the store); when the store is deleted, the
schedule goes with it and the backups stay. They depend on the Filestore instance, never on the cluster.

Identities (least privilege): the workflow runs as its own account holding a custom role with only the
backup permissions (traits.FILESTORE_BACKUP_PERMISSIONS; every predefined Filestore role is broader or cannot
delete backups) and Logs Writer; the scheduler presents a second account that may only start executions
(roles/workflows.invoker). Neither has a key: Cloud Scheduler mints the token.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pulumi
import pulumi_gcp as gcp
import yaml

from components.gcp import layout, traits
from components.gcp.scope import GcpScope

CREATE = "googleapis.file.v1.projects.locations.backups.create"
LIST = "googleapis.file.v1.projects.locations.backups.list"
DELETE = "googleapis.file.v1.projects.locations.backups.delete"
"""The Workflows connector methods (googleapis.<service>.<version>.<resource>.<method>); create and delete
are long-running operations the connector waits for."""
EXECUTIONS_URI = "https://workflowexecutions.googleapis.com/v1/{workflow}/executions"
SCOPE = "https://www.googleapis.com/auth/cloud-platform"
DAY_SECONDS = 86400


def workflow_source(
    *,
    project: str,
    zone: str,
    instance: str,
    share: str,
    cluster: str,
    kms_key: str | None = None,
    retain_days: int = traits.FILESTORE_BACKUP_RETAIN_DAYS,
    timeout_seconds: int = traits.FILESTORE_BACKUP_TIMEOUT_SECONDS,
) -> str:
    """The workflow (Workflows YAML): back up `share` of `instance`, wait, then expire this schedule's old backups.

    Backups of a zonal instance live in the instance's REGION: parent projects/<p>/locations/<region>.
    Ids are `<instance>-<UTC YYYYMMDDhhmmss>`: lowercase, digits and hyphens, a letter first, <= 63 characters.
    With `kms_key`, each backup is encrypted with that key (the store's own: Filestore backups take a
    customer-managed key, https://cloud.google.com/filestore/docs/cmek), not Google's default encryption.
    """
    if retain_days < 1:
        raise ValueError("retain_days must be at least 1")
    region = layout.zone_region(zone)
    parent = f"projects/{project}/locations/{region}"
    source = f"projects/{project}/locations/{zone}/instances/{instance}"
    # The list returns sourceInstance with the project NUMBER: match the zone and name, within `parent`'s project.
    source_pattern = f"^projects/[^/]+/locations/{zone}/instances/{instance}$"
    label_key, label_value = traits.FILESTORE_BACKUP_LABEL
    expired = " and ".join(
        [
            f'text.match_regex(default(map.get(backup, "sourceInstance"), ""), "{source_pattern}")',
            f'map.get(backup, "sourceFileShare") == "{share}"',
            f'map.get(backup, ["labels", "{label_key}"]) == "{label_value}"',
            "time.parse(backup.createTime) < cutoff",
        ]
    )
    steps: list[dict[str, Any]] = [
        {
            "init": {
                "assign": [
                    {"now": "${sys.now()}"},
                    # time.format -> 2026-01-01T01:00:00.123456Z; its first 14 digits are YYYYMMDDhhmmss.
                    {"stamp": '${text.substring(text.replace_all_regex(time.format(now), "[^0-9]", ""), 0, 14)}'},
                    {"backup_id": f'${{"{layout.backup_id_prefix(instance)}-" + stamp}}'},
                    {"cutoff": f"${{now - {retain_days * DAY_SECONDS}}}"},  # retain_days x 86400 s
                    {"page_token": ""},
                ]
            }
        },
        {
            "create_backup": {
                "call": CREATE,
                "args": {
                    "parent": parent,
                    "backupId": "${backup_id}",
                    "body": {
                        "sourceInstance": source,
                        "sourceFileShare": share,
                        "description": f"kumo scheduled backup of {instance}/{share} (cluster {cluster})",
                        "labels": {label_key: label_value, "kumo-cluster": cluster, "managed-by": "kumo"},
                        **({"kmsKey": kms_key} if kms_key else {}),
                    },
                    "connector_params": {"timeout": timeout_seconds},
                },
                "result": "created",
            }
        },
        {
            "list_backups": {
                "call": LIST,
                "args": {"parent": parent, "pageToken": "${page_token}"},
                "result": "page",
            }
        },
        {
            "expire_old_backups": {
                "for": {
                    "value": "backup",
                    "in": '${default(map.get(page, "backups"), [])}',
                    "steps": [
                        {
                            "check_age": {
                                "switch": [
                                    {
                                        "condition": f"${{{expired}}}",
                                        "steps": [
                                            {"delete_backup": {"call": DELETE, "args": {"name": "${backup.name}"}}}
                                        ],
                                    }
                                ]
                            }
                        }
                    ],
                }
            }
        },
        {
            "next_page": {
                "switch": [
                    {
                        "condition": '${"nextPageToken" in page and page.nextPageToken != ""}',
                        "assign": [{"page_token": "${page.nextPageToken}"}],
                        "next": "list_backups",
                    }
                ]
            }
        },
        {"done": {"return": "${backup_id}"}},
    ]
    # The header names this module by its former name: the text is deployed (sourceContents), so a new name here
    # would update every deployed workflow for a comment.
    header = (
        f"# kumo: daily Filestore backup of {source} share {share}, kept {retain_days} days.\n"
        "# Generated by components/gcp/backups.py; do not edit by hand.\n"
    )
    return header + yaml.safe_dump({"main": {"steps": steps}}, sort_keys=False, width=1000)


class SharedBackups(pulumi.ComponentResource):
    """The identities, workflow and daily schedule that back up the shared Filestore instance.

    A nested component of SharedStorage: `scope` is its (scope.under(storage)); `zone` is where the instance lives.
    Outputs: `workflow`, `job`.
    """

    workflow: gcp.workflows.Workflow
    job: gcp.cloudscheduler.Job

    def __init__(
        self,
        name: str,
        *,
        instance: gcp.filestore.Instance,
        zone: str,
        share: str,
        scope: GcpScope,
        protect: bool,
        retain_on_delete: bool,
        kms_key: pulumi.Input[str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("kumo:gcp:SharedBackups", name, None, scope.component_opts(opts))
        scope = scope.under(self)
        durable = {"retain_on_delete": retain_on_delete, "protect": protect}

        role = gcp.projects.IAMCustomRole(
            f"{name}-role",
            project=scope.project,
            role_id=layout.custom_role_id(name, "files"),
            title=f"kumo {name}: Filestore backups",
            description="Create, list and delete Filestore backups (kumo's scheduled backups of the shared store)",
            permissions=list(traits.FILESTORE_BACKUP_PERMISSIONS),
            stage="GA",
            opts=scope.opts("iam", **durable),
        )
        account = gcp.serviceaccount.Account(
            f"{name}-sa",
            account_id=layout.account_id(name, "wf"),
            display_name=f"kumo {name} workflow",
            description="Identity of the workflow that backs up kumo's shared Filestore instance.",
            opts=scope.opts("iam", **durable),
        )
        grants = [
            gcp.projects.IAMMember(
                f"{name}-sa-files",
                project=scope.project,
                role=role.name,
                member=account.member,
                opts=scope.opts("iam", **durable),
            )
        ]
        grants += [
            gcp.projects.IAMMember(
                f"{name}-sa-{layout.role_suffix(r)}",
                project=scope.project,
                role=r,
                member=account.member,
                opts=scope.opts("iam", **durable),
            )
            for r in traits.BACKUP_WORKFLOW_ROLES
        ]
        runner = gcp.serviceaccount.Account(
            f"{name}-run-sa",
            account_id=layout.account_id(name, "run"),
            display_name=f"kumo {name} scheduler",
            description="Identity Cloud Scheduler presents to start kumo's Filestore backup workflow.",
            opts=scope.opts("iam", **durable),
        )
        invokers = [
            gcp.projects.IAMMember(
                f"{name}-run-sa-{layout.role_suffix(r)}",
                project=scope.project,
                role=r,
                member=runner.member,
                opts=scope.opts("iam", **durable),
            )
            for r in traits.BACKUP_SCHEDULER_ROLES
        ]

        project, cluster = scope.project, scope.cluster
        # Built from the instance's own output: the workflow depends on (and names) exactly this instance.
        source = pulumi.Output.all(instance.name, kms_key).apply(
            lambda args: workflow_source(
                project=project, zone=zone, instance=args[0], share=share, cluster=cluster, kms_key=args[1]
            )
        )
        self.workflow = gcp.workflows.Workflow(
            f"{name}-workflow",
            name=name,
            region=scope.region,
            description=f"kumo: back up Filestore share {share} daily, keep {traits.FILESTORE_BACKUP_RETAIN_DAYS} days",
            service_account=account.id,
            source_contents=source,
            call_log_level=traits.WORKFLOW_CALL_LOG_LEVEL,
            deletion_protection=protect,  # the provider's default (true) would block a deliberate delete
            opts=scope.opts("workflows", **durable, depends_on=grants),
        )
        self.job = gcp.cloudscheduler.Job(
            f"{name}-schedule",
            name=name,
            region=scope.region,
            description=f"kumo: run workflow {name} (Filestore backup of {share})",
            schedule=traits.FILESTORE_BACKUP_CRON,
            time_zone=traits.FILESTORE_BACKUP_TIME_ZONE,
            paused=False,
            attempt_deadline="180s",
            retry_config={"retry_count": 3, "min_backoff_duration": "60s", "max_backoff_duration": "900s"},
            http_target={
                "uri": self.workflow.id.apply(lambda w: EXECUTIONS_URI.format(workflow=w)),
                "http_method": "POST",
                "headers": {"Content-Type": "application/json"},
                "body": base64.b64encode(
                    json.dumps({"callLogLevel": traits.WORKFLOW_CALL_LOG_LEVEL}).encode()
                ).decode(),
                "oauth_token": {"service_account_email": runner.email, "scope": SCOPE},
            },
            opts=scope.opts("cloudscheduler", **durable, depends_on=invokers),
        )
        self.register_outputs(
            {
                "workflow": self.workflow.id,
                "job": self.job.id,
                "schedule": traits.FILESTORE_BACKUP_CRON,
                "retain_days": traits.FILESTORE_BACKUP_RETAIN_DAYS,
            }
        )
