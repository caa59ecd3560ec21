"""AWS mock answers for the network: the VPC, its subnets, gateways, route tables, Elastic IPs, security groups
and rules, and the NLB a LoadBalancer Service gets. Pure: no SDK."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from components.aws.mocks_ids import ACCOUNT_ID, Outputs, arn, hex_id, region
from components.kubernetes import mocks as k8s_mocks


def vpc(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    vpc_id = f"vpc-{hex_id(name, 17)}"
    return vpc_id, {
        **inputs,
        "arn": arn(ctx, "ec2", f"vpc/{vpc_id}"),
        "ownerId": ACCOUNT_ID,
        "defaultSecurityGroupId": f"sg-{hex_id(name + 'default', 17)}",
        "mainRouteTableId": f"rtb-{hex_id(name + 'main', 17)}",
        "instanceTenancy": "default",
    }


def prefixed(
    prefix: str, service: str | None = None, kind: str | None = None
) -> Callable[[str, dict[str, Any], Any], Outputs]:
    """The answer of a type whose id is `<prefix>-<17 hex>` (and, given `service` and `kind`, with an ARN)."""

    def answer(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
        rid = f"{prefix}-{hex_id(name, 17)}"
        extra = {"arn": arn(ctx, service, f"{kind}/{rid}")} if service and kind else {}
        return rid, {**inputs, **extra, "ownerId": ACCOUNT_ID}

    return answer


def ingress_rule(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    rule_id = f"sgr-{hex_id(name, 17)}"
    return rule_id, {
        **inputs,
        "securityGroupRuleId": rule_id,
        "arn": arn(ctx, "ec2", f"security-group-rule/{rule_id}"),
    }


def eip(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    allocation = f"eipalloc-{hex_id(name, 17)}"
    octets = bytes.fromhex(hex_id(name, 8))
    return allocation, {
        **inputs,
        "allocationId": allocation,
        "publicIp": f"3.{octets[1]}.{octets[2]}.{octets[3]}",
        "domain": "vpc",
        "arn": arn(ctx, "ec2", f"elastic-ip/{allocation}"),
    }


def load_balancer_service(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs | None:
    """The Kubernetes answer, with the NLB hostname the Load Balancer Controller writes into its status."""
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
    hostname = f"{prefix}k8s-{hex_id(name, 10)}-{hex_id(name + 'lb', 10)}.elb.{region(ctx)}.amazonaws.com"
    return rid, {**outputs, "status": {"loadBalancer": {"ingress": [{"hostname": hostname}]}}}
