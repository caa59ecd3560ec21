"""The cluster's own VPC network: one subnetwork with pod and service ranges, Cloud Router and Cloud NAT.

Data layer: the VPC outlives clusters, and Filestore's private-services peering keeps it in use, so it is
created and destroyed with the durable store, never with the cluster.

The node subnetwork logs every flow (traits.SUBNET_FLOW_LOGS, LOG-03); `flow_log_sink` keeps them in the
cluster's log bucket (LOG-02) rather than the _Default bucket's 30 days.

Nodes have no public IPs (private nodes), so Cloud NAT is their only way out. GCP's Cloud NAT is a
regional, software-defined service with no per-zone gateway to lose, so the spec's `nat` maps to address
allocation, not to gateway count:
- `single`: one NAT whose addresses Google allocates and scales (AUTO_ONLY);
- `per_zone`: the same NAT with one reserved static address per node zone (MANUAL_ONLY), so egress
  capacity grows with the zones and partners can allow-list stable addresses.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

from components.gcp import traits
from components.gcp.scope import GcpScope
from components.spec import NetworkSpec

POD_RANGE = "pods"
SERVICE_RANGE = "services"


@dataclass(frozen=True)
class Network:
    """The network resources other parts hang off, and the node zones they serve."""

    zones: list[str]
    """The node zones (the region's zones that are UP, in name order): a zonal Filestore instance takes the first."""
    vpc: gcp.compute.Network
    subnet: gcp.compute.Subnetwork
    router: gcp.compute.Router
    nat: gcp.compute.RouterNat
    nat_addresses: list[gcp.compute.Address]


def subnet_flow_logs() -> gcp.compute.SubnetworkLogConfigArgsDict:
    """Every kumo subnetwork's log_config (LOG-03): traits.SUBNET_FLOW_LOGS."""
    flows = traits.SUBNET_FLOW_LOGS
    return {
        "aggregation_interval": str(flows["aggregation_interval"]),
        "flow_sampling": float(flows["flow_sampling"]),
        "metadata": str(flows["metadata"]),
    }


def build_network(name: str, spec: NetworkSpec, scope: GcpScope, zones: list[str]) -> Network:
    """VPC (no auto subnets), the node subnetwork with secondary ranges, router and NAT (with one static
    address per node zone in `zones` for `per_zone`)."""
    vpc = gcp.compute.Network(
        f"{name}-vpc",
        name=f"{name}-vpc",
        auto_create_subnetworks=False,  # only the ranges the spec names exist
        routing_mode="REGIONAL",
        delete_default_routes_on_create=False,  # the default internet route carries NAT egress
        description=f"kumo cluster {name}",
        opts=scope.opts("compute"),
    )
    subnet = gcp.compute.Subnetwork(
        f"{name}-nodes",
        name=f"{name}-nodes",
        network=vpc.id,
        region=scope.region,
        ip_cidr_range=spec.cidr,
        secondary_ip_ranges=[
            {"range_name": POD_RANGE, "ip_cidr_range": spec.pod_cidr},
            {"range_name": SERVICE_RANGE, "ip_cidr_range": spec.service_cidr},
        ],
        private_ip_google_access=True,  # private nodes reach Google APIs (images, logging) without NAT
        stack_type="IPV4_ONLY",
        log_config=subnet_flow_logs(),  # LOG-03: every flow, kept by flow_log_sink (LOG-02)
        opts=scope.opts("compute"),
    )
    router = gcp.compute.Router(
        f"{name}-router",
        name=f"{name}-router",
        network=vpc.id,
        region=scope.region,
        opts=scope.opts("compute"),
    )
    addresses: list[gcp.compute.Address] = []
    if spec.nat == "per_zone":
        for zone in zones:
            suffix = zone.rsplit("-", 1)[-1]
            addresses.append(
                gcp.compute.Address(
                    f"{name}-nat-{suffix}",
                    name=f"{name}-nat-{suffix}",
                    region=scope.region,
                    address_type="EXTERNAL",
                    network_tier="PREMIUM",
                    description=f"Cloud NAT egress address for {zone}",
                    opts=scope.opts("compute"),
                )
            )
    nat = gcp.compute.RouterNat(
        f"{name}-nat",
        name=f"{name}-nat",
        router=router.name,
        region=scope.region,
        nat_ip_allocate_option="MANUAL_ONLY" if addresses else "AUTO_ONLY",
        nat_ips=[a.self_link for a in addresses] if addresses else None,
        # Only kumo's subnetwork (node and pod ranges) egresses through this NAT.
        source_subnetwork_ip_ranges_to_nat="LIST_OF_SUBNETWORKS",
        subnetworks=[{"name": subnet.id, "source_ip_ranges_to_nats": ["ALL_IP_RANGES"]}],
        log_config={"enable": True, "filter": "ERRORS_ONLY"},
        opts=scope.opts("compute"),
    )
    return Network(zones=list(zones), vpc=vpc, subnet=subnet, router=router, nat=nat, nat_addresses=addresses)


def flow_log_filter(subnetworks: list[str]) -> str:
    """The Cloud Logging filter of the VPC flow logs of the named subnetworks (lines are ANDed). Subnetwork names are
    unique in a project and region, and kumo's all sit in the cluster's own VPC (`<name>-vpc`, a global name), so
    no other cluster's flows match."""
    names = " OR ".join(f'"{n}"' for n in subnetworks)
    return "\n".join(
        [
            f'log_id("{traits.VPC_FLOWS_LOG_ID}")',
            'resource.type="gce_subnetwork"',
            f"resource.labels.subnetwork_name=({names})",
        ]
    )


def flow_log_sink(
    name: str, scope: GcpScope, *, bucket: pulumi.Input[str], subnetworks: list[gcp.compute.Subnetwork]
) -> gcp.logging.ProjectSink:
    """Routes the flow logs of `subnetworks` (kumo's, every one logging: LOG-03) to the cluster's log bucket (id
    `bucket`, kept traits.LOG_RETENTION_DAYS). The bucket is in the sink's project: its writer needs no grant."""
    return gcp.logging.ProjectSink(
        f"{name}-flow-logs",
        name=f"{name}-flow-logs",
        project=scope.project,
        destination=pulumi.Output.from_input(bucket).apply(lambda bucket_id: f"logging.googleapis.com/{bucket_id}"),
        filter=pulumi.Output.all(*[s.name for s in subnetworks]).apply(lambda names: flow_log_filter(list(names))),
        description=f"Routes kumo cluster {name}'s VPC flow logs to its {traits.LOG_RETENTION_DAYS}-day bucket",
        unique_writer_identity=True,
        opts=scope.opts("logging"),
    )
