"""`kumo cost`: the six default stacks side by side, the published schema, partial totals, `--refresh`.

The line items of each cloud against hand-computed prices are in tests/<cloud>/test_pricing.py; these tests run
the command on the repository's stacks.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from components.clouds import cloud
from components.cost import Price, PriceSourceError, read_prices, write_prices
from tests.cli.conftest import REPO

pytestmark = pytest.mark.usefixtures("result_width")

SIX = ["aws-dev", "aws-prod", "azure-dev", "azure-prod", "gcp-dev", "gcp-prod"]
AZURE_GAPS = ["dns:private-zone", "files:premium:ZRS", "lb:standard:rules", "nat:standard", "privatelink:endpoint"]
GCP_GAPS = ["filestore:zonal:1-9.75TiB", "lb:forwarding-rule:first-5"]
UNPRICED = {
    "aws-dev": [],
    "aws-prod": [],
    "azure-dev": [*AZURE_GAPS, "vm:Standard_D4s_v5:spot"],
    "azure-prod": [*AZURE_GAPS, "vm:Standard_D16s_v5:spot"],
    "gcp-dev": GCP_GAPS,
    "gcp-prod": GCP_GAPS,
}
"""What the shipped tables lack in the default regions (no stored source had them: components/<cloud>/prices.json
is built by tools/prices.py from the price APIs where a network is): those items say "no price", the totals
say they are partial. A price added to a table shrinks this list; a price lost from one grows it."""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty price cache of the test's own: the user's refreshed prices never leak in."""
    monkeypatch.setenv("KUMO_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def cost_json(repo_stacks: None, cache: Path, kumo: Any) -> dict[str, Any]:
    r = kumo("cost", "--all", "--json")
    assert r.code == 0, r
    return json.loads(r.stdout)


def test_the_six_stacks_each_have_a_range_and_prod_costs_more_than_dev(cost_json: dict[str, Any]) -> None:
    stacks = {s["stack"]: s for s in cost_json["stacks"]}
    assert list(stacks) == SIX
    assert cost_json["date"] == "2026-12-02" and cost_json["kumo_cost"] == 1
    for name, stack in stacks.items():
        assert stack["currency"] == "USD"
        assert 0 < stack["monthly"]["min"] < stack["monthly"]["max"], name  # pools scale: min < max
        assert stack["not_included"], name  # usage-based charges are listed, never dropped
        unpriced = sorted({i["sku"] for i in stack["items"] if i["no_price"]})
        assert (unpriced, stack["partial"]) == (UNPRICED[name], bool(UNPRICED[name])), name
    for env_cloud in ("aws", "azure", "gcp"):
        dev, prod = stacks[f"{env_cloud}-dev"]["monthly"], stacks[f"{env_cloud}-prod"]["monthly"]
        assert prod["min"] > dev["min"] and prod["max"] > dev["max"], env_cloud


def test_every_item_of_the_default_stacks_is_priced_sourced_and_dated(cost_json: dict[str, Any]) -> None:
    for stack in cost_json["stacks"]:
        for item in stack["items"]:
            if item["no_price"]:
                continue
            assert item["source"].startswith("https://"), item
            assert date.fromisoformat(item["price_date"]) <= date(2026, 12, 2), item
            assert item["monthly"]["min"] <= item["monthly"]["max"]


def test_the_cost_document_matches_its_published_schema(cost_json: dict[str, Any]) -> None:
    schema = json.loads((REPO / "schemas" / "cost.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    assert [e.message for e in Draft202012Validator(schema).iter_errors(cost_json)] == []
    unpriced = json.loads(json.dumps(cost_json))
    unpriced["stacks"][0]["items"][0]["monthly"] = {"min": 1, "max": 2}
    unpriced["stacks"][0]["items"][0]["no_price"] = "no price for x in y"
    assert [e.message for e in Draft202012Validator(schema).iter_errors(unpriced)] != []


def test_the_totals_are_the_sum_of_the_items(cost_json: dict[str, Any]) -> None:
    for stack in cost_json["stacks"]:
        for end in ("min", "max"):
            total = sum(i["monthly"][end] for i in stack["items"] if i["monthly"])
            assert stack["monthly"][end] == pytest.approx(total, abs=0.01 * len(stack["items"]))


def test_the_table_shows_every_stack_side_by_side_with_the_price_age(repo_stacks: None, cache: Path, kumo: Any) -> None:
    r = kumo("cost", "--all")
    assert r.code == 0, r
    assert "monthly cost (USD), side by side" in r.stdout
    for name in SIX:
        assert f"{name} (" in r.stdout
    assert "usage-based, not included:" in r.stdout
    assert "`kumo cost --refresh` reads them again" in r.stderr


def test_a_stack_is_required_and_an_unknown_one_is_bad_input(repo_stacks: None, cache: Path, kumo: Any) -> None:
    none = kumo("cost")
    assert none.code == 2 and "give stack names or --all (stacks: aws-dev, aws-prod" in none.stderr
    unknown = kumo("cost", "aws-nope")
    assert unknown.code == 2 and "aws-nope" in unknown.stderr and "Traceback" not in unknown.stderr


def test_a_region_without_prices_gives_partial_totals_and_a_warning(
    repo_stacks: None, cache: Path, kumo: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pricing = cloud("aws").pricing.load()
    shipped = [p for p in read_prices(pricing.PRICES) if p.region != "us-east-1"]
    empty = tmp_path / "aws-prices.json"
    write_prices(empty, shipped)
    monkeypatch.setattr(pricing, "PRICES", empty)
    r = kumo("cost", "aws-dev", "--json")
    assert r.code == 0, r
    [stack] = json.loads(r.stdout)["stacks"]
    assert stack["partial"] is True and stack["monthly"] == {"min": 0, "max": 0}
    assert all(i["no_price"].endswith("in us-east-1 in kumo's price table") for i in stack["items"])
    assert "warning: aws-dev: no price for" in r.stderr and "its totals are partial" in r.stderr


def test_refresh_without_the_price_list_exits_4_and_still_shows_the_estimate(
    repo_stacks: None, cache: Path, kumo: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreachable(wanted: Any, today: date) -> list[Price]:
        raise PriceSourceError("pricing.us-east-1.amazonaws.com cannot be reached", "check the network")

    monkeypatch.setattr(cloud("aws").pricing.load(), "refresh", unreachable)
    r = kumo("cost", "aws-dev", "--refresh", "--json")
    assert r.code == 4, r
    [stack] = json.loads(r.stdout)["stacks"]
    assert stack["partial"] is False and stack["monthly"]["min"] > 0  # the shipped prices, still shown
    assert "could not refresh aws's prices: pricing.us-east-1.amazonaws.com cannot be reached" in r.stderr
    assert "hint: check the network" in r.stderr


def test_refresh_caches_what_it_read_and_the_estimate_uses_it(
    repo_stacks: None, cache: Path, kumo: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    pricing = cloud("aws").pricing.load()
    read: list[list[tuple[str, str]]] = []

    plane = ("eks:cluster:standard", "us-east-1")

    def answer(wanted: Any, today: date) -> list[Price]:
        read.append(list(wanted))
        return [Price(*plane, "hour", 1.0, "https://recorded.test", today)]

    monkeypatch.setattr(pricing, "refresh", answer)
    r = kumo("cost", "aws-dev", "--refresh", "--json")
    assert r.code == 0, r
    [wanted] = read
    assert plane in wanted and len(wanted) == len(set(wanted))  # each price asked for once
    [cached] = read_prices(cache / "prices" / "aws.json")
    assert (cached.sku, cached.region, cached.usd, cached.date) == (*plane, 1.0, date(2026, 12, 2))
    [stack] = json.loads(r.stdout)["stacks"]
    [item] = [i for i in stack["items"] if (i["sku"], i["region"]) == plane]
    assert (item["unit_price"], item["monthly"], item["source"], item["price_date"]) == (
        1.0,
        {"min": 730.0, "max": 730.0},
        "https://recorded.test",
        "2026-12-02",
    )
    assert "refreshed aws: 1 of" in r.stderr


def test_plan_prints_each_stacks_range_in_the_equivalence_report(repo_stacks: None, cache: Path, kumo: Any) -> None:
    r = kumo("plan", "aws-dev", "azure-dev", "--json")
    assert r.code == 0, r
    costs = json.loads(r.stdout)["equivalence"]["costs"]
    assert list(costs) == ["dev"] and sorted(costs["dev"]) == ["aws-dev", "azure-dev"]
    assert costs["dev"]["aws-dev"]["cloud"] == "aws" and costs["dev"]["aws-dev"]["monthly"]["min"] > 0
    text = kumo("plan", "aws-dev", "azure-dev")
    assert "monthly cost (USD): `kumo cost STACK...` lists the line items" in text.stdout
