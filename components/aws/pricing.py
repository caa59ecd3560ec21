"""What an AWS stack pays for each month (components/cost.py), read from its offline plan, all three layers.

SKU keys (kumo's, in the AWS Price List's words; the unit is the price's and the charge's):

- `eks:cluster:standard`, `eks:cluster:extended` (hour): the control plane of one cluster under standard or
  extended support ($0.10 and $0.60 an hour in us-east-1), the minor's support on the day asked
  (facts.support_on; kumo sets the cluster's upgrade policy to match, eks.support_type). The Price List bills
  extended support as `AmazonEKS-Hours:perCluster` plus the `AmazonEKS-Hours:extendedSupport` surcharge;
  the extended key is their sum.
- `ec2:<instance type>:on-demand` (hour): one Linux instance, shared tenancy, no pre-installed software.
  Spot prices vary by the hour and are not in the Price List: a spot pool is priced at the on-demand price
  of the dearest instance type it may run, as the upper bound, and says so.
- `ebs:<volume type>` (GB-month) for node root volumes and EBS-backed claims; `ebs:gp3:iops` (IOPS-month)
  and `ebs:gp3:throughput` (MiBps-month) above gp3's free 3,000 IOPS and 125 MiB/s; `ebs:io2:iops`.
- `vpc:nat-gateway` (hour), `vpc:public-ipv4` (hour: an in-use public IPv4 address, $0.005 since
  February 2024), `elb:nlb` (hour: a Network Load Balancer, before its capacity units).
- `efs:standard` (GB-month: EFS Standard storage of a Regional file system).
- `kms:key` (month: a customer managed key).

Where the prices come from: `prices.json` (shipped, each price with its source and date) and
`pricing_source.refresh` (the AWS Price List Query API).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from components.aws import traits
from components.aws.pricing_items import HANDLERS, Reading
from components.aws.pricing_source import refresh
from components.cost import Charge, PriceTable, in_layer_order, load_balancer_services, price_table

if TYPE_CHECKING:
    from components.records import Plan
    from components.spec import ClusterSpec

__all__ = ["NOT_INCLUDED", "PRICES", "catalog", "charges", "refresh"]

PRICES = Path(__file__).with_name("prices.json")

NOT_INCLUDED: tuple[str, ...] = (
    "NAT gateway data processing (per GB processed)",
    "Network Load Balancer capacity units (NLCU-hours: new and active flows, processed bytes)",
    "data transfer out to the internet and between Availability Zones (per GB)",
    "CloudWatch Logs ingestion and storage of the EKS control-plane logs and the VPC flow logs (per GB)",
    "EFS Elastic Throughput reads and writes (per GB transferred), EFS Infrequent Access storage and access",
    "AWS Backup warm storage of the EFS recovery points (per GB-month) and restores (per GB)",
    "AWS KMS requests beyond the free tier (per 10,000 requests)",
    "EBS volumes that workloads claim through the kumo-block StorageClasses (gp3, or io2 with provisioned "
    "IOPS, per GB-month) and EBS snapshots",
)


def catalog(region: str) -> list[str]:
    """Every SKU key a stack of kumo's may charge in `region` (the same keys in every region)."""
    del region
    return [
        "eks:cluster:standard",
        "eks:cluster:extended",
        *(f"ec2:{instance}:on-demand" for instance in traits.INSTANCE_SHAPES),
        "ebs:gp3",
        "ebs:gp3:iops",
        "ebs:gp3:throughput",
        "ebs:io2",
        "ebs:io2:iops",
        "vpc:nat-gateway",
        "vpc:public-ipv4",
        "elb:nlb",
        "efs:standard",
        "kms:key",
    ]


def charges(
    plan: Plan, spec: ClusterSpec, region: str, today: date, *, table: PriceTable | None = None
) -> list[Charge]:
    """Every priced thing the plan creates: layer data, then cluster, then in-cluster, each in plan order.
    `table` (the shipped prices under the refreshed cache, when not given) only chooses which instance type
    bounds a pool that may run several."""
    reading = Reading(plan, spec, region, today, table if table is not None else price_table(PRICES, "aws"))
    reading.by_id = {r.id: r for r in plan.resources if r.id}
    reading.lb_services = {r.urn for r in load_balancer_services(plan)}
    order = in_layer_order(plan.resources)
    found: list[Charge] = []
    for resource in order:
        handler = HANDLERS.get(resource.type)
        if handler is not None:
            found.extend(handler(resource, reading))
    return found
