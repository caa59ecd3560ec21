"""Offline-engine answers for AWS: what AWS would return for each resource and invoke kumo uses.

Pure functions, no SDK import. Outputs are camelCase and have the OUTPUT shape of each type (ids with the
right prefixes, ARNs in the stack's region and a fixed account, an EKS endpoint, CA data and OIDC issuer,
node-group Auto Scaling groups). Ids are derived from resource names, so plans are reproducible.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from typing import Any

from components.kubernetes import mocks as k8s_mocks

ACCOUNT_ID = "123456789012"
DEPLOYER_ROLE = "kumo-deployer"
ZONE_SUFFIXES = ("a", "b", "c", "d")
ACCOUNT_ZONE_IDS: dict[str, tuple[str, ...]] = {
    # Zone names are an account's aliases for zone IDs. In us-east-1 the mocks answer as one real account does
    # (moto's recorded DescribeAvailabilityZones): us-east-1e, not 1c, is use1-az3 (where EKS refuses
    # control-plane subnets). Elsewhere the n-th name is az<n>.
    "us-east-1": ("use1-az6", "use1-az1", "use1-az2", "use1-az4", "use1-az3", "use1-az5"),
}
CA_PEM = (
    "-----BEGIN CERTIFICATE-----\nMIIDBTCCAe2gAwIBAgIIkumoOfflineMA0GCSqGSIb3DQEBCwUAMBUxEzARBgNVBAMT\n"
    "Cmt1YmVybmV0ZXMwHhcNMjYwMTAxMDAwMDAwWhcNMzYwMTAxMDAwMDAwWjAVMRMw\n-----END CERTIFICATE-----\n"
)


def _hex(name: str, length: int) -> str:
    return hashlib.sha256(name.encode()).hexdigest()[:length]


def _uuid(name: str) -> str:
    h = _hex(name, 32)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _region(ctx: Any) -> str:
    return str(ctx.config.get("aws:region", "us-east-1"))


def _arn(ctx: Any, service: str, resource: str, *, regional: bool = True) -> str:
    return f"arn:aws:{service}:{_region(ctx) if regional else ''}:{ACCOUNT_ID}:{resource}"


def _zone_prefix(region: str) -> str:
    """us-east-1 -> use1, ap-southeast-2 -> apse2 (how AWS spells zone ids)."""
    parts = region.split("-")
    return parts[0] + "".join(p[0] for p in parts[1:-1]) + parts[-1]


Outputs = tuple[str, dict[str, Any]]


def _vpc(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    vpc_id = f"vpc-{_hex(name, 17)}"
    return vpc_id, {
        **inputs,
        "arn": _arn(ctx, "ec2", f"vpc/{vpc_id}"),
        "ownerId": ACCOUNT_ID,
        "defaultSecurityGroupId": f"sg-{_hex(name + 'default', 17)}",
        "mainRouteTableId": f"rtb-{_hex(name + 'main', 17)}",
        "instanceTenancy": "default",
    }


def _prefixed(
    prefix: str, service: str | None = None, kind: str | None = None
) -> Callable[[str, dict[str, Any], Any], Outputs]:
    def answer(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
        rid = f"{prefix}-{_hex(name, 17)}"
        extra = {"arn": _arn(ctx, service, f"{kind}/{rid}")} if service and kind else {}
        return rid, {**inputs, **extra, "ownerId": ACCOUNT_ID}

    return answer


def _ingress_rule(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    rule_id = f"sgr-{_hex(name, 17)}"
    return rule_id, {
        **inputs,
        "securityGroupRuleId": rule_id,
        "arn": _arn(ctx, "ec2", f"security-group-rule/{rule_id}"),
    }


def _eip(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    allocation = f"eipalloc-{_hex(name, 17)}"
    octets = bytes.fromhex(_hex(name, 8))
    return allocation, {
        **inputs,
        "allocationId": allocation,
        "publicIp": f"3.{octets[1]}.{octets[2]}.{octets[3]}",
        "domain": "vpc",
        "arn": _arn(ctx, "ec2", f"elastic-ip/{allocation}"),
    }


def _kms_key(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    key_id = _uuid(name)
    return key_id, {**inputs, "keyId": key_id, "arn": _arn(ctx, "kms", f"key/{key_id}")}


def _kms_alias(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    alias = str(inputs.get("name") or f"alias/{name}")
    return alias, {
        **inputs,
        "arn": _arn(ctx, "kms", alias),
        "targetKeyArn": _arn(ctx, "kms", "key/" + str(inputs.get("targetKeyId", ""))),
    }


def _role(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    role_name = str(inputs.get("name") or f"{name}-{_hex(name, 7)}")
    return role_name, {
        **inputs,
        "name": role_name,
        "arn": f"arn:aws:iam::{ACCOUNT_ID}:role/{role_name}",
        "uniqueId": "AROA" + _hex(name, 17).upper(),
    }


def _policy(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    arn = f"arn:aws:iam::{ACCOUNT_ID}:policy/{name}-{_hex(name, 7)}"
    return arn, {**inputs, "arn": arn, "policyId": "ANPA" + _hex(name, 17).upper()}


def _oidc(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    host = str(inputs.get("url", "")).removeprefix("https://")
    arn = f"arn:aws:iam::{ACCOUNT_ID}:oidc-provider/{host}"
    return arn, {**inputs, "arn": arn}


def _cluster(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    oidc_id = _hex(name, 32).upper()
    cluster_name = str(inputs.get("name") or name)
    vpc_config = {
        **(inputs.get("vpcConfig") or {}),
        "clusterSecurityGroupId": f"sg-{_hex(name + 'cluster', 17)}",
        "vpcId": f"vpc-{_hex(name + 'vpc', 17)}",
    }
    return cluster_name, {
        **inputs,
        "name": cluster_name,
        "arn": _arn(ctx, "eks", f"cluster/{cluster_name}"),
        "endpoint": f"https://{oidc_id}.gr7.{_region(ctx)}.eks.amazonaws.com",
        "certificateAuthority": {"data": base64.b64encode(CA_PEM.encode()).decode()},
        "identities": [{"oidcs": [{"issuer": f"https://oidc.eks.{_region(ctx)}.amazonaws.com/id/{oidc_id}"}]}],
        "vpcConfig": vpc_config,
        "status": "ACTIVE",
        "platformVersion": "eks.1",
        "version": inputs.get("version") or "1.33",
        "clusterId": _uuid(name),
        "createdAt": "2026-01-01T00:00:00Z",
    }


def _node_group(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    group = str(inputs.get("nodeGroupName") or f"{name}-{_hex(name, 8)}")
    cluster = str(inputs.get("clusterName", ""))
    return f"{cluster}:{group}", {
        **inputs,
        "nodeGroupName": group,
        "arn": _arn(ctx, "eks", f"nodegroup/{cluster}/{group}/{_uuid(name)}"),
        "resources": [{"autoscalingGroups": [{"name": f"eks-{group}-{_uuid(name)}"}]}],
        "status": "ACTIVE",
        "releaseVersion": "1.33.0-20260101",
        "version": "1.33",
    }


def _launch_template(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    lt_id = f"lt-{_hex(name, 17)}"
    return lt_id, {
        **inputs,
        "arn": _arn(ctx, "ec2", f"launch-template/{lt_id}"),
        "latestVersion": 1,
        "defaultVersion": 1,
        "name": inputs.get("name") or f"{name}-{_hex(name, 7)}",
    }


def _addon(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    cluster, addon = inputs.get("clusterName", ""), inputs.get("addonName", "")
    return f"{cluster}:{addon}", {
        **inputs,
        "arn": _arn(ctx, "eks", f"addon/{cluster}/{addon}/{_uuid(name)}"),
        "addonVersion": inputs.get("addonVersion") or "v1.0.0-eksbuild.1",
    }


def _access_entry(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    cluster, principal = inputs.get("clusterName", ""), inputs.get("principalArn", "")
    return f"{cluster}:{principal}", {
        **inputs,
        "accessEntryArn": _arn(ctx, "eks", f"access-entry/{cluster}/{_uuid(name)}"),
    }


def _log_group(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    group = str(inputs.get("name") or name)
    return group, {**inputs, "arn": _arn(ctx, "logs", f"log-group:{group}")}


def _file_system(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    fs_id = f"fs-{_hex(name, 17)}"
    return fs_id, {
        **inputs,
        "arn": _arn(ctx, "elasticfilesystem", f"file-system/{fs_id}"),
        "dnsName": f"{fs_id}.efs.{_region(ctx)}.amazonaws.com",
        "ownerId": ACCOUNT_ID,
        "creationToken": inputs.get("creationToken") or name,
        "numberOfMountTargets": 0,
    }


def _mount_target(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    mt_id = f"fsmt-{_hex(name, 17)}"
    return mt_id, {
        **inputs,
        "ipAddress": f"10.0.{int(_hex(name, 2), 16) % 192}.10",
        "networkInterfaceId": f"eni-{_hex(name, 17)}",
        "ownerId": ACCOUNT_ID,
    }


def _access_point(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    ap_id = f"fsap-{_hex(name, 17)}"
    return ap_id, {**inputs, "arn": _arn(ctx, "elasticfilesystem", f"access-point/{ap_id}"), "ownerId": ACCOUNT_ID}


def _service(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs | None:
    answer = k8s_mocks.new_resource("kubernetes:core/v1:Service", name, inputs, ctx)
    if answer is None:
        return None
    rid, outputs = answer
    annotations = (outputs.get("metadata") or {}).get("annotations") or {}
    scheme = (
        "internal"
        if annotations.get("service.beta.kubernetes.io/aws-load-balancer-scheme") == "internal"
        else "internet-facing"
    )
    prefix = "internal-" if scheme == "internal" else ""
    hostname = f"{prefix}k8s-{_hex(name, 10)}-{_hex(name + 'lb', 10)}.elb.{_region(ctx)}.amazonaws.com"
    return rid, {**outputs, "status": {"loadBalancer": {"ingress": [{"hostname": hostname}]}}}


RESOURCES: dict[str, Callable[[str, dict[str, Any], Any], Outputs | None]] = {
    "aws:ec2/vpc:Vpc": _vpc,
    "aws:ec2/subnet:Subnet": _prefixed("subnet", "ec2", "subnet"),
    "aws:ec2/internetGateway:InternetGateway": _prefixed("igw", "ec2", "internet-gateway"),
    "aws:ec2/natGateway:NatGateway": _prefixed("nat"),
    "aws:ec2/eip:Eip": _eip,
    "aws:ec2/routeTable:RouteTable": _prefixed("rtb", "ec2", "route-table"),
    "aws:ec2/route:Route": _prefixed("r-rtb"),
    "aws:ec2/routeTableAssociation:RouteTableAssociation": _prefixed("rtbassoc"),
    "aws:ec2/securityGroup:SecurityGroup": _prefixed("sg", "ec2", "security-group"),
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": _prefixed("sg", "ec2", "security-group"),
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": _ingress_rule,
    "aws:ec2/launchTemplate:LaunchTemplate": _launch_template,
    "aws:kms/key:Key": _kms_key,
    "aws:kms/alias:Alias": _kms_alias,
    "aws:iam/role:Role": _role,
    "aws:iam/policy:Policy": _policy,
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": _oidc,
    "aws:cloudwatch/logGroup:LogGroup": _log_group,
    "aws:eks/cluster:Cluster": _cluster,
    "aws:eks/nodeGroup:NodeGroup": _node_group,
    "aws:eks/addon:Addon": _addon,
    "aws:eks/accessEntry:AccessEntry": _access_entry,
    "aws:efs/fileSystem:FileSystem": _file_system,
    "aws:efs/mountTarget:MountTarget": _mount_target,
    "aws:efs/accessPoint:AccessPoint": _access_point,
    "kubernetes:core/v1:Service": _service,
}


def new_resource(type_: str, name: str, inputs: dict[str, Any], ctx: Any) -> Outputs | None:
    """Outputs for one resource, or None for the generic echo (attachments, policies, tags, providers)."""
    answer = RESOURCES.get(type_)
    return answer(name, inputs, ctx) if answer is not None else None


def call(token: str, args: dict[str, Any], ctx: Any) -> dict[str, Any] | None:
    """Results for the invokes kumo makes on AWS."""
    region = _region(ctx)
    if token == "aws:index/getCallerIdentity:getCallerIdentity":
        return {
            "accountId": ACCOUNT_ID,
            "id": ACCOUNT_ID,
            "userId": "AROAKUMOOFFLINE:kumo",
            "arn": f"arn:aws:sts::{ACCOUNT_ID}:assumed-role/{DEPLOYER_ROLE}/kumo",
        }
    if token == "aws:iam/getSessionContext:getSessionContext":
        arn = str(args.get("arn", ""))
        role = f"arn:aws:iam::{ACCOUNT_ID}:role/{DEPLOYER_ROLE}" if ":assumed-role/" in arn else arn
        return {
            "arn": arn,
            "id": arn,
            "issuerArn": role,
            "issuerId": "AROAKUMOOFFLINE",
            "issuerName": DEPLOYER_ROLE,
            "sessionName": "kumo",
        }
    if token == "aws:index/getAvailabilityZones:getAvailabilityZones":
        return {
            "id": region,
            "names": [f"{region}{s}" for s in ZONE_SUFFIXES],
            "zoneIds": [
                ACCOUNT_ZONE_IDS[region][i] if region in ACCOUNT_ZONE_IDS else f"{_zone_prefix(region)}-az{i + 1}"
                for i in range(len(ZONE_SUFFIXES))
            ],
            "groupNames": [region],
            "state": args.get("state"),
            "region": region,
        }
    return None
