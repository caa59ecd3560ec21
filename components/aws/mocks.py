"""Offline-engine answers for AWS: what AWS would return for each resource and invoke kumo uses.

Pure functions (no SDK import), looked up in two tables: RESOURCES (resource type token -> its answer) and
INVOKES (invoke token -> its answer). Outputs are camelCase and have the OUTPUT shape of each type (ids with the
right prefixes, ARNs in the stack's region and a fixed account, an EKS endpoint, CA data and OIDC issuer,
node-group Auto Scaling groups). The network's answers live in mocks_network.py, the account, ids and ARNs
they are all built from in mocks_ids.py. Ids are derived from resource names, so plans are reproducible; a type
or token not in the tables gets None, so the generic echo applies.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from components.aws import mocks_network as network
from components.aws.mocks_ids import (
    ACCOUNT_ID,
    ACCOUNT_ZONE_IDS,
    CA_PEM,
    DEPLOYER_ROLE,
    ZONE_SUFFIXES,
    Outputs,
    arn,
    hex_id,
    region,
    uuid_id,
    zone_prefix,
)

__all__ = ["ACCOUNT_ID", "DEPLOYER_ROLE", "INVOKES", "RESOURCES", "call", "new_resource"]


def kms_key(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    key_id = uuid_id(name)
    return key_id, {**inputs, "keyId": key_id, "arn": arn(ctx, "kms", f"key/{key_id}")}


def kms_alias(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    alias = str(inputs.get("name") or f"alias/{name}")
    return alias, {
        **inputs,
        "arn": arn(ctx, "kms", alias),
        "targetKeyArn": arn(ctx, "kms", "key/" + str(inputs.get("targetKeyId", ""))),
    }


def role(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    role_name = str(inputs.get("name") or f"{name}-{hex_id(name, 7)}")
    return role_name, {
        **inputs,
        "name": role_name,
        "arn": f"arn:aws:iam::{ACCOUNT_ID}:role/{role_name}",
        "uniqueId": "AROA" + hex_id(name, 17).upper(),
    }


def policy(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    policy_arn = f"arn:aws:iam::{ACCOUNT_ID}:policy/{name}-{hex_id(name, 7)}"
    return policy_arn, {**inputs, "arn": policy_arn, "policyId": "ANPA" + hex_id(name, 17).upper()}


def oidc(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    host = str(inputs.get("url", "")).removeprefix("https://")
    provider_arn = f"arn:aws:iam::{ACCOUNT_ID}:oidc-provider/{host}"
    return provider_arn, {**inputs, "arn": provider_arn}


def cluster(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    oidc_id = hex_id(name, 32).upper()
    cluster_name = str(inputs.get("name") or name)
    vpc_config = {
        **(inputs.get("vpcConfig") or {}),
        "clusterSecurityGroupId": f"sg-{hex_id(name + 'cluster', 17)}",
        "vpcId": f"vpc-{hex_id(name + 'vpc', 17)}",
    }
    return cluster_name, {
        **inputs,
        "name": cluster_name,
        "arn": arn(ctx, "eks", f"cluster/{cluster_name}"),
        "endpoint": f"https://{oidc_id}.gr7.{region(ctx)}.eks.amazonaws.com",
        "certificateAuthority": {"data": base64.b64encode(CA_PEM.encode()).decode()},
        "identities": [{"oidcs": [{"issuer": f"https://oidc.eks.{region(ctx)}.amazonaws.com/id/{oidc_id}"}]}],
        "vpcConfig": vpc_config,
        "status": "ACTIVE",
        "platformVersion": "eks.1",
        "version": inputs.get("version") or "1.33",
        "clusterId": uuid_id(name),
        "createdAt": "2026-01-01T00:00:00Z",
    }


def node_group(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    group = str(inputs.get("nodeGroupName") or f"{name}-{hex_id(name, 8)}")
    cluster = str(inputs.get("clusterName", ""))
    return f"{cluster}:{group}", {
        **inputs,
        "nodeGroupName": group,
        "arn": arn(ctx, "eks", f"nodegroup/{cluster}/{group}/{uuid_id(name)}"),
        "resources": [{"autoscalingGroups": [{"name": f"eks-{group}-{uuid_id(name)}"}]}],
        "status": "ACTIVE",
        "releaseVersion": "1.33.0-20260101",
        "version": "1.33",
    }


def launch_template(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    lt_id = f"lt-{hex_id(name, 17)}"
    return lt_id, {
        **inputs,
        "arn": arn(ctx, "ec2", f"launch-template/{lt_id}"),
        "latestVersion": 1,
        "defaultVersion": 1,
        "name": inputs.get("name") or f"{name}-{hex_id(name, 7)}",
    }


def addon(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    cluster, addon = inputs.get("clusterName", ""), inputs.get("addonName", "")
    return f"{cluster}:{addon}", {
        **inputs,
        "arn": arn(ctx, "eks", f"addon/{cluster}/{addon}/{uuid_id(name)}"),
        "addonVersion": inputs.get("addonVersion") or "v1.0.0-eksbuild.1",
    }


def access_entry(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    cluster, principal = inputs.get("clusterName", ""), inputs.get("principalArn", "")
    return f"{cluster}:{principal}", {
        **inputs,
        "accessEntryArn": arn(ctx, "eks", f"access-entry/{cluster}/{uuid_id(name)}"),
    }


def log_group(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    group = str(inputs.get("name") or name)
    return group, {**inputs, "arn": arn(ctx, "logs", f"log-group:{group}")}


def file_system(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    fs_id = f"fs-{hex_id(name, 17)}"
    return fs_id, {
        **inputs,
        "arn": arn(ctx, "elasticfilesystem", f"file-system/{fs_id}"),
        "dnsName": f"{fs_id}.efs.{region(ctx)}.amazonaws.com",
        "ownerId": ACCOUNT_ID,
        "creationToken": inputs.get("creationToken") or name,
        "numberOfMountTargets": 0,
    }


def mount_target(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    mt_id = f"fsmt-{hex_id(name, 17)}"
    return mt_id, {
        **inputs,
        "ipAddress": f"10.0.{int(hex_id(name, 2), 16) % 192}.10",
        "networkInterfaceId": f"eni-{hex_id(name, 17)}",
        "ownerId": ACCOUNT_ID,
    }


def access_point(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    ap_id = f"fsap-{hex_id(name, 17)}"
    return ap_id, {**inputs, "arn": arn(ctx, "elasticfilesystem", f"access-point/{ap_id}"), "ownerId": ACCOUNT_ID}


def backup_vault(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    vault = str(inputs.get("name") or f"{name}-{hex_id(name, 7)}")
    return vault, {**inputs, "name": vault, "arn": arn(ctx, "backup", f"backup-vault:{vault}"), "recoveryPoints": 0}


def backup_plan(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    plan_id = uuid_id(name)
    return plan_id, {**inputs, "arn": arn(ctx, "backup", f"backup-plan:{plan_id}"), "version": hex_id(name, 32)}


def backup_selection(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    return uuid_id(name), {**inputs}


RESOURCES: dict[str, Callable[[str, dict[str, Any], Any], Outputs | None]] = {
    "aws:ec2/vpc:Vpc": network.vpc,
    "aws:ec2/subnet:Subnet": network.prefixed("subnet", "ec2", "subnet"),
    "aws:ec2/internetGateway:InternetGateway": network.prefixed("igw", "ec2", "internet-gateway"),
    "aws:ec2/flowLog:FlowLog": network.prefixed("fl", "ec2", "vpc-flow-log"),
    "aws:ec2/natGateway:NatGateway": network.prefixed("nat"),
    "aws:ec2/eip:Eip": network.eip,
    "aws:ec2/routeTable:RouteTable": network.prefixed("rtb", "ec2", "route-table"),
    "aws:ec2/route:Route": network.prefixed("r-rtb"),
    "aws:ec2/routeTableAssociation:RouteTableAssociation": network.prefixed("rtbassoc"),
    "aws:ec2/securityGroup:SecurityGroup": network.prefixed("sg", "ec2", "security-group"),
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": network.prefixed("sg", "ec2", "security-group"),
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": network.ingress_rule,
    "aws:ec2/launchTemplate:LaunchTemplate": launch_template,
    "aws:kms/key:Key": kms_key,
    "aws:kms/alias:Alias": kms_alias,
    "aws:iam/role:Role": role,
    "aws:iam/policy:Policy": policy,
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": oidc,
    "aws:cloudwatch/logGroup:LogGroup": log_group,
    "aws:eks/cluster:Cluster": cluster,
    "aws:eks/nodeGroup:NodeGroup": node_group,
    "aws:eks/addon:Addon": addon,
    "aws:eks/accessEntry:AccessEntry": access_entry,
    "aws:efs/fileSystem:FileSystem": file_system,
    "aws:efs/mountTarget:MountTarget": mount_target,
    "aws:efs/accessPoint:AccessPoint": access_point,
    "aws:backup/vault:Vault": backup_vault,
    "aws:backup/plan:Plan": backup_plan,
    "aws:backup/selection:Selection": backup_selection,
    "kubernetes:core/v1:Service": network.load_balancer_service,
}
"""Resource type token -> its answer."""


def new_resource(type_: str, name: str, inputs: dict[str, Any], ctx: Any) -> Outputs | None:
    """Outputs for one resource, or None for the generic echo (attachments, policies, tags, providers)."""
    answer = RESOURCES.get(type_)
    return answer(name, inputs, ctx) if answer is not None else None


def caller_identity(args: dict[str, Any], ctx: Any) -> dict[str, Any]:
    """The deployer: an assumed-role session of DEPLOYER_ROLE in the mock account."""
    return {
        "accountId": ACCOUNT_ID,
        "id": ACCOUNT_ID,
        "userId": "AROAKUMOOFFLINE:kumo",
        "arn": f"arn:aws:sts::{ACCOUNT_ID}:assumed-role/{DEPLOYER_ROLE}/kumo",
    }


def session_context(args: dict[str, Any], ctx: Any) -> dict[str, Any]:
    """An assumed-role session's role (the IAM principal behind it); any other ARN is its own issuer."""
    session = str(args.get("arn", ""))
    issuer = f"arn:aws:iam::{ACCOUNT_ID}:role/{DEPLOYER_ROLE}" if ":assumed-role/" in session else session
    return {
        "arn": session,
        "id": session,
        "issuerArn": issuer,
        "issuerId": "AROAKUMOOFFLINE",
        "issuerName": DEPLOYER_ROLE,
        "sessionName": "kumo",
    }


def availability_zones(args: dict[str, Any], ctx: Any) -> dict[str, Any]:
    """Four zones by name, with the mock account's zone IDs (ACCOUNT_ZONE_IDS, else az1, az2, ...)."""
    name = region(ctx)
    return {
        "id": name,
        "names": [f"{name}{s}" for s in ZONE_SUFFIXES],
        "zoneIds": [
            ACCOUNT_ZONE_IDS[name][i] if name in ACCOUNT_ZONE_IDS else f"{zone_prefix(name)}-az{i + 1}"
            for i in range(len(ZONE_SUFFIXES))
        ],
        "groupNames": [name],
        "state": args.get("state"),
        "region": name,
    }


INVOKES: dict[str, Callable[[dict[str, Any], Any], dict[str, Any]]] = {
    "aws:index/getCallerIdentity:getCallerIdentity": caller_identity,
    "aws:iam/getSessionContext:getSessionContext": session_context,
    "aws:index/getAvailabilityZones:getAvailabilityZones": availability_zones,
}
"""Invoke token -> its answer (the invokes both layers make)."""


def call(token: str, args: dict[str, Any], ctx: Any) -> dict[str, Any] | None:
    """Results for the invokes kumo makes on AWS; None for any other token."""
    answer = INVOKES.get(token)
    return answer(args, ctx) if answer is not None else None
