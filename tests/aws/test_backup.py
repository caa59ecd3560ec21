"""The shared store's backups under kumo's key (DATA-07): an AWS Backup vault encrypted with the data layer's volume
key, a daily plan kept 35 days, a selection of the file system, and EFS's automatic backups off."""

from __future__ import annotations

from components.aws import mocks
from components.records import Plan
from tests.aws.conftest import REGION, named

ACCOUNT = mocks.ACCOUNT_ID


def test_vault_is_under_the_volume_key_and_named_after_the_file_system(contract: Plan) -> None:
    fs = contract.one("aws:efs/fileSystem:FileSystem")
    volume_key = named(contract, "aws:kms/key:Key")["contract-volumes-key"]
    vault = contract.one("aws:backup/vault:Vault")
    assert vault.inputs == {
        "name": f"kumo-{fs.id}",
        "kmsKeyArn": f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{volume_key.id}",
        "forceDestroy": False,
        "tags": {"Name": "contract-shared-vault"},
    }
    assert vault.property_dependencies["kmsKeyArn"] == [volume_key.urn]
    assert vault.layer == "data"
    # Backups outlive the stack: the vault is kept when it forgets it, and protected like the data.
    assert (vault.options["protect"], vault.options["retain_on_delete"]) == (True, True)


def test_daily_plan_kept_35_days_into_the_vault(contract: Plan) -> None:
    fs = contract.one("aws:efs/fileSystem:FileSystem")
    vault = contract.one("aws:backup/vault:Vault")
    plan = contract.one("aws:backup/plan:Plan")
    assert plan.inputs["name"] == f"kumo-{fs.id}"
    assert plan.inputs["rules"] == [
        {
            "ruleName": "daily",
            "targetVaultName": vault.inputs["name"],
            "schedule": "cron(0 3 * * ? *)",
            "startWindow": 60,
            "completionWindow": 1440,
            "lifecycle": {"deleteAfter": 35},
        }
    ]
    assert plan.property_dependencies["rules"] == [vault.urn]


def test_selection_names_the_file_system_under_the_backup_role(contract: Plan) -> None:
    fs = contract.one("aws:efs/fileSystem:FileSystem")
    plan = contract.one("aws:backup/plan:Plan")
    selection = contract.one("aws:backup/selection:Selection")
    role = named(contract, "aws:iam/role:Role")["contract-shared-backup"]
    assert selection.inputs == {
        "name": "efs",
        "iamRoleArn": f"arn:aws:iam::{ACCOUNT}:role/{role.id}",
        "planId": plan.id,
        "resources": [f"arn:aws:elasticfilesystem:{REGION}:{ACCOUNT}:file-system/{fs.id}"],
    }
    trust = role.inputs["assumeRolePolicy"]
    assert '"Service": "backup.amazonaws.com"' in trust and '"Action": "sts:AssumeRole"' in trust
    attached = sorted(
        a.inputs["policyArn"]
        for a in contract.of_type("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
        if role.urn in a.property_dependencies.get("role", [])
    )
    assert attached == [
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
    ]
    # The selection waits for the role's permissions.
    grants = {
        a.urn
        for a in contract.of_type("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
        if role.urn in a.property_dependencies.get("role", [])
    }
    assert grants <= set(selection.options["depends_on"])


def test_no_shared_store_no_backups(minimal: Plan) -> None:
    assert minimal.of_type("aws:efs/fileSystem:FileSystem") == []
    assert minimal.of_type("aws:backup/vault:Vault") == []
    assert minimal.of_type("aws:backup/selection:Selection") == []


def test_unprotected_store_vault_is_kept_but_not_protected(internal: Plan) -> None:
    vault = internal.one("aws:backup/vault:Vault")
    assert (vault.options["protect"], vault.options["retain_on_delete"]) == (False, True)
