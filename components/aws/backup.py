"""The shared store's backups under kumo's key (DATA-03, DATA-07): an AWS Backup vault encrypted with the data
layer's volume key, a daily plan and a selection of the EFS file system.

EFS's own automatic backups go to a vault EFS creates, under a key kumo cannot choose, and cannot be deleted
(facts.EFS_AUTOMATIC_BACKUPS): with kumo's plan they would be a second daily copy under AWS's key, so storage.py
turns them off. The vault is kept when the stack forgets it (`retain_on_delete`), and AWS refuses to delete a
vault that still holds recovery points anyway: backups outlive the file system and expire by their lifecycle.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.aws import traits
from components.aws.identity import attach_managed, service_trust
from components.aws.scope import AwsScope


@dataclass(frozen=True)
class SharedBackups:
    vault: aws.backup.Vault
    plan: aws.backup.Plan
    selection: aws.backup.Selection
    role: aws.iam.Role


def shared_backups(
    name: str,
    *,
    scope: AwsScope,
    file_system: aws.efs.FileSystem,
    key_arn: pulumi.Input[str],
    protect: bool,
) -> SharedBackups:
    """Daily backups of `file_system`, kept traits.EFS_BACKUP_RETAIN_DAYS, in a vault encrypted with `key_arn`.

    The vault and the plan are named after the file system (`kumo-fs-...`, within AWS Backup's 50 characters):
    a retained vault never blocks the vault of a re-created stack, whose file system is a new one."""
    backup_name = file_system.id.apply(lambda fs_id: f"kumo-{fs_id}")
    vault = aws.backup.Vault(
        f"{name}-vault",
        name=backup_name,
        kms_key_arn=key_arn,
        force_destroy=False,
        tags={"Name": f"{name}-vault"},
        opts=scope.opts(protect=protect, retain_on_delete=True),
    )
    role = aws.iam.Role(
        f"{name}-backup",
        description=f"AWS Backup of {name}",
        assume_role_policy=service_trust("backup.amazonaws.com"),
        opts=scope.opts(),
    )
    grants = attach_managed(f"{name}-backup", role, traits.BACKUP_POLICIES, scope=scope)
    plan = aws.backup.Plan(
        f"{name}-plan",
        name=backup_name,
        rules=[
            {
                "rule_name": "daily",
                "target_vault_name": vault.name,
                "schedule": traits.EFS_BACKUP_SCHEDULE,
                "start_window": traits.EFS_BACKUP_START_WINDOW_MINUTES,
                "completion_window": traits.EFS_BACKUP_COMPLETION_WINDOW_MINUTES,
                "lifecycle": {"delete_after": traits.EFS_BACKUP_RETAIN_DAYS},
            }
        ],
        tags={"Name": f"{name}-plan"},
        opts=scope.opts(),
    )
    selection = aws.backup.Selection(
        f"{name}-selection",
        name="efs",
        iam_role_arn=role.arn,
        plan_id=plan.id,
        resources=[file_system.arn],
        opts=scope.opts(depends_on=grants),
    )
    return SharedBackups(vault=vault, plan=plan, selection=selection, role=role)
