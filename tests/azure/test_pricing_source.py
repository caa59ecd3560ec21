"""The Azure Retail Prices API reader (components/azure/pricing_source.py) against the API's own answers.

The fixtures (tests/fixtures/prices/azure/, README there) are answers in the envelope the API documents
(https://learn.microsoft.com/rest/api/cost-management/retail-prices/azure-retail-prices): westeurope rows kept by
a public snapshot of the API read on 2026-08-22, and one constructed `Global` row. The transport is injected, so
no test touches the network; the no-network path runs the real transport with `requests` made to fail.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import requests

from components.azure import pricing_source
from components.azure.pricing_source import refresh
from components.cost import Price, PriceSourceError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "prices" / "azure"
TODAY = date(2026, 12, 2)
API = "https://prices.azure.com/api/retail/prices?api-version=2023-01-01-preview&$filter="
VM_QUERY = (
    API + "serviceName%20eq%20'Virtual%20Machines'%20and%20armRegionName%20eq%20'westeurope'%20and%20"
    "armSkuName%20eq%20'Standard_D16s_v5'%20and%20priceType%20eq%20'Consumption'"
)
VM_PAGE_2 = (
    "https://prices.azure.com:443/api/retail/prices?api-version=2023-01-01-preview&$filter=serviceName%20eq%20"
    "%27Virtual%20Machines%27%20and%20armRegionName%20eq%20%27westeurope%27%20and%20armSkuName%20eq%20"
    "%27Standard_D16s_v5%27%20and%20priceType%20eq%20%27Consumption%27&$skip=3"
)
DISK_QUERY = (
    API + "serviceName%20eq%20'Storage'%20and%20armRegionName%20eq%20'westeurope'%20and%20productName%20eq%20"
    "'Premium%20SSD%20Managed%20Disks'%20and%20skuName%20eq%20'P10%20LRS'%20and%20priceType%20eq%20'Consumption'"
)
FILES_QUERY = (
    API + "serviceName%20eq%20'Storage'%20and%20armRegionName%20eq%20'westeurope'%20and%20productName%20eq%20"
    "'Premium%20Files'%20and%20skuName%20eq%20'Premium%20ZRS'%20and%20priceType%20eq%20'Consumption'"
)
ENDPOINT_QUERY = (
    API + "serviceName%20eq%20'Virtual%20Network'%20and%20armRegionName%20eq%20'{}'%20and%20productName%20eq%20"
    "'Virtual%20Network%20Private%20Link'%20and%20priceType%20eq%20'Consumption'"
)


class Recorded:
    """The transport: each URL answered from its fixture, every request kept."""

    def __init__(self, answers: dict[str, str]) -> None:
        self.answers = answers
        self.asked: list[str] = []

    def __call__(self, url: str) -> dict[str, Any]:
        self.asked.append(url)
        assert url in self.answers, f"unexpected request {url}"
        return json.loads((FIXTURES / self.answers[url]).read_text(encoding="utf-8"))


def test_a_node_size_is_read_once_for_both_purchases_over_two_pages() -> None:
    get = Recorded({VM_QUERY: "vm_westeurope_D16s_v5_page1.json", VM_PAGE_2: "vm_westeurope_D16s_v5_page2.json"})
    wanted = [("vm:Standard_D16s_v5:ondemand", "westeurope"), ("vm:Standard_D16s_v5:spot", "westeurope")]
    prices = refresh(wanted, TODAY, get=get)
    # Windows rows (1.656 on-demand, 0.306029 Spot) and Low Priority (0.184) are not a Linux node's price.
    assert prices == [
        Price(
            "vm:Standard_D16s_v5:ondemand",
            "westeurope",
            "hour",
            0.92,
            VM_QUERY,
            TODAY,
            "Virtual Machines / Virtual Machines Dsv5 Series / Standard_D16s_v5 / D16s v5 (1 Hour)",
        ),
        Price(
            "vm:Standard_D16s_v5:spot",
            "westeurope",
            "hour",
            0.170016,
            VM_QUERY,
            TODAY,
            "Virtual Machines / Virtual Machines Dsv5 Series / Standard_D16s_v5 Spot / D16s v5 Spot (1 Hour)",
        ),
    ]
    assert get.asked == [VM_QUERY, VM_PAGE_2]


def test_a_premium_ssd_is_its_disk_meter_not_the_shared_disk_mount() -> None:
    get = Recorded({DISK_QUERY: "disk_westeurope_P10_LRS.json"})
    [price] = refresh([("disk:P10:LRS", "westeurope")], TODAY, get=get)
    assert (price.unit, price.usd, price.source) == ("month", 21.68, DISK_QUERY)  # not P10 LRS Disk Mount, 1.183


def test_a_premium_share_is_priced_per_provisioned_gib() -> None:
    get = Recorded({FILES_QUERY: "files_westeurope_premium_ZRS.json"})
    [price] = refresh([("files:premium:ZRS", "westeurope")], TODAY, get=get)
    # Not the snapshots (0.204) nor the burst meters of the same SKU.
    assert (price.sku, price.region, price.unit, price.usd) == ("files:premium:ZRS", "westeurope", "GiB-month", 0.24)


def test_a_private_endpoint_falls_back_to_the_global_billing_region() -> None:
    regional, global_ = ENDPOINT_QUERY.format("westeurope"), ENDPOINT_QUERY.format("Global")
    get = Recorded({regional: "privatelink_westeurope_none.json", global_: "privatelink_global.json"})
    [price] = refresh([("privatelink:endpoint", "westeurope")], TODAY, get=get)
    assert price == Price(
        "privatelink:endpoint",
        "westeurope",
        "hour",
        0.01,
        global_,
        TODAY,
        "Virtual Network / Virtual Network Private Link / Standard / Standard Private Endpoint "
        "(1 Hour, billed under 'Global')",
    )
    assert get.asked == [regional, global_]


def test_keys_the_price_list_does_not_carry_are_left_out_without_a_request() -> None:
    get = Recorded({})
    assert (
        refresh([("aks:free", "eastus"), ("vm:Standard_D4s_v5", "eastus"), ("gpu:x", "eastus")], TODAY, get=get) == []
    )
    assert get.asked == []


def test_a_meter_the_answer_lacks_is_left_out() -> None:
    get = Recorded({DISK_QUERY: "disk_westeurope_P10_LRS.json"})
    # The disk answer has no ZRS row, and the ZRS query is another URL: only LRS is asked and found.
    assert refresh([("disk:P10:LRS", "westeurope")], TODAY, get=get)[0].usd == 21.68
    assert (
        refresh(
            [("files:premium:LRS", "westeurope")],
            TODAY,
            get=Recorded({FILES_QUERY.replace("ZRS", "LRS"): "files_westeurope_premium_ZRS.json"}),
        )
        == []
    )


def test_no_network_is_a_price_source_error_with_a_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    def unreachable(url: str, timeout: float) -> None:
        raise requests.ConnectionError("Failed to resolve 'prices.azure.com'")

    monkeypatch.setattr(requests, "get", unreachable)
    with pytest.raises(PriceSourceError) as caught:
        refresh([("vm:Standard_D4s_v5:ondemand", "eastus")], TODAY)
    assert str(caught.value) == (
        "cannot reach the Azure Retail Prices API (https://prices.azure.com/api/retail/prices): "
        "the host name does not resolve (no network or no DNS)"
    )
    assert caught.value.hint == (
        "the Azure Retail Prices API needs no credentials, only HTTPS to prices.azure.com: check the network "
        "connection and any proxy (HTTPS_PROXY), then run `kumo cost --refresh` again"
    )


class Answer:
    def __init__(self, status: int, text: str) -> None:
        self.status_code, self.text = status, text

    def json(self) -> Any:
        return json.loads(self.text)


@pytest.mark.parametrize(
    ("status", "hint_start"),
    [(503, "the Azure Retail Prices API needs no credentials"), (400, "kumo sent a request the API refuses")],
)
def test_an_error_answer_is_a_price_source_error(monkeypatch: pytest.MonkeyPatch, status: int, hint_start: str) -> None:
    monkeypatch.setattr(requests, "get", lambda url, timeout: Answer(status, '{"Error": "busy"}'))
    with pytest.raises(PriceSourceError, match=rf"answered HTTP {status} to https://prices\.azure\.com/") as caught:
        refresh([("nat:standard", "eastus")], TODAY)
    assert caught.value.hint.startswith(hint_start)


def test_a_never_ending_answer_stops(monkeypatch: pytest.MonkeyPatch) -> None:
    def endless(url: str) -> dict[str, Any]:
        return {"Items": [], "NextPageLink": url + "&$skip=1000"}

    monkeypatch.setattr(pricing_source, "MAX_PAGES", 3)
    with pytest.raises(PriceSourceError, match="kept paging past 3 pages"):
        refresh([("nat:standard", "eastus")], TODAY, get=endless)
