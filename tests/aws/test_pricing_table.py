"""The shipped AWS price table (components/aws/prices.json) and the SKU catalog it is read for."""

from __future__ import annotations

from datetime import date

from components.aws import pricing
from components.aws.pricing_source import queries
from components.cost import PriceTable, cost_of, read_prices
from components.spec import parse_spec
from components.stackfiles import load_stack
from tests.conftest import CONTRACT_SPEC, cached_spec_plan, cached_stack_plan

SHIPPED = read_prices(pricing.PRICES)
UNITS = {
    "eks:cluster:standard": "hour",
    "eks:cluster:extended": "hour",
    **{f"ec2:{f}.{s}:on-demand": "hour" for f in ("m7i", "m6i", "m7a", "m6a") for s in ("large", "xlarge", "2xlarge", "4xlarge")},
    "ebs:gp3": "GB-month",
    "ebs:gp3:iops": "IOPS-month",
    "ebs:gp3:throughput": "MiBps-month",
    "ebs:io2": "GB-month",
    "ebs:io2:iops": "IOPS-month",
    "vpc:nat-gateway": "hour",
    "vpc:public-ipv4": "hour",
    "elb:nlb": "hour",
    "efs:standard": "GB-month",
    "kms:key": "month",
}  # fmt: skip
"""Every SKU kumo may charge on AWS and the unit of its price."""


def test_the_catalog_is_every_sku_kumo_may_charge() -> None:
    assert sorted(pricing.catalog("eu-central-1")) == sorted(UNITS)
    assert len(pricing.catalog("us-east-1")) == 28


def test_every_shipped_price_is_sourced_dated_and_in_its_skus_unit() -> None:
    for price in SHIPPED:
        assert price.unit == UNITS[price.sku], price
        assert price.source.startswith("https://"), price
        assert date(2026, 7, 1) <= price.date <= date(2026, 12, 2), price
        assert price.description, price
        assert price.usd > 0, price


def test_us_east_1_has_a_price_for_every_catalog_sku() -> None:
    table = PriceTable().add(SHIPPED)
    assert [sku for sku in pricing.catalog("us-east-1") if table.get(sku, "us-east-1") is None] == []


def test_the_default_stacks_and_the_contract_spec_are_fully_priced() -> None:
    table = PriceTable().add(SHIPPED)
    today = date(2026, 12, 2)
    planned = [(cached_stack_plan(s), load_stack(s).spec(), load_stack(s).location) for s in ("aws-dev", "aws-prod")]
    planned.append((cached_spec_plan("aws"), parse_spec(CONTRACT_SPEC, default_name="contract"), "us-east-1"))
    for plan, spec, region in planned:
        found = pricing.charges(plan, spec, region, today, table=table)
        cost = cost_of(plan.stack, "aws", region, found, table, pricing.NOT_INCLUDED)
        assert [i.missing for i in cost.items if i.price is None] == [], plan.stack


def test_every_catalog_sku_has_a_price_list_request_in_the_same_unit() -> None:
    for sku in pricing.catalog("us-east-1"):
        found = queries(sku, "us-east-1")
        assert found is not None and found[0] == UNITS[sku], sku
