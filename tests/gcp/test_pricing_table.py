"""The shipped Google Cloud price table (components/gcp/prices.json) and the catalog of keys kumo may charge."""

from __future__ import annotations

from datetime import date

import pytest

from components.cost import PriceTable, read_prices
from components.gcp import facts, pricing
from components.gcp import pricing_skus as skus
from components.spec import parse_spec
from tests.conftest import cached_stack_plan

PRICES = read_prices(pricing.PRICES)
DATASET = (
    "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator/blob/"
    "dac31281f2a4575f0a8bff20ac04fc71a5ff2190/pricing.yml"
)
N2_MISSING = {"asia-southeast3", "europe-north2", "northamerica-south1"}
"""Regions the dataset lists no N2 machine in (N2 is not offered there)."""
UNSOURCED = {
    "gke:extended-support",
    "lb:forwarding-rule:first-5",
    "lb:forwarding-rule:additional",
    "filestore:zonal:1-9.75TiB",
    "filestore:zonal:10-100TiB",
    "filestore:regional:1-9.75TiB",
    "filestore:regional:10-100TiB",
    "filestore:enterprise",
}
"""Keys with no shipped price: no source read for this table showed them (their pricing pages render the tables
per region in the browser); `kumo cost --refresh` and tools/prices.py read the forwarding rules from the API."""


def test_the_catalog_is_every_key_kumo_may_charge() -> None:
    assert pricing.catalog("us-central1") == [
        "gke:cluster",
        "gke:extended-support",
        "gce:n2-standard-2:on-demand",
        "gce:n2-standard-2:spot",
        "gce:n2-standard-4:on-demand",
        "gce:n2-standard-4:spot",
        "gce:n2-standard-8:on-demand",
        "gce:n2-standard-8:spot",
        "gce:n2-standard-16:on-demand",
        "gce:n2-standard-16:spot",
        "pd:pd-balanced",
        "pd:pd-ssd",
        "nat:gateway-vm",
        "nat:ip",
        "lb:forwarding-rule:first-5",
        "lb:forwarding-rule:additional",
        "kms:key-version:software",
        "kms:key-version:hsm",
        "filestore:zonal:1-9.75TiB",
        "filestore:zonal:10-100TiB",
        "filestore:regional:1-9.75TiB",
        "filestore:regional:10-100TiB",
        "filestore:enterprise",
        "scheduler:job",
    ]


@pytest.mark.parametrize(
    ("tier", "capacity", "key"),
    [
        ("ZONAL", 1024, "filestore:zonal:1-9.75TiB"),
        ("ZONAL", 9984, "filestore:zonal:1-9.75TiB"),
        ("ZONAL", 10240, "filestore:zonal:10-100TiB"),
        ("REGIONAL", 2560, "filestore:regional:1-9.75TiB"),
        ("ENTERPRISE", 2560, "filestore:enterprise"),
        ("BASIC_HDD", 1024, "filestore:basic_hdd"),
    ],
)
def test_a_filestore_key_names_the_tier_and_its_capacity_band(tier: str, capacity: int, key: str) -> None:
    assert skus.filestore_sku(tier, capacity) == key


def test_every_shipped_price_is_sourced_dated_in_its_keys_unit_and_in_the_catalog() -> None:
    catalog = set(pricing.catalog("us-central1"))
    for price in PRICES:
        assert price.source.startswith("https://"), price
        assert price.date in (date(2026, 8, 20), date(2026, 12, 2)), price
        assert price.unit == skus.unit(price.sku), price
        assert price.sku in catalog and price.region in facts.LOCATION.regions, price
        assert price.usd > 0 and price.description, price


def test_each_source_and_its_date() -> None:
    by_source: dict[tuple[str, str], int] = {}
    for price in PRICES:
        key = (price.source, price.date.isoformat())
        by_source[key] = by_source.get(key, 0) + 1
    assert by_source == {
        (DATASET, "2026-08-20"): 40 * 8 + 43 * 2,  # 8 machine keys in 40 regions, 2 disk types in 43
        ("https://cloud.google.com/kubernetes-engine/pricing", "2026-12-02"): 43,
        ("https://cloud.google.com/nat/pricing", "2026-12-02"): 43 * 2,
        ("https://cloud.google.com/kms/pricing", "2026-12-02"): 43 * 2,
        ("https://cloud.google.com/scheduler/pricing", "2026-12-02"): 43,
    }


def test_region_coverage_every_region_lacks_only_the_unsourced_keys_and_three_lack_n2() -> None:
    table = PriceTable().add(PRICES)
    machines = {k for k in pricing.catalog("x") if k.startswith("gce:")}
    for region in facts.LOCATION.regions:
        lacking = {k for k in pricing.catalog(region) if table.get(k, region) is None}
        assert lacking == UNSOURCED | (machines if region in N2_MISSING else set()), region


def test_shipped_prices_in_us_central1() -> None:
    table = PriceTable().add(PRICES)
    got = {k: p.usd for k in pricing.catalog("us-central1") if (p := table.get(k, "us-central1")) is not None}
    assert got == {
        "gke:cluster": 0.10,
        "gce:n2-standard-2:on-demand": 0.097118,
        "gce:n2-standard-2:spot": 0.055736,
        "gce:n2-standard-4:on-demand": 0.194236,
        "gce:n2-standard-4:spot": 0.111472,
        "gce:n2-standard-8:on-demand": 0.388472,
        "gce:n2-standard-8:spot": 0.222944,
        "gce:n2-standard-16:on-demand": 0.776944,
        "gce:n2-standard-16:spot": 0.445888,
        "pd:pd-balanced": 0.10,
        "pd:pd-ssd": 0.17,
        "nat:gateway-vm": 0.0014,
        "nat:ip": 0.005,
        "kms:key-version:software": 0.06,
        "kms:key-version:hsm": 1.00,
        "scheduler:job": 0.10,
    }


@pytest.mark.parametrize("stack", ["gcp-dev", "gcp-prod"])
def test_every_key_a_default_stack_charges_is_priced_in_its_region_but_the_unsourced_ones(stack: str) -> None:
    table = PriceTable().add(PRICES)
    spec = parse_spec({"name": "minimal"}, default_name="minimal")  # charges read the plan, not the spec
    charges = pricing.charges(cached_stack_plan(stack), spec, "us-central1", date(2026, 12, 2))
    unpriced = {c.sku for c in charges if table.get(c.sku, c.region) is None}
    assert unpriced == {"filestore:zonal:1-9.75TiB", "lb:forwarding-rule:first-5"}
    for charge in charges:
        price = table.get(charge.sku, charge.region)
        assert price is None or price.unit == charge.unit, charge
