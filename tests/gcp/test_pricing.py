"""What a GKE stack is charged for (components/gcp/pricing.py), read from the default stacks' offline plans and
priced from the shipped table: each expectation is written out by hand from the table's unit prices."""

from __future__ import annotations

import copy
import dataclasses
from datetime import date
from typing import Any

import pytest

from components.cost import Charge, Price, PriceTable, Span, cost_of, read_prices
from components.gcp import pricing
from components.records import Plan, Resource
from components.spec import parse_spec
from tests.conftest import cached_stack_plan

TODAY = date(2026, 12, 2)
REGION = "us-central1"
SHIPPED = PriceTable().add(read_prices(pricing.PRICES))
SPEC = parse_spec({"name": "minimal"}, default_name="minimal")
"""Any spec: charges read the plan (what kumo creates), not the spec."""


def rows(charges: list[Charge]) -> list[tuple[str, str, str, float, float]]:
    return [(c.layer, c.sku, c.unit, c.quantity.min, c.quantity.max) for c in charges]


def ends(span: Span | None) -> tuple[float, float]:
    assert span is not None
    return span.min, span.max


def charges_of(plan: Plan, today: date = TODAY, region: str = REGION) -> list[Charge]:
    return pricing.charges(plan, SPEC, region, today)


def edited(stack: str, type_: str, change: dict[str, Any], name: str | None = None) -> Plan:
    """A copy of a stack's plan with inputs of its resources of one type (one name) replaced."""
    plan = copy.deepcopy(cached_stack_plan(stack))
    for r in plan.resources:
        if r.type == type_ and (name is None or r.name == name):
            r.inputs.update(copy.deepcopy(change))
    return plan


def test_the_prod_stack_is_charged_for_each_thing_it_creates_by_layer() -> None:
    assert rows(charges_of(cached_stack_plan("gcp-prod"))) == [
        ("data", "nat:ip", "hour", 730, 730),
        ("data", "nat:ip", "hour", 730, 730),
        ("data", "nat:ip", "hour", 730, 730),
        ("data", "nat:gateway-vm", "hour", 6 * 730, 28 * 730),  # 3+3+0 .. 6+12+10 nodes use the NAT
        ("data", "kms:key-version:software", "month", 1, 1),
        ("data", "kms:key-version:software", "month", 1, 1),
        ("data", "scheduler:job", "month", 1, 1),
        ("data", "filestore:zonal:1-9.75TiB", "GiB-month", 2560, 2560),
        ("data", "kms:key-version:software", "month", 1, 1),
        ("cluster", "gke:cluster", "hour", 730, 730),
        ("cluster", "gce:n2-standard-16:spot", "hour", 0, 10 * 730),
        ("cluster", "pd:pd-balanced", "GiB-month", 0, 10 * 100),
        ("cluster", "gce:n2-standard-8:on-demand", "hour", 3 * 730, 12 * 730),
        ("cluster", "pd:pd-balanced", "GiB-month", 3 * 100, 12 * 100),
        ("cluster", "gce:n2-standard-4:on-demand", "hour", 3 * 730, 6 * 730),
        ("cluster", "pd:pd-balanced", "GiB-month", 3 * 100, 6 * 100),
        ("in-cluster", "lb:forwarding-rule:first-5", "hour", 730, 730),
    ]


def test_the_prod_stack_line_items_say_what_they_are() -> None:
    by_sku = {c.sku: c for c in charges_of(cached_stack_plan("gcp-prod"))}
    assert (
        by_sku["gke:cluster"].resource == "cluster gcp-prod control plane (regional, REGULAR channel, standard support)"
    )
    assert by_sku["gke:cluster"].note == (
        "regional cluster: the GKE free tier's $74.40 monthly credit applies only to zonal and Autopilot clusters, "
        "not to this one"
    )
    assert by_sku["gce:n2-standard-16:spot"].resource == "pool batch: 0-10 x n2-standard-16 (Spot)"
    assert by_sku["nat:gateway-vm"].note == (
        "billed per VM using the gateway (the cluster's 6-28 nodes), at most 32 VMs"
    )
    assert by_sku["filestore:zonal:1-9.75TiB"].resource == "Filestore gcp-prod-shared: ZONAL, 2560 GiB"
    assert by_sku["lb:forwarding-rule:first-5"].resource == (
        "Service kumo/kumo-app: internal passthrough Network Load Balancer (TCP)"
    )


def test_the_prod_stack_priced_from_the_shipped_table() -> None:
    cost = cost_of("gcp-prod", "gcp", REGION, charges_of(cached_stack_plan("gcp-prod")), SHIPPED, [])
    monthly = {(i.charge.sku, i.charge.resource): i.monthly for i in cost.items}
    control_plane = monthly[
        ("gke:cluster", "cluster gcp-prod control plane (regional, REGULAR channel, standard support)")
    ]
    assert ends(control_plane) == pytest.approx((73.00, 73.00))  # 0.10 x 730
    general = monthly[("gce:n2-standard-8:on-demand", "pool general: 3-12 x n2-standard-8 (on-demand)")]
    assert ends(general) == pytest.approx((850.75368, 3403.01472))  # 3 and 12 x 730 x 0.388472
    batch = monthly[("gce:n2-standard-16:spot", "pool batch: 0-10 x n2-standard-16 (Spot)")]
    assert ends(batch) == pytest.approx((0.0, 3254.9824))  # 10 x 730 x 0.445888 (Spot)
    nat = monthly[("nat:gateway-vm", "Cloud NAT gateway gcp-prod-nat")]
    assert ends(nat) == pytest.approx((6.132, 28.616))  # 6 and 28 x 730 x 0.0014
    assert ends(monthly[("nat:ip", "address gcp-prod-nat-a (Cloud NAT)")]) == pytest.approx((3.65, 3.65))  # 730 x 0.005
    # Everything priced: 73 + 850.75368 + 425.37684 (system: 3 x 730 x 0.194236) + 0 (batch) + 6.132 (NAT)
    # + 10.95 (3 NAT addresses) + 60 (600 GiB of boot disks x 0.10) + 0.18 (3 keys x 0.06) + 0.10 (one job) = min;
    # 73 + 3403.01472 + 850.75368 + 3254.9824 + 28.616 + 10.95 + 280 (2800 GiB x 0.10) + 0.18 + 0.10 = max.
    assert ends(cost.monthly) == pytest.approx((1426.49252, 7901.5968))
    assert cost.partial  # the Filestore instance and the forwarding rule have no shipped price


def test_the_dev_stack_has_one_auto_allocated_nat_address_and_a_public_load_balancer() -> None:
    dev = charges_of(cached_stack_plan("gcp-dev"))
    assert rows(dev) == [
        ("data", "nat:gateway-vm", "hour", 3 * 730, 7 * 730),
        ("data", "nat:ip", "hour", 730, 730),
        ("data", "kms:key-version:software", "month", 1, 1),
        ("data", "kms:key-version:software", "month", 1, 1),
        ("data", "scheduler:job", "month", 1, 1),
        ("data", "filestore:zonal:1-9.75TiB", "GiB-month", 1024, 1024),
        ("data", "kms:key-version:software", "month", 1, 1),
        ("cluster", "gke:cluster", "hour", 730, 730),
        ("cluster", "gce:n2-standard-4:spot", "hour", 1 * 730, 4 * 730),
        ("cluster", "pd:pd-balanced", "GiB-month", 100, 400),
        ("cluster", "gce:n2-standard-2:on-demand", "hour", 2 * 730, 3 * 730),
        ("cluster", "pd:pd-balanced", "GiB-month", 200, 300),
        ("in-cluster", "lb:forwarding-rule:first-5", "hour", 730, 730),
    ]
    assert (
        dev[1].note == "Google allocates the addresses (AUTO_ONLY): 1 shown, more are added and billed as ports run out"
    )
    assert dev[-1].resource == "Service kumo/kumo-app: external passthrough Network Load Balancer (TCP)"
    cost = cost_of("gcp-dev", "gcp", REGION, dev, SHIPPED, [])
    # min: 73 + 81.37456 (1 x 730 x 0.111472 Spot) + 141.79228 (2 x 730 x 0.097118) + 3.066 (3 VMs x 730 x 0.0014)
    # + 3.65 (one NAT address) + 30 (300 GiB x 0.10) + 0.18 + 0.10;
    # max: 73 + 325.49824 + 212.68842 + 7.154 + 3.65 + 70 + 0.18 + 0.10.
    assert ends(cost.monthly) == pytest.approx((333.16284, 692.27066))


def test_prod_costs_more_than_dev_at_both_ends() -> None:
    prod = cost_of("p", "gcp", REGION, charges_of(cached_stack_plan("gcp-prod")), SHIPPED, []).monthly
    dev = cost_of("d", "gcp", REGION, charges_of(cached_stack_plan("gcp-dev")), SHIPPED, []).monthly
    assert prod.min > dev.min and prod.max > dev.max


def test_a_minor_past_standard_support_on_the_regular_channel_is_upgraded_so_the_standard_fee_is_shown() -> None:
    plan = edited("gcp-prod", "gcp:container/cluster:Cluster", {"minMasterVersion": "1.33"})
    cluster = [c for c in charges_of(plan) if c.sku.startswith("gke:")]
    assert rows(cluster) == [("cluster", "gke:cluster", "hour", 730, 730)]
    assert cluster[0].note.endswith(
        "; 1.33 left standard support on 2026-08-11: GKE upgrades a REGULAR-channel cluster then (only the Extended "
        "channel keeps a minor in extended support, for an extra fee), so the standard fee is shown"
    )
    # The same minor before its end of standard support: no note about it.
    assert rows([c for c in charges_of(plan, today=date(2026, 8, 11)) if c.sku.startswith("gke:")]) == rows(cluster)


def test_an_extended_channel_cluster_in_extended_support_pays_the_extended_fee_too() -> None:
    change = {"minMasterVersion": "1.33", "releaseChannel": {"channel": "EXTENDED"}}
    plan = edited("gcp-prod", "gcp:container/cluster:Cluster", change)
    cluster = [c for c in charges_of(plan) if c.sku.startswith("gke:")]
    assert [(c.sku, c.resource, c.quantity) for c in cluster] == [
        (
            "gke:cluster",
            "cluster gcp-prod control plane (regional, EXTENDED channel, extended support)",
            Span(730, 730),
        ),
        ("gke:extended-support", "cluster gcp-prod extended support (1.33)", Span(730, 730)),
    ]
    table = PriceTable().add(
        [
            Price("gke:cluster", REGION, "hour", 0.10, "https://example.test", TODAY),
            Price("gke:extended-support", REGION, "hour", 0.50, "https://example.test", TODAY),
        ]
    )
    assert ends(cost_of("x", "gcp", REGION, cluster, table, []).monthly) == pytest.approx((438.0, 438.0))  # 0.6 x 730
    # Before the end of standard support the Extended channel costs the standard fee only.
    standard = [c.sku for c in charges_of(plan, today=date(2026, 8, 11)) if c.sku.startswith("gke:")]
    assert standard == ["gke:cluster"]


def test_a_zonal_cluster_says_the_free_tier_credit_may_cover_it() -> None:
    plan = edited("gcp-dev", "gcp:container/cluster:Cluster", {"location": "us-central1-a"})
    cluster = next(c for c in charges_of(plan) if c.sku == "gke:cluster")
    assert cluster.resource == "cluster gcp-dev control plane (zonal, REGULAR channel, standard support)"
    assert cluster.note == (
        "the GKE free tier's $74.40 monthly credit per billing account may cover one zonal cluster (not deducted)"
    )


def test_a_spot_pool_is_priced_at_the_spot_sku_and_an_on_demand_pool_at_the_on_demand_one() -> None:
    prod = charges_of(cached_stack_plan("gcp-prod"))
    pools = {c.resource: (c.sku, c.note) for c in prod if c.sku.startswith("gce:")}
    assert pools == {
        "pool batch: 0-10 x n2-standard-16 (Spot)": (
            "gce:n2-standard-16:spot",
            "Spot price of the price list (Google changes Spot prices up to once a month)",
        ),
        "pool general: 3-12 x n2-standard-8 (on-demand)": ("gce:n2-standard-8:on-demand", ""),
        "pool system: 3-6 x n2-standard-4 (on-demand)": ("gce:n2-standard-4:on-demand", ""),
    }
    # The shipped Spot price of n2-standard-16 in us-central1 is below the on-demand one.
    spot, on_demand = (
        SHIPPED.get("gce:n2-standard-16:spot", REGION),
        SHIPPED.get("gce:n2-standard-16:on-demand", REGION),
    )
    assert spot is not None and on_demand is not None
    assert (spot.usd, on_demand.usd) == (0.445888, 0.776944)


def test_a_region_without_n2_prices_gives_items_with_the_reason() -> None:
    cost = cost_of(
        "x",
        "gcp",
        "northamerica-south1",
        charges_of(cached_stack_plan("gcp-dev"), region="northamerica-south1"),
        SHIPPED,
        [],
    )
    missing = {i.charge.sku: i.missing for i in cost.items if i.price is None}
    assert missing["gce:n2-standard-2:on-demand"] == (
        "no price for gce:n2-standard-2:on-demand in northamerica-south1 in kumo's price table"
    )
    assert sorted(missing) == [
        "filestore:zonal:1-9.75TiB",
        "gce:n2-standard-2:on-demand",
        "gce:n2-standard-4:spot",
        "lb:forwarding-rule:first-5",
    ]


def test_the_nat_gateway_is_billed_for_at_most_32_vms() -> None:
    plan = edited(
        "gcp-prod",
        "gcp:container/nodePool:NodePool",
        {"autoscaling": {"totalMinNodeCount": 3, "totalMaxNodeCount": 40}},
    )
    nat = next(c for c in charges_of(plan) if c.sku == "nat:gateway-vm")
    assert nat.quantity == Span(9 * 730, 32 * 730)  # 3 pools x 3 .. 3 x 40 = 120 VMs, billed for 32
    assert nat.note == "billed per VM using the gateway (the cluster's 9-120 nodes), at most 32 VMs"


def test_six_forwarding_rules_pay_the_minimum_and_one_additional_rule() -> None:
    plan = copy.deepcopy(cached_stack_plan("gcp-prod"))
    service = next(r for r in plan.resources if r.type == "kubernetes:core/v1:Service")
    for n in range(4):
        extra = copy.deepcopy(service)
        extra.inputs["metadata"]["name"] = f"extra-{n}"
        plan.resources.append(dataclasses.replace(extra, urn=f"{service.urn}-{n}"))
    service.inputs["spec"]["ports"].append({"protocol": "UDP", "port": 53})
    lb = [c for c in charges_of(plan) if c.sku.startswith("lb:")]
    assert [(c.sku, c.quantity) for c in lb] == [
        ("lb:forwarding-rule:first-5", Span(730, 730)),
        ("lb:forwarding-rule:additional", Span(730, 730)),
    ]
    assert lb[0].note == "5 forwarding rule(s); the first 5 forwarding rules of a project in a region share this charge"
    assert lb[1].resource == "Service kumo/extra-3: internal passthrough Network Load Balancer (TCP)"


def test_an_hsm_key_is_charged_at_the_hsm_key_version_price() -> None:
    template = {"versionTemplate": {"algorithm": "GOOGLE_SYMMETRIC_ENCRYPTION", "protectionLevel": "HSM"}}
    plan = edited("gcp-dev", "gcp:kms/cryptoKey:CryptoKey", template, name="gcp-dev-secrets")
    keys = [(c.sku, c.resource, c.note) for c in charges_of(plan) if c.sku.startswith("kms:")]
    assert keys[1] == (
        "kms:key-version:hsm",
        "Cloud KMS key secrets (HSM)",
        "one active key version; rotation every 90 days adds one (not included)",
    )
    hsm = SHIPPED.get("kms:key-version:hsm", REGION)
    assert hsm is not None and hsm.usd == 1.00


def test_plan_resources_the_estimate_does_not_know_are_not_charged() -> None:
    plan = Plan(stack="x", cloud="gcp", config={})
    plan.resources.append(
        Resource("urn:x", None, "gcp:compute/network:Network", "vpc", None, True, None, {}, [], {}, {})
    )
    assert charges_of(plan) == []
