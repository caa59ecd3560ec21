"""Azure's public price list: the Retail Prices API, read for the SKU keys of components/azure/pricing.py.

https://prices.azure.com/api/retail/prices takes an OData `$filter` (serviceName, armRegionName, armSkuName,
productName, skuName, meterName, priceType) and needs no authentication. It answers
`{"BillingCurrency", "CustomerEntityId", "CustomerEntityType", "Items": [...], "NextPageLink", "Count"}`, each
item with `currencyCode`, `retailPrice`, `unitPrice`, `armRegionName`, `armSkuName`, `productName`, `skuName`,
`meterName`, `serviceName`, `unitOfMeasure`, `type`, `tierMinimumUnits`, `effectiveStartDate`, ...; a further
page is at `NextPageLink` (https://learn.microsoft.com/rest/api/cost-management/retail-prices/azure-retail-prices,
read 2026-12-02). Filter values are case-sensitive from API version 2023-01-01-preview on.

Some meters are listed under a billing region other than the deployment region. kumo asks the deployment region
first, then `Global`, for load balancer rules and private endpoints (the Private Link meter is listed under
`Global`); Azure DNS under its billing zone (`Zone 1`, `DE Zone 1` for Germany's regions, as infracost's
`internal/resources/azure/dns_zone.go` maps them). Such a price is returned for the region asked, and its
description names the billing region it came from.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote

from components.cost import Price, PriceSourceError, unreachable

API = "https://prices.azure.com/api/retail/prices"
API_VERSION = "2023-01-01-preview"
TIMEOUT_SECONDS = 30
MAX_PAGES = 20
"""A filtered query of kumo's returns one or two pages; more means a filter matched far too much."""

Get = Callable[[str], dict[str, Any]]
"""GET a URL and return its JSON document: the transport, injectable (tests feed recorded responses)."""

Item = dict[str, Any]


@dataclass(frozen=True)
class Meter:
    """Where one SKU key's price is in the price list: a filter per billing region to try, in order, and what
    an item of the answer must be."""

    filters: tuple[tuple[str, str], ...]
    """(billing region, OData $filter) pairs, the deployment region first."""
    pick: Callable[[Item], bool]
    unit: str


def _consumption(body: str) -> str:
    return f"{body} and priceType eq 'Consumption'"


def _linux_hourly(item: Item) -> bool:
    return not str(item.get("productName", "")).endswith(" Windows") and item.get("unitOfMeasure") == "1 Hour"


def meter(sku: str, region: str) -> Meter | None:
    """The price-list location of `sku` in `region`; None for a key the list does not carry (`aks:free`: the
    Free tier has no management fee) or kumo does not know."""
    parts = sku.split(":")
    kind = parts[0]
    if kind == "vm" and len(parts) == 3:
        size, purchase = parts[1], parts[2]
        query = _consumption(
            f"serviceName eq 'Virtual Machines' and armRegionName eq '{region}' and armSkuName eq '{size}'"
        )

        def vm(item: Item) -> bool:
            name = str(item.get("meterName", ""))
            spot = name.endswith(" Spot")
            wanted = spot if purchase == "spot" else not spot and not name.endswith(" Low Priority")
            return _linux_hourly(item) and wanted

        return Meter(((region, query),), vm, "hour")
    if sku in ("aks:standard", "aks:premium"):
        name = "Standard Uptime SLA" if sku == "aks:standard" else "Standard Long Term Support"
        query = _consumption(f"serviceName eq 'Azure Kubernetes Service' and armRegionName eq '{region}'")
        return Meter(((region, query),), lambda i: i.get("meterName") == name, "hour")
    if kind == "disk" and len(parts) == 3:
        label = f"{parts[1]} {parts[2]}"
        query = _consumption(
            f"serviceName eq 'Storage' and armRegionName eq '{region}' "
            f"and productName eq 'Premium SSD Managed Disks' and skuName eq '{label}'"
        )
        return Meter(((region, query),), lambda i: i.get("meterName") == f"{label} Disk", "month")
    if kind == "files" and len(parts) == 3 and parts[1] == "premium":
        label = f"Premium {parts[2]}"
        query = _consumption(
            f"serviceName eq 'Storage' and armRegionName eq '{region}' "
            f"and productName eq 'Premium Files' and skuName eq '{label}'"
        )
        return Meter(((region, query),), lambda i: i.get("meterName") == f"{label} Provisioned", "GiB-month")
    return _network_or_keys(sku, region)


def _network_or_keys(sku: str, region: str) -> Meter | None:
    def named(name: str, sku_name: str | None = None) -> Callable[[Item], bool]:
        return lambda i: i.get("meterName") == name and (sku_name is None or i.get("skuName") == sku_name)

    def where(service: str, *regions: str, product: str | None = None) -> tuple[tuple[str, str], ...]:
        extra = f" and productName eq '{product}'" if product else ""
        return tuple(
            (r, _consumption(f"serviceName eq '{service}' and armRegionName eq '{r}'{extra}")) for r in regions
        )

    if sku == "nat:standard":
        return Meter(where("NAT Gateway", region), named("Standard Gateway"), "hour")
    if sku == "ip:standard:static":
        return Meter(
            where("Virtual Network", region, product="IP Addresses"), named("Standard IPv4 Static Public IP"), "hour"
        )
    if sku in ("lb:standard:rules", "lb:standard:overage"):
        word = "Included" if sku.endswith("rules") else "Overage"
        return Meter(
            where("Load Balancer", region, "Global"), named(f"Standard {word} LB Rules and Outbound Rules"), "hour"
        )
    if sku == "privatelink:endpoint":
        return Meter(
            where("Virtual Network", region, "Global", product="Virtual Network Private Link"),
            named("Standard Private Endpoint"),
            "hour",
        )
    if sku == "dns:private-zone":
        zone = "DE Zone 1" if region.startswith("germany") else "Zone 1"
        return Meter(where("Azure DNS", zone), named("Private Zone"), "month")
    if sku == "keyvault:rotation":
        return Meter(where("Key Vault", region), named("Secret Renewal", "Standard"), "rotation")
    if sku == "keyvault:hsm-key":
        return Meter(where("Key Vault", region), named("Premium HSM-protected RSA 2048-bit key", "Premium"), "month")
    return None


def request_url(query: str) -> str:
    """The request for one filter, as a reader can open it."""
    encoded = quote(query, safe="'=")
    return f"{API}?api-version={API_VERSION}&$filter={encoded}"


def http_get(url: str) -> dict[str, Any]:
    """The real transport: `requests`, imported here so `kumo --help` never loads it."""
    import requests

    hint = (
        "the Azure Retail Prices API needs no credentials, only HTTPS to prices.azure.com: check the network "
        "connection and any proxy (HTTPS_PROXY), then run `kumo cost --refresh` again"
    )
    try:
        response = requests.get(url, timeout=TIMEOUT_SECONDS)
    except requests.RequestException as error:
        raise PriceSourceError(
            f"cannot reach the Azure Retail Prices API ({API}): {unreachable(error)}", hint
        ) from None
    if response.status_code != 200:
        raise PriceSourceError(
            f"the Azure Retail Prices API answered HTTP {response.status_code} to {url}: {response.text[:200]}",
            hint
            if response.status_code >= 500 or response.status_code == 429
            else "kumo sent a request the API refuses: report it at kumo's issue tracker with the URL above",
        )
    try:
        document = response.json()
    except ValueError:
        raise PriceSourceError(f"the Azure Retail Prices API answered {url} with no JSON document", hint) from None
    if not isinstance(document, dict):
        raise PriceSourceError(f"the Azure Retail Prices API answered {url} with no JSON object", hint)
    return document


def items(query: str, get: Get) -> list[Item]:
    """Every item of one filter's answer, page after page (`NextPageLink`)."""
    found: list[Item] = []
    url: str | None = request_url(query)
    for _ in range(MAX_PAGES):
        if not url:
            return found
        page = get(url)
        found += [i for i in page.get("Items") or [] if i.get("currencyCode", "USD") == "USD"]
        url = page.get("NextPageLink") or None
    raise PriceSourceError(
        f"the Azure Retail Prices API kept paging past {MAX_PAGES} pages for {request_url(query)}",
        "the filter matched far more than one meter: report it at kumo's issue tracker",
    )


def _choose(candidates: list[Item]) -> Item:
    """The first tier (the lowest tierMinimumUnits) of the row that took effect last."""
    first = min(float(i.get("tierMinimumUnits") or 0) for i in candidates)
    tier = [i for i in candidates if float(i.get("tierMinimumUnits") or 0) == first]
    return max(tier, key=lambda i: str(i.get("effectiveStartDate") or ""))


def refresh(wanted: Sequence[tuple[str, str]], today: date, *, get: Get | None = None) -> list[Price]:
    """The (sku, region) prices the Retail Prices API lists, read `today`; keys it does not list are left out.
    No network or an error answer: PriceSourceError with a hint."""
    fetch = get or http_get
    answers: dict[str, list[Item]] = {}
    prices: list[Price] = []
    for sku, region in wanted:
        found = meter(sku, region)
        if found is None:
            continue
        for billing_region, query in found.filters:
            if query not in answers:
                answers[query] = items(query, fetch)
            chosen = [i for i in answers[query] if found.pick(i)]
            if chosen:
                prices.append(_price(sku, region, billing_region, found.unit, _choose(chosen), query, today))
                break
    return prices


def _price(sku: str, region: str, billing: str, unit: str, item: Item, query: str, today: date) -> Price:
    terms = [str(item.get("unitOfMeasure"))]
    if item.get("effectiveStartDate"):
        terms.append(f"effective {str(item['effectiveStartDate'])[:10]}")
    if billing != region:
        terms.append(f"billed under {billing!r}")
    names = " / ".join(str(item.get(k)) for k in ("serviceName", "productName", "skuName", "meterName"))
    usd = float(item.get("retailPrice", item.get("unitPrice", 0.0)))
    return Price(sku, region, unit, usd, request_url(query), today, f"{names} ({', '.join(terms)})")
