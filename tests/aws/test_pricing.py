"""What an AWS stack costs: the line items of the default stacks and the contract spec, against hand-computed
prices from the shipped table (components/aws/prices.json, us-east-1):

EKS $0.10/h standard, $0.60/h extended; m7i.large $0.1008, m7i.xlarge $0.2016, m7i.2xlarge $0.4032,
m7a.xlarge $0.23184, m7a.4xlarge $0.92736 an hour; gp3 $0.08/GB-month; NAT gateway $0.045/h; public IPv4
$0.005/h; NLB $0.0225/h; EFS Standard $0.30/GB-month; KMS key $1/month. A month is 730 hours.
"""

from __future__ import annotations

from datetime import date

import pytest

from components.aws import pricing
from components.cost import Charge, PriceTable, Span, StackCost, cost_of, read_prices
from components.records import Plan, Resource
from components.spec import parse_spec
from components.stackfiles import load_stack
from tests.conftest import CONTRACT_SPEC, cached_spec_plan, cached_stack_plan

TODAY = date(2026, 12, 2)
SHIPPED = PriceTable().add(read_prices(pricing.PRICES))


def stack_cost(stack: str, today: date = TODAY, region: str = "us-east-1", table: PriceTable = SHIPPED) -> StackCost:
    plan, spec = cached_stack_plan(stack), load_stack(stack).spec()
    found = pricing.charges(plan, spec, region, today, table=table)
    return cost_of(stack, "aws", region, found, table, pricing.NOT_INCLUDED)


Row = tuple[str, str, str, float, float, float, float]


def assert_rows(cost: StackCost, expected: list[Row]) -> None:
    """Each item's (layer, resource, sku) exactly, its quantity and monthly range to the cent's fraction."""
    found = []
    for item in cost.items:
        c, monthly = item.charge, item.monthly
        assert monthly is not None, item.missing
        found.append((c.layer, c.resource, c.sku, c.quantity.min, c.quantity.max, monthly.min, monthly.max))
    assert [row[:3] for row in found] == [row[:3] for row in expected]
    for row, want in zip(found, expected, strict=True):
        assert row[3:] == pytest.approx(want[3:]), row


def test_prod_line_items() -> None:
    assert_rows(
        stack_cost("aws-prod"),
        [
            ("data", "KMS key aws-prod-cluster-key (customer managed)", "kms:key", 1, 1, 1.0, 1.0),
            ("data", "KMS key aws-prod-volumes-key (customer managed)", "kms:key", 1, 1, 1.0, 1.0),
            # 0.005 x 730 = 3.65 for each NAT gateway's Elastic IP
            ("data", "Elastic IP aws-prod-network-nat-eip-us-east-1a (public IPv4 address)", "vpc:public-ipv4",
             730, 730, 3.65, 3.65),
            ("data", "Elastic IP aws-prod-network-nat-eip-us-east-1b (public IPv4 address)", "vpc:public-ipv4",
             730, 730, 3.65, 3.65),
            ("data", "Elastic IP aws-prod-network-nat-eip-us-east-1c (public IPv4 address)", "vpc:public-ipv4",
             730, 730, 3.65, 3.65),
            # 0.045 x 730 = 32.85 per NAT gateway (per_zone: three)
            ("data", "NAT gateway aws-prod-network-nat-us-east-1a", "vpc:nat-gateway", 730, 730, 32.85, 32.85),
            ("data", "NAT gateway aws-prod-network-nat-us-east-1b", "vpc:nat-gateway", 730, 730, 32.85, 32.85),
            ("data", "NAT gateway aws-prod-network-nat-us-east-1c", "vpc:nat-gateway", 730, 730, 32.85, 32.85),
            # 2560 GB x 0.30 = 768
            ("data", "EFS file system aws-prod-shared-efs: 2560 GB Standard", "efs:standard", 2560, 2560, 768.0, 768.0),
            ("data", "KMS key aws-prod-shared-key (customer managed)", "kms:key", 1, 1, 1.0, 1.0),
            # 0.10 x 730 = 73
            ("cluster", "EKS control plane aws-prod (Kubernetes 1.36, standard support)", "eks:cluster:standard",
             730, 730, 73.0, 73.0),
            # spot batch 0-10 x m7a.4xlarge: 0 and 10 x 730 x 0.92736 = 6769.728
            ("cluster", "node group batch: 0-10 x m7a.4xlarge (spot)", "ec2:m7a.4xlarge:on-demand",
             0, 7300, 0.0, 6769.728),
            ("cluster", "node disks of batch: 0-10 x 100 GB gp3", "ebs:gp3", 0, 1000, 0.0, 80.0),
            # 3 x 730 x 0.4032 = 883.008; 12 x 730 x 0.4032 = 3532.032
            ("cluster", "node group general: 3-12 x m7i.2xlarge (on-demand)", "ec2:m7i.2xlarge:on-demand",
             2190, 8760, 883.008, 3532.032),
            ("cluster", "node disks of general: 3-12 x 100 GB gp3", "ebs:gp3", 300, 1200, 24.0, 96.0),
            # 3 x 730 x 0.2016 = 441.504; 6 x 730 x 0.2016 = 883.008
            ("cluster", "node group system: 3-6 x m7i.xlarge (on-demand)", "ec2:m7i.xlarge:on-demand",
             2190, 4380, 441.504, 883.008),
            ("cluster", "node disks of system: 3-6 x 100 GB gp3", "ebs:gp3", 300, 600, 24.0, 48.0),
            # internal NLB: 0.0225 x 730 = 16.425, no public address
            ("in-cluster", "Network Load Balancer of Service kumo-app (internal)", "elb:nlb", 730, 730, 16.425, 16.425),
        ]
    )  # fmt: skip


def test_dev_line_items() -> None:
    assert_rows(
        stack_cost("aws-dev"),
        [
            ("data", "KMS key aws-dev-cluster-key (customer managed)", "kms:key", 1, 1, 1.0, 1.0),
            ("data", "KMS key aws-dev-volumes-key (customer managed)", "kms:key", 1, 1, 1.0, 1.0),
            ("data", "Elastic IP aws-dev-network-nat-eip-us-east-1a (public IPv4 address)", "vpc:public-ipv4",
             730, 730, 3.65, 3.65),
            ("data", "NAT gateway aws-dev-network-nat-us-east-1a", "vpc:nat-gateway", 730, 730, 32.85, 32.85),
            # 1024 GB x 0.30 = 307.20
            ("data", "EFS file system aws-dev-shared-efs: 1024 GB Standard", "efs:standard", 1024, 1024, 307.2, 307.2),
            ("data", "KMS key aws-dev-shared-key (customer managed)", "kms:key", 1, 1, 1.0, 1.0),
            ("cluster", "EKS control plane aws-dev (Kubernetes 1.36, standard support)", "eks:cluster:standard",
             730, 730, 73.0, 73.0),
            # spot apps 1-4 x m7a.xlarge: 730 x 0.23184 = 169.2432; 2920 x 0.23184 = 676.9728
            ("cluster", "node group apps: 1-4 x m7a.xlarge (spot)", "ec2:m7a.xlarge:on-demand",
             730, 2920, 169.2432, 676.9728),
            ("cluster", "node disks of apps: 1-4 x 100 GB gp3", "ebs:gp3", 100, 400, 8.0, 32.0),
            # 2 x 730 x 0.1008 = 147.168; 3 x 730 x 0.1008 = 220.752
            ("cluster", "node group system: 2-3 x m7i.large (on-demand)", "ec2:m7i.large:on-demand",
             1460, 2190, 147.168, 220.752),
            ("cluster", "node disks of system: 2-3 x 100 GB gp3", "ebs:gp3", 200, 300, 16.0, 24.0),
            ("in-cluster", "Network Load Balancer of Service kumo-app (internet-facing)", "elb:nlb",
             730, 730, 16.425, 16.425),
            # internet-facing: one public IPv4 per public subnet's zone (2), 2 x 730 x 0.005 = 7.30
            ("in-cluster", "public IPv4 addresses of the load balancer of Service kumo-app", "vpc:public-ipv4",
             1460, 1460, 7.3, 7.3),
        ]
    )  # fmt: skip


def test_stack_totals_and_prod_costs_more_than_dev() -> None:
    prod, dev = stack_cost("aws-prod").monthly, stack_cost("aws-dev").monthly
    assert (prod.min, prod.max) == pytest.approx((2342.437, 12378.693))
    assert (dev.min, dev.max) == pytest.approx((783.8362, 1397.1498))
    assert prod.min > dev.min and prod.max > dev.max


def test_a_spot_pool_is_bounded_by_its_dearest_instance_type_on_demand() -> None:
    pool = next(i for i in stack_cost("aws-dev").items if i.charge.resource.startswith("node group apps"))
    assert pool.charge.note == (
        "spot price varies and is not in the AWS Price List: on-demand m7a.xlarge shown as the upper bound; "
        "the pool may run m7i.xlarge, m6i.xlarge, m7a.xlarge, m6a.xlarge; m7a.xlarge is the dearest on demand"
    )


def test_with_no_instance_prices_a_pool_is_charged_as_its_first_instance_type() -> None:
    plan, spec = cached_stack_plan("aws-dev"), load_stack("aws-dev").spec()
    found = pricing.charges(plan, spec, "us-east-1", TODAY, table=PriceTable())
    assert [c.sku for c in found if c.sku.startswith("ec2:")] == ["ec2:m7i.xlarge:on-demand", "ec2:m7i.large:on-demand"]


def test_extended_support_is_priced_after_the_minors_end_of_standard_support() -> None:
    # 1.36 leaves standard support on 2027-08-02 (facts.KUBERNETES): the last day is still standard.
    last_day = stack_cost("aws-prod", date(2027, 8, 2)).items[10]
    assert (last_day.charge.sku, last_day.monthly) == ("eks:cluster:standard", Span(73.0, 73.0))
    after = stack_cost("aws-prod", date(2027, 8, 3)).items[10]
    assert after.charge.resource == "EKS control plane aws-prod (Kubernetes 1.36, extended support)"
    assert after.charge.sku == "eks:cluster:extended"
    assert after.monthly is not None
    assert (after.monthly.min, after.monthly.max) == pytest.approx((438.0, 438.0))  # 0.60 x 730
    assert after.charge.note == (
        "1.36 left standard support on 2027-08-02; "
        "the planned upgrade policy STANDARD would have EKS upgrade the cluster instead"
    )


def test_a_region_without_prices_gives_items_without_price() -> None:
    cost = stack_cost("aws-dev", region="ap-south-2")
    assert cost.partial
    assert cost.monthly == Span(0.0, 0.0)
    assert cost.items[0].price is None
    assert cost.items[0].missing == "no price for kms:key in ap-south-2 in kumo's price table"


def test_a_region_with_some_prices_is_partial() -> None:
    cost = stack_cost("aws-dev", region="eu-west-1")
    priced = sorted({i.charge.sku for i in cost.items if i.price is not None})
    assert priced == ["ebs:gp3", "vpc:public-ipv4"]
    assert cost.partial


def test_the_contract_spec_static_ip_load_balancer_uses_its_elastic_ips() -> None:
    spec = parse_spec(CONTRACT_SPEC, default_name="contract")
    found = pricing.charges(cached_spec_plan("aws"), spec, "us-east-1", TODAY, table=SHIPPED)
    addresses = [(c.layer, c.resource) for c in found if c.sku == "vpc:public-ipv4"]
    assert addresses == [
        ("data", f"Elastic IP contract-network-nat-eip-us-east-1{z} (public IPv4 address)") for z in "abc"
    ] + [("cluster", f"Elastic IP contract-lb-us-east-1{z} (public IPv4 address)") for z in "abc"]
    disks = [c for c in found if c.resource.startswith("node disks of general")]
    assert disks == [
        Charge(
            "cluster", "node disks of general: 2-9 x 200 GB gp3", "ebs:gp3", "us-east-1", "GB-month", Span(400, 1800)
        )
    ]


def resource(type_: str, name: str, inputs: dict[str, object], layer: str, id_: str | None = None) -> Resource:
    return Resource(f"urn:{name}", id_, type_, name, None, True, None, inputs, [], {}, {}, layer)


def test_gp3_above_its_free_baseline_and_an_io2_claim_are_charged() -> None:
    template = resource(
        "aws:ec2/launchTemplate:LaunchTemplate",
        "fast-lt",
        {"blockDeviceMappings": [{"ebs": {"volumeType": "gp3", "volumeSize": 50, "iops": 6000, "throughput": 250}}]},
        "cluster",
        "lt-1",
    )
    group = resource(
        "aws:eks/nodeGroup:NodeGroup",
        "fast",
        {
            "scalingConfig": {"minSize": 1, "maxSize": 2},
            "instanceTypes": ["m7i.large"],
            "launchTemplate": {"id": "lt-1"},
        },
        "cluster",
    )
    io2 = resource(
        "kubernetes:storage.k8s.io/v1:StorageClass",
        "perf",
        {"metadata": {"name": "kumo-block-performance"}, "provisioner": "ebs.csi.aws.com",
         "parameters": {"type": "io2", "iopsPerGB": "50"}},
        "in-cluster",
    )  # fmt: skip
    claim = resource(
        "kubernetes:core/v1:PersistentVolumeClaim",
        "db",
        {"metadata": {"name": "db"},
         "spec": {"storageClassName": "kumo-block-performance", "resources": {"requests": {"storage": "100Gi"}}}},
        "in-cluster",
    )  # fmt: skip
    plan = Plan("edge", "aws", {}, [template, group, io2, claim])
    found = pricing.charges(plan, load_stack("aws-dev").spec(), "us-east-1", TODAY, table=SHIPPED)
    assert [(c.resource, c.sku, c.unit, c.quantity) for c in found[1:]] == [
        ("node disks of fast: 1-2 x 50 GB gp3", "ebs:gp3", "GB-month", Span(50, 100)),
        ("node disks of fast: 3000 IOPS above gp3's 3,000 each", "ebs:gp3:iops", "IOPS-month", Span(3000, 6000)),
        ("node disks of fast: 125 MiB/s above gp3's 125 each", "ebs:gp3:throughput", "MiBps-month", Span(125, 250)),
        ("EBS volume of claim db: 1 x 100 GB io2", "ebs:io2", "GB-month", Span(100, 100)),
        ("EBS volume of claim db: 5000 provisioned IOPS", "ebs:io2:iops", "IOPS-month", Span(5000, 5000)),
    ]
    cost = cost_of("edge", "aws", "us-east-1", found[1:], SHIPPED, ())
    # 50-100 x 0.08; 3000-6000 x 0.005; 125-250 x 0.04; 100 x 0.125; 5000 x 0.065
    monthly = [(m.min, m.max) for m in (i.monthly for i in cost.items) if m is not None]
    assert [x for pair in monthly for x in pair] == pytest.approx([4, 8, 15, 30, 5, 10, 12.5, 12.5, 325, 325])


def test_usage_billed_resources_are_listed_as_not_included() -> None:
    text = " | ".join(pricing.NOT_INCLUDED)
    for words in ("NAT gateway data processing", "Network Load Balancer capacity units", "data transfer out",
                  "CloudWatch Logs ingestion", "VPC flow logs", "EFS Elastic Throughput", "AWS Backup",
                  "AWS KMS requests", "kumo-block StorageClasses"):  # fmt: skip
        assert words in text


def test_a_file_system_without_its_volume_in_the_plan_is_priced_at_the_specs_size() -> None:
    efs = resource("aws:efs/fileSystem:FileSystem", "shared", {}, "data", "fs-1")
    plan = Plan("data-only", "aws", {}, [efs])
    found = pricing.charges(plan, load_stack("aws-dev").spec(), "us-east-1", TODAY, table=SHIPPED)
    assert [(c.resource, c.quantity) for c in found] == [("EFS file system shared: 1024 GB Standard", Span(1024, 1024))]
    without_shared = parse_spec({"name": "bare"}, default_name="bare")
    with pytest.raises(ValueError, match="EFS file system shared has no declared size in the plan or the spec"):
        pricing.charges(plan, without_shared, "us-east-1", TODAY, table=SHIPPED)


def test_a_minor_without_support_dates_is_priced_as_standard_support() -> None:
    cluster = resource("aws:eks/cluster:Cluster", "future", {"version": "1.99"}, "cluster")
    plan = Plan("future", "aws", {}, [cluster])
    [charge] = pricing.charges(plan, load_stack("aws-dev").spec(), "us-east-1", TODAY, table=SHIPPED)
    assert (charge.sku, charge.note) == (
        "eks:cluster:standard",
        "a Kubernetes minor kumo has no support dates for: priced as standard support",
    )
