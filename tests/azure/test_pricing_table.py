"""The default AKS stacks' line items, and kumo's shipped Azure price table (components/azure/prices.json): what
each stack charges, what it comes to from the shipped prices, and that every shipped price is sourced and dated
in the unit its SKU key is charged in."""

from __future__ import annotations

from datetime import date

from components.azure import facts, pricing
from components.cost import Price, PriceTable, StackCost, cost_of, read_prices
from components.spec import parse_spec
from tests.conftest import cached_stack_plan

TODAY = date(2026, 12, 2)
REGION = "eastus"  # the default stacks' location
SHIPPED = read_prices(pricing.PRICES)
TABLE = PriceTable().add(SHIPPED)
SPEC = parse_spec({"name": "priced"}, default_name="priced")
ROTATIONS = 730 / 2160  # a key rotated every 90 days: 730 h / (90 x 24 h) rotations a month


def cost(stack: str) -> StackCost:
    charges = pricing.charges(cached_stack_plan(stack), SPEC, REGION, TODAY)
    return cost_of(stack, "azure", REGION, charges, TABLE, pricing.NOT_INCLUDED)


def rows(stack: str) -> list[tuple[str, str, float, float]]:
    return [(i.charge.layer, i.charge.sku, i.charge.quantity.min, i.charge.quantity.max) for i in cost(stack).items]


def test_the_prod_stack_charges() -> None:
    assert rows("azure-prod") == [
        ("data", "keyvault:rotation", ROTATIONS, ROTATIONS),  # disks key
        ("data", "keyvault:rotation", ROTATIONS, ROTATIONS),  # etcd key
        ("data", "nat:standard", 730, 730),
        ("data", "ip:standard:static", 730, 730),  # the NAT gateway's address
        ("data", "keyvault:rotation", ROTATIONS, ROTATIONS),  # the shared store's key
        ("data", "privatelink:endpoint", 730, 730),  # the shared store's endpoint
        ("data", "dns:private-zone", 1, 1),  # privatelink.file.core.windows.net
        ("data", "files:premium:ZRS", 2560, 2560),
        ("cluster", "aks:standard", 730, 730),
        ("cluster", "vm:Standard_D4s_v5:ondemand", 3 * 730, 6 * 730),  # system: 3-6 medium
        ("cluster", "disk:P10:LRS", 3, 6),
        ("cluster", "privatelink:endpoint", 730, 730),  # AKS's endpoint to the private KMS vault
        ("cluster", "dns:private-zone", 1, 1),  # the private API server's zone
        ("cluster", "vm:Standard_D16s_v5:spot", 0, 10 * 730),  # batch: 0-10 xlarge, spot
        ("cluster", "disk:P10:LRS", 0, 10),
        ("cluster", "vm:Standard_D8s_v5:ondemand", 3 * 730, 12 * 730),  # general: 3-12 large
        ("cluster", "disk:P10:LRS", 3, 12),
        ("in-cluster", "lb:standard:rules", 730, 730),  # kubernetes-internal, 1 rule (port 80)
    ]


def test_the_dev_stack_charges() -> None:
    assert rows("azure-dev") == [
        ("data", "keyvault:rotation", ROTATIONS, ROTATIONS),
        ("data", "keyvault:rotation", ROTATIONS, ROTATIONS),
        ("data", "nat:standard", 730, 730),
        ("data", "ip:standard:static", 730, 730),
        ("data", "keyvault:rotation", ROTATIONS, ROTATIONS),
        ("data", "privatelink:endpoint", 730, 730),
        ("data", "dns:private-zone", 1, 1),
        ("data", "files:premium:ZRS", 1024, 1024),
        ("cluster", "aks:standard", 730, 730),
        ("cluster", "vm:Standard_D2s_v5:ondemand", 2 * 730, 3 * 730),  # system: 2-3 small
        ("cluster", "disk:P10:LRS", 2, 3),
        ("cluster", "privatelink:endpoint", 730, 730),  # public API server: no zone of its own
        ("cluster", "vm:Standard_D4s_v5:spot", 1 * 730, 4 * 730),  # apps: 1-4 medium, spot
        ("cluster", "disk:P10:LRS", 1, 4),
        ("in-cluster", "lb:standard:rules", 730, 730),  # the public `kubernetes` load balancer
        ("in-cluster", "ip:standard:static", 730, 730),  # its address, made by AKS
    ]


UNSOURCED_IN_EASTUS = {
    "dns:private-zone",
    "files:premium:ZRS",
    "lb:standard:rules",
    "nat:standard",
    "privatelink:endpoint",
    "vm:Standard_D16s_v5:spot",
    "vm:Standard_D4s_v5:spot",
}
"""What the default stacks charge in eastus that no public dataset read for the shipped table listed for eastus
(`kumo cost --refresh` or tools/prices.py reads them from the Retail Prices API)."""


def test_prod_costs_more_than_dev_from_the_shipped_prices() -> None:
    prod, dev = cost("azure-prod"), cost("azure-dev")
    # prod: 3 rotations x $1 x 730/2160 + NAT IP 3.65 + control plane 73 + system 420.48-840.96 + their disks
    # 59.13-118.26 + batch disks 0-197.10 + general 840.96-3363.84 + their disks 59.13-236.52
    assert prod.monthly.to_json() == {"min": 1457.36, "max": 4834.34}
    # dev: rotations 1.01 + NAT IP 3.65 + control plane 73 + apps disks 19.71-78.84 + system 140.16-210.24 + their
    # disks 39.42-59.13 + the load balancer's IP 3.65
    assert dev.monthly.to_json() == {"min": 280.6, "max": 429.52}
    assert prod.monthly.min > dev.monthly.max
    assert prod.partial and dev.partial
    missing = {i.charge.sku for c in (prod, dev) for i in c.items if i.price is None}
    assert missing == UNSOURCED_IN_EASTUS


def test_the_catalog_names_every_size_both_ways_and_every_resource_kumo_prices() -> None:
    assert pricing.catalog("eastus") == [
        "aks:free",
        "aks:standard",
        "aks:premium",
        "vm:Standard_D2s_v5:ondemand",
        "vm:Standard_D2s_v5:spot",
        "vm:Standard_D4s_v5:ondemand",
        "vm:Standard_D4s_v5:spot",
        "vm:Standard_D8s_v5:ondemand",
        "vm:Standard_D8s_v5:spot",
        "vm:Standard_D16s_v5:ondemand",
        "vm:Standard_D16s_v5:spot",
        "disk:P4:LRS",
        "disk:P6:LRS",
        "disk:P10:LRS",
        "disk:P15:LRS",
        "disk:P20:LRS",
        "disk:P30:LRS",
        "disk:P40:LRS",
        "disk:P4:ZRS",
        "disk:P6:ZRS",
        "disk:P10:ZRS",
        "disk:P15:ZRS",
        "disk:P20:ZRS",
        "disk:P30:ZRS",
        "disk:P40:ZRS",
        "files:premium:LRS",
        "files:premium:ZRS",
        "nat:standard",
        "ip:standard:static",
        "lb:standard:rules",
        "lb:standard:overage",
        "privatelink:endpoint",
        "dns:private-zone",
        "keyvault:rotation",
        "keyvault:hsm-key",
    ]
    assert pricing.catalog("westeurope") == pricing.catalog("eastus")


UNITS = {
    "aks": "hour",
    "vm": "hour",
    "disk": "month",
    "files": "GiB-month",
    "nat": "hour",
    "ip": "hour",
    "lb": "hour",
    "privatelink": "hour",
    "dns": "month",
    "keyvault:rotation": "rotation",
    "keyvault:hsm-key": "month",
}


def unit_of(sku: str) -> str:
    return UNITS.get(sku) or UNITS[sku.split(":")[0]]


def test_every_shipped_price_is_sourced_dated_and_in_its_keys_unit() -> None:
    def problems(price: Price) -> list[str]:
        checks = {
            "region outside facts.LOCATION": price.region in facts.LOCATION.regions,
            "key outside the catalog": price.sku in pricing.catalog(price.region),
            f"unit is not {unit_of(price.sku)}": price.unit == unit_of(price.sku),
            "negative price": price.usd >= 0,
            "source is not a GitHub or Microsoft Learn URL": price.source.startswith(
                ("https://github.com/", "https://learn.microsoft.com/")
            ),
            "date outside 2024-07-01..2026-12-02": date(2024, 7, 1) <= price.date <= TODAY,
            "no description": bool(price.description),
        }
        return [f"{price.sku}@{price.region}: {what}" for what, ok in checks.items() if not ok]

    assert len(SHIPPED) == 388
    assert [problem for price in SHIPPED for problem in problems(price)] == []


def test_the_shipped_table_holds_one_price_per_key_and_region() -> None:
    assert len({(p.sku, p.region) for p in SHIPPED}) == len(SHIPPED)


def test_the_sourced_prices_of_the_default_region() -> None:
    """eastus, as the shipped sources read it: Karpenter's on-demand table (2026-06-18) and infracost's golden
    outputs (2024-08-30 for the control plane and P10, 2026-04-03 for the public IP, 2024-07-01 for rotations)."""
    assert {(p.sku, p.usd, p.date.isoformat()) for p in SHIPPED if p.region == REGION} == {
        ("aks:free", 0.0, "2026-12-02"),
        ("aks:standard", 0.10, "2024-08-30"),
        ("vm:Standard_D2s_v5:ondemand", 0.096, "2026-06-18"),
        ("vm:Standard_D4s_v5:ondemand", 0.192, "2026-06-18"),
        ("vm:Standard_D8s_v5:ondemand", 0.384, "2026-06-18"),
        ("vm:Standard_D16s_v5:ondemand", 0.768, "2026-06-18"),
        ("disk:P10:LRS", 19.71, "2024-08-30"),
        ("ip:standard:static", 0.005, "2026-04-03"),
        ("keyvault:rotation", 1.0, "2024-07-01"),
    }
