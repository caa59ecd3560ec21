"""The shared cost arithmetic (components/cost.py): ranges, the price table, pricing a charge, a stack's totals."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from components.cost import (
    LOAD_BALANCER_SERVICE,
    Charge,
    Item,
    Price,
    PriceTable,
    Span,
    cached_prices_path,
    cost_of,
    hourly,
    in_layer_order,
    load_balancer_services,
    price_table,
    read_prices,
    unreachable,
    with_note,
    write_prices,
)
from components.records import Plan, Resource

DAY = date(2026, 12, 1)


def price(sku: str = "cp", usd: float = 0.10, unit: str = "hour", day: date = DAY, region: str = "r1") -> Price:
    return Price(sku, region, unit, usd, "https://example.test/prices", day)


def test_a_range_adds_and_scales_both_ends() -> None:
    assert Span(1, 2) + Span(10, 20) == Span(11, 22)
    assert Span(3, 12).times(0.5) == Span(1.5, 6)
    assert Span.exactly(4) == Span(4, 4)


def test_a_range_refuses_a_min_above_its_max() -> None:
    with pytest.raises(ValueError, match=r"a range's min \(5\) is above its max \(4\)"):
        Span(5, 4)


def test_an_hourly_charge_is_730_hours_per_thing_per_month() -> None:
    charge = hourly("cluster", "pool general", "vm", "r1", Span(3, 12))
    assert (charge.unit, charge.quantity) == ("hour", Span(2190, 8760))


def test_a_priced_charge_costs_quantity_times_unit_price() -> None:
    table = PriceTable().add([price("vm", 0.4032)])
    item = table.price(hourly("cluster", "pool general", "vm", "r1", Span(3, 12)))
    assert item.monthly == Span(3 * 730 * 0.4032, 12 * 730 * 0.4032)
    assert item.to_json()["monthly"] == {"min": 883.01, "max": 3532.03}
    assert item.missing == ""


def test_a_charge_without_a_price_says_why_and_has_no_amount() -> None:
    item = PriceTable().price(hourly("cluster", "control plane", "cp", "mars-1", Span.exactly(1)))
    assert item.price is None and item.monthly is None
    assert item.missing == "no price for cp in mars-1 in kumo's price table"
    as_json = item.to_json()
    assert (as_json["unit_price"], as_json["monthly"], as_json["source"], as_json["price_date"]) == (None,) * 4
    assert as_json["no_price"] == "no price for cp in mars-1 in kumo's price table"


def test_a_price_in_another_unit_is_not_applied() -> None:
    table = PriceTable().add([price("disk", 0.08, unit="GiB-month")])
    item = table.price(hourly("cluster", "disk", "disk", "r1", Span.exactly(1)))
    assert item.missing == "the price of disk is per GiB-month, the charge per hour"


def test_the_later_reading_of_a_price_wins_whatever_the_order() -> None:
    old, new = price(usd=0.10, day=date(2026, 1, 1)), price(usd=0.12, day=date(2026, 6, 1))
    assert PriceTable().add([old, new]).get("cp", "r1") == new
    assert PriceTable().add([new, old]).get("cp", "r1") == new


def test_a_stack_adds_its_priced_items_and_says_when_it_is_partial() -> None:
    table = PriceTable().add([price("cp", 0.10), price("vm", 0.20)])
    charges = [
        hourly("cluster", "control plane", "cp", "r1", Span.exactly(1)),
        hourly("cluster", "pool a", "vm", "r1", Span(0, 10)),
        hourly("cluster", "pool b", "gpu", "r1", Span(1, 1)),
    ]
    cost = cost_of("s-prod", "aws", "r1", charges, table, ["egress"])
    assert cost.monthly == Span(73.0, 73.0 + 1460.0)
    assert cost.partial is True
    document = cost.to_json()
    assert document["monthly"] == {"min": 73.0, "max": 1533.0}
    assert (document["currency"], document["partial"], document["not_included"]) == ("USD", True, ["egress"])
    assert [i["sku"] for i in document["items"]] == ["cp", "vm", "gpu"]
    assert cost_of("s", "aws", "r1", charges[:2], table, []).partial is False


def test_the_oldest_price_of_a_stack() -> None:
    table = PriceTable().add([price("cp", day=date(2026, 3, 1)), price("vm", day=date(2026, 11, 1))])
    charges = [hourly("cluster", "a", "cp", "r1", Span.exactly(1)), hourly("cluster", "b", "vm", "r1", Span(1, 1))]
    assert cost_of("s", "aws", "r1", charges, table, []).oldest_price() == date(2026, 3, 1)


def test_notes_accumulate() -> None:
    charge = Charge("cluster", "pool", "vm", "r1", "hour", Span(1, 1), "spot")
    assert with_note(charge, "free tier").note == "spot; free tier"
    assert with_note(hourly("cluster", "pool", "vm", "r1", Span(1, 1)), "free tier").note == "free tier"


def test_a_price_file_round_trips_sorted(tmp_path: Path) -> None:
    path = tmp_path / "prices.json"
    prices = [price("vm", 0.2), price("cp", 0.1, region="r2"), price("cp", 0.1)]
    write_prices(path, prices)
    assert [(p.sku, p.region) for p in read_prices(path)] == [("cp", "r1"), ("cp", "r2"), ("vm", "r1")]
    entry = json.loads(path.read_text())["prices"][0]
    assert entry == {
        "sku": "cp",
        "region": "r1",
        "unit": "hour",
        "usd": 0.1,
        "source": "https://example.test/prices",
        "date": "2026-12-01",
        "description": "",
    }
    assert read_prices(tmp_path / "absent.json") == []


def test_a_price_file_in_another_currency_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "prices.json"
    path.write_text(json.dumps({"currency": "EUR", "prices": []}))
    with pytest.raises(ValueError, match="prices must be in USD, not 'EUR'"):
        read_prices(path)


def test_the_cache_lives_where_the_environment_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KUMO_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cached_prices_path("gcp") == tmp_path / "xdg" / "kumo" / "prices" / "gcp.json"
    monkeypatch.setenv("KUMO_CACHE_DIR", str(tmp_path / "k"))
    assert cached_prices_path("gcp") == tmp_path / "k" / "prices" / "gcp.json"


def test_the_refreshed_cache_overlays_the_shipped_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KUMO_CACHE_DIR", str(tmp_path / "cache"))
    shipped = tmp_path / "prices.json"
    write_prices(shipped, [price("cp", 0.10, day=date(2026, 1, 1)), price("vm", 0.2, day=date(2026, 1, 1))])
    write_prices(cached_prices_path("aws"), [price("cp", 0.12, day=date(2026, 12, 2))])
    table = price_table(shipped, "aws")
    assert (table.get("cp", "r1").usd, table.get("vm", "r1").usd) == (0.12, 0.2)  # type: ignore[union-attr]


def test_the_records_are_frozen() -> None:
    charge = hourly("cluster", "pool", "vm", "r1", Span(1, 2))
    records: list[Any] = [
        Span(1, 2),
        price(),
        charge,
        Item(charge, None),
        cost_of("s", "aws", "r1", [], PriceTable(), []),
    ]
    for record in records:
        with pytest.raises(dataclasses.FrozenInstanceError):
            record.note = "changed"


def test_a_price_read_the_same_day_replaces_the_one_held() -> None:
    """A refresh on the day a shipped price was read still wins: the cache is laid over the shipped table."""
    assert PriceTable().add([price(usd=0.10), price(usd=0.12)]).get("cp", "r1") == price(usd=0.12)


def test_a_price_file_is_written_one_key_per_line_sorted(tmp_path: Path) -> None:
    path = tmp_path / "prices.json"
    write_prices(path, [price()])
    assert path.read_text() == (
        '{\n "currency": "USD",\n "prices": [\n  {\n   "date": "2026-12-01",\n   "description": "",\n'
        '   "region": "r1",\n   "sku": "cp",\n   "source": "https://example.test/prices",\n   "unit": "hour",\n'
        '   "usd": 0.1\n  }\n ]\n}\n'
    )


def test_only_services_of_type_load_balancer_are_load_balancers() -> None:
    def service(name: str, spec: dict[str, Any] | None) -> Resource:
        inputs = {"metadata": {"name": name}} | ({"spec": spec} if spec is not None else {})
        return Resource(f"urn:{name}", None, LOAD_BALANCER_SERVICE, name, None, True, None, inputs, [], {}, {})

    plan = Plan("s", "aws", {})
    plan.resources = [
        service("lb", {"type": "LoadBalancer"}),
        service("internal", {"type": "ClusterIP"}),
        service("bare", None),
        Resource(
            "urn:d",
            None,
            "kubernetes:apps/v1:Deployment",
            "lb2",
            None,
            True,
            None,
            {"spec": {"type": "LoadBalancer"}},
            [],
            {},
            {},
        ),
    ]
    assert [r.name for r in load_balancer_services(plan)] == ["lb"]


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (
            OSError("HTTPSConnectionPool(host='x'): Max retries (Caused by NameResolutionError(...))"),
            "the host name does not resolve (no network or no DNS)",
        ),
        (OSError("Failed to resolve 'prices.azure.com'"), "the host name does not resolve (no network or no DNS)"),
        (TimeoutError("read timed out"), "the connection timed out"),
        (ConnectionRefusedError("[Errno 111] Connection refused"), "the connection was refused"),
        (OSError("[SSL: CERTIFICATE_VERIFY_FAILED] (Caused by SSLError(...))"), "the TLS handshake failed"),
        (OSError("Cannot connect to proxy (Caused by ProxyError(...))"), "the proxy refused the connection"),
        (ValueError("something else"), "ValueError"),
    ],
)
def test_why_a_price_list_cannot_be_reached_in_a_few_words(error: BaseException, reason: str) -> None:
    assert unreachable(error) == reason


def test_line_items_come_layer_by_layer_in_apply_order_and_otherwise_as_given() -> None:
    def at(name: str, layer: str | None) -> Resource:
        return Resource(f"urn:{name}", None, "t", name, None, True, None, {}, [], {}, {}, layer)

    given = [at("k8s", "in-cluster"), at("odd", None), at("vpc", "data"), at("eks", "cluster"), at("key", "data")]
    assert [r.name for r in in_layer_order(given)] == ["vpc", "key", "eks", "k8s", "odd"]
