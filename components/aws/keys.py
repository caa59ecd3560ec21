"""Customer-managed KMS keys (ENC-01..05): rotation on, a 30-day deletion window, narrow key policies.

Every key's policy delegates administration to the account's IAM (the standard root statement), so no
principal outside the account can use it; service statements are scoped by `kms:ViaService` /
encryption context and `kms:CallerAccount`, as AWS's own managed keys are.
"""

from __future__ import annotations

import json
from typing import Any

import pulumi_aws as aws

from components.aws.scope import Account, AwsScope


def root_statement(account: Account) -> dict[str, Any]:
    """Key administration and use through IAM policies of this account only."""
    return {
        "Sid": "AccountIamDelegation",
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:{account.partition}:iam::{account.account_id}:root"},
        "Action": "kms:*",
        "Resource": "*",
    }


def ebs_statement(account: Account) -> dict[str, Any]:
    """Encrypted EBS volumes created through EC2 by principals of this account.

    This is what lets the Auto Scaling service-linked role launch nodes with CMK-encrypted root volumes
    (without it, node groups fail with Client.InternalError) and the EBS CSI driver create volumes. It is
    the statement AWS's own aws/ebs key carries, and names no role that might not exist yet.
    """
    return {
        "Sid": "EbsThroughEc2InThisAccount",
        "Effect": "Allow",
        "Principal": {"AWS": "*"},
        "Action": [
            "kms:Encrypt",
            "kms:Decrypt",
            "kms:ReEncrypt*",
            "kms:GenerateDataKey*",
            "kms:CreateGrant",
            "kms:DescribeKey",
        ],
        "Resource": "*",
        "Condition": {
            "StringEquals": {
                "kms:CallerAccount": account.account_id,
                "kms:ViaService": f"ec2.{account.region}.amazonaws.com",
            }
        },
    }


def logs_statement(account: Account, *log_group_names: str) -> dict[str, Any]:
    """CloudWatch Logs encrypting kumo's log groups, named (the control-plane audit logs, LOG-02; the VPC flow
    logs, LOG-03), and no other."""
    arns = [account.arn("logs", f"log-group:{name}") for name in log_group_names]
    return {
        "Sid": "CloudWatchLogsForKumoGroups",
        "Effect": "Allow",
        "Principal": {"Service": f"logs.{account.region}.amazonaws.com"},
        "Action": ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        "Resource": "*",
        "Condition": {"ArnEquals": {"kms:EncryptionContext:aws:logs:arn": arns[0] if len(arns) == 1 else arns}},
    }


def key_policy(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)}, sort_keys=True)


def customer_key(
    name: str,
    *,
    scope: AwsScope,
    description: str,
    alias: str,
    policy: str,
    protect: bool = False,
    retain_on_delete: bool | None = None,
) -> tuple[aws.kms.Key, aws.kms.Alias]:
    """A symmetric CMK with yearly rotation and a 30-day deletion window (ENC-02), and its alias.

    `protect` and `retain_on_delete` are the key's and the alias's: a key that must outlive its stack keeps
    its alias too."""
    opts = scope.opts(protect=protect, retain_on_delete=retain_on_delete)
    key = aws.kms.Key(
        f"{name}-key",
        description=description,
        key_usage="ENCRYPT_DECRYPT",
        customer_master_key_spec="SYMMETRIC_DEFAULT",
        enable_key_rotation=True,
        rotation_period_in_days=365,
        deletion_window_in_days=30,
        policy=policy,
        tags={"Name": alias},
        opts=opts,
    )
    key_alias = aws.kms.Alias(f"{name}-key-alias", name=f"alias/{alias}", target_key_id=key.key_id, opts=opts)
    return key, key_alias
