"""LOG-03: network flow logs on every network kumo creates, kept as long as the control-plane logs (LOG-02).

Without them, nothing records which address talked to which (a pod reaching the shared store, an exfiltration
through NAT, a scan of the node range): the evidence an incident review starts from.
"""

from __future__ import annotations

from components.policy.inputs import get, show
from components.policy.logging import MIN_RETENTION_DAYS
from components.policy.model import Context, Finding, rule
from components.records import Resource

GCP_FLOW_LOG_ID = "compute.googleapis.com/vpc_flows"
GCP_SAMPLING = 1.0
GCP_METADATA = "INCLUDE_ALL_METADATA"

LOG_03 = rule(
    "LOG-03",
    f"Network flow logs on every network kumo creates, kept >= {MIN_RETENTION_DAYS} days (CMK where the cloud "
    "allows it); GKE intranode visibility on",
    severity="medium",
    checkov=("CKV2_AWS_11", "CKV_AZURE_12", "CKV_GCP_26", "CKV_GCP_61"),
    notes={
        "aws": "every aws:ec2/vpc:Vpc has an aws:ec2/flowLog:FlowLog (vpcId from it) with trafficType ALL into a "
        f"CloudWatch log group of the plan with retentionInDays >= {MIN_RETENTION_DAYS} and kmsKeyId set "
        "(CKV2_AWS_11: a flow log on the VPC)",
        "azure": "every azure-native:network:VirtualNetwork is the targetResourceId of an enabled "
        "azure-native:network:FlowLog (VNet flow logs: NSG flow logs cannot be created since 2025-06-30) writing "
        f"to a storage account (storageId) with retentionPolicy enabled and days >= {MIN_RETENTION_DAYS} "
        "(CKV_AZURE_12 checks that retention on the azurerm flow log)",
        "gcp": f"every gcp:compute/subnetwork:Subnetwork has logConfig flowSampling {GCP_SAMPLING} and metadata "
        f"{GCP_METADATA} (CKV_GCP_26 asks for a logConfig); a ProjectSink routes {GCP_FLOW_LOG_ID} of each "
        f"subnetwork to a log bucket with retentionDays >= {MIN_RETENTION_DAYS} (_Default keeps 30 days); the "
        "cluster's enableIntranodeVisibility = true (CKV_GCP_61), so Pod-to-Pod flows on one node are logged "
        "too (supported with Dataplane V2)",
    },
)


def _days_ok(days: object) -> bool:
    return isinstance(days, (int, float)) and not isinstance(days, bool) and days >= MIN_RETENTION_DAYS


@LOG_03.on("aws")
def _log03_aws(ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    vpcs = ctx.of("aws:ec2/vpc:Vpc")
    flow_logs = ctx.of("aws:ec2/flowLog:FlowLog")
    for vpc in vpcs:
        mine = [f for f in flow_logs if vpc.urn in f.property_dependencies.get("vpcId", [])]
        if not mine:
            out.append(ctx.bad(vpc, "no flow log on the VPC", "add an aws.ec2.FlowLog (traffic_type ALL) on it"))
            continue
        for flow in mine:
            out.append(ctx.expect(flow, "trafficType", "ALL"))
            groups = [g for g in ctx.depends_on(flow, "logDestination") if g.type == "aws:cloudwatch/logGroup:LogGroup"]
            if not groups:
                out.append(
                    ctx.bad(
                        flow,
                        f"logDestination = {show(get(flow.inputs, 'logDestination'))}: no log group of the plan",
                        "deliver to a CloudWatch log group kumo creates (retention and KMS key set)",
                    )
                )
            for group in groups:
                out.append(_retention(ctx, group, "retentionInDays"))
                out.append(ctx.expect_set(group, "kmsKeyId", "encrypt the flow-log group with the cluster's CMK"))
    return out or [ctx.missing("VPC", "kumo creates the cluster's VPC: plan the data layer")]


@LOG_03.on("azure")
def _log03_azure(ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    flow_logs = ctx.of("azure-native:network:FlowLog")
    for vnet in ctx.of("azure-native:network:VirtualNetwork"):
        mine = [f for f in flow_logs if vnet.urn in f.property_dependencies.get("targetResourceId", [])]
        if not mine:
            out.append(
                ctx.bad(vnet, "no VNet flow log on the virtual network", "add a Network Watcher flow log on the VNet")
            )
            continue
        for flow in mine:
            out.append(ctx.expect(flow, "enabled", True))
            out.append(ctx.expect_set(flow, "storageId", "write the flow log to kumo's storage account"))
            out.append(ctx.expect(flow, "retentionPolicy.enabled", True))
            out.append(_retention(ctx, flow, "retentionPolicy.days"))
    return out or [ctx.missing("virtual network", "kumo creates the cluster's VNet: plan the data layer")]


@LOG_03.on("gcp")
def _log03_gcp(ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    sinks = [
        s for s in ctx.of("gcp:logging/projectSink:ProjectSink") if GCP_FLOW_LOG_ID in str(get(s.inputs, "filter"))
    ]
    buckets = ctx.of("gcp:logging/projectBucketConfig:ProjectBucketConfig")
    for subnet in ctx.of("gcp:compute/subnetwork:Subnetwork"):
        config = get(subnet.inputs, "logConfig")
        sampling, metadata = get(config, "flowSampling"), get(config, "metadata")
        found = f"logConfig = {show(config)}"
        out.append(
            ctx.ok(subnet, found)
            if sampling == GCP_SAMPLING and metadata == GCP_METADATA
            else ctx.bad(subnet, found, f"set logConfig flowSampling {GCP_SAMPLING}, metadata {GCP_METADATA}")
        )
        name = f'"{get(subnet.inputs, "name")}"'
        routed = [s for s in sinks if name in str(get(s.inputs, "filter"))]
        if not routed:
            out.append(
                ctx.bad(
                    subnet,
                    f"no sink routes {GCP_FLOW_LOG_ID} of subnetwork {name} (_Default keeps them 30 days)",
                    f"route them with a ProjectSink to a log bucket kept >= {MIN_RETENTION_DAYS} days",
                )
            )
        for sink in routed:
            kept = [b for b in buckets if b.urn in sink.property_dependencies.get("destination", [])]
            if not kept:
                out.append(ctx.bad(sink, "destination is no log bucket of the plan", "route to kumo's log bucket"))
            out.extend(_retention(ctx, b, "retentionDays") for b in kept)
    for cluster in ctx.clusters():
        out.append(ctx.expect(cluster, "enableIntranodeVisibility", True))
    return out or [ctx.missing("subnetwork", "kumo creates the node subnetwork: plan the data layer")]


def _retention(ctx: Context, resource: Resource, path: str) -> Finding:
    days = get(resource.inputs, path)
    found = f"{path} = {show(days)}"
    if _days_ok(days):
        return ctx.ok(resource, found)
    return ctx.bad(resource, found, f"set {path} >= {MIN_RETENTION_DAYS}")
