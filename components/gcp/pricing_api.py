"""kumo's Google Cloud prices read from the Cloud Billing Catalog API (`kumo cost --refresh`, tools/prices.py).

The API (https://cloud.google.com/billing/v1/how-tos/catalog-api) lists each service's SKUs, paginated with
`nextPageToken`: GET https://cloudbilling.googleapis.com/v1/services (the services, by displayName) and
GET https://cloudbilling.googleapis.com/v1/services/{serviceId}/skus. Each SKU has a description, a category
(resourceFamily, resourceGroup, usageType OnDemand / Preemptible), serviceRegions and pricingInfo[].
pricingExpression {usageUnit, tieredRates[{startUsageAmount, unitPrice {units, nanos}}]}.

It needs credentials: an API key ($KUMO_GCP_API_KEY, else $GOOGLE_API_KEY), else an OAuth access token
($GOOGLE_OAUTH_ACCESS_TOKEN, $CLOUDSDK_AUTH_ACCESS_TOKEN, else `gcloud auth print-access-token`). Without any, or
without network, or when the API refuses them: `PriceSourceError` with what to set.

What is read (RULES): a kumo key is priced from the one SKU of its service whose description starts with the
rule's text and that is offered in the region (serviceRegions holds it, or "global"), in the unit kumo prices it
by; a machine type is priced from two such SKUs, its family's core and RAM (vCPUs x core + GiB x RAM). A key with
no rule (the NAT address, Filestore, GKE extended support, Cloud KMS HSM versions, Cloud Scheduler jobs: their
shipped prices come from the pricing pages, pricing.py), with no matching SKU, or with several matching SKUs at
different prices is left out: nothing is guessed.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from components.cost import Price, PriceSourceError, unreachable
from components.gcp import pricing_skus as skus
from components.gcp import traits

API = "https://cloudbilling.googleapis.com/v1"

HINT = (
    "set KUMO_GCP_API_KEY (or GOOGLE_API_KEY) to a Google Cloud API key allowed to call the Cloud Billing API, "
    "or log in with `gcloud auth login` so that `gcloud auth print-access-token` works"
)

API_UNITS: dict[str, str] = {"h": "hour", "GiBy.mo": "GiB-month", "GiBy.h": "GiB-hour", "mo": "month"}
"""The API's usageUnit -> kumo's unit."""


@dataclass(frozen=True)
class Rule:
    """Which SKU prices a kumo key: its service's displayName, the start of its description, and the unit it
    must be priced in (None: the key's own unit)."""

    service: str
    prefix: str
    unit: str | None = None


RULES: dict[str, Rule] = {
    skus.GKE_CLUSTER: Rule("Kubernetes Engine", "Regional Kubernetes Clusters"),
    skus.NAT_GATEWAY_VM: Rule("Networking", "Networking Cloud Nat Gateway Uptime"),
    skus.LB_FIRST_FIVE: Rule("Compute Engine", "Network Load Balancing: Forwarding Rule Minimum"),
    skus.LB_ADDITIONAL: Rule("Compute Engine", "Network Load Balancing: Forwarding Rule Additional"),
    skus.kms_sku("SOFTWARE"): Rule("Cloud Key Management Service (KMS)", "Active software symmetric key versions"),
    skus.disk_sku("pd-balanced"): Rule("Compute Engine", "Balanced PD Capacity"),
    skus.disk_sku("pd-ssd"): Rule("Compute Engine", "SSD backed PD Capacity"),
}
"""kumo key -> the SKU that prices it (machine types: machine_rules)."""


def machine_rules(machine_type: str, spot: bool) -> tuple[Rule, Rule]:
    """The core and RAM SKUs of a predefined machine type's family: `N2 Instance Core running in ...`, and
    `Spot Preemptible N2 Instance Core running in ...` for Spot."""
    family = machine_type.split("-", 1)[0].upper()
    lead = f"{'Spot Preemptible ' if spot else ''}{family} Instance"
    return (
        Rule("Compute Engine", f"{lead} Core running in", "hour"),
        Rule("Compute Engine", f"{lead} Ram running in", "GiB-hour"),
    )


class Response(Protocol):
    """What the transport returns (a requests.Response is one)."""

    @property
    def status_code(self) -> int: ...

    def json(self) -> Any: ...


Get = Callable[[str, Mapping[str, str], Mapping[str, str]], Response]
"""GET url with query parameters and headers: the seam tests replace with recorded responses."""


def _requests_get(url: str, params: Mapping[str, str], headers: Mapping[str, str]) -> Response:
    import requests

    return requests.get(url, params=dict(params), headers=dict(headers), timeout=60)


def _gcloud_token() -> str | None:
    try:
        done = subprocess.run(
            ["gcloud", "auth", "print-access-token"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.strip() or None


def credentials(
    env: Mapping[str, str], token: Callable[[], str | None] = _gcloud_token
) -> tuple[dict[str, str], dict[str, str]]:
    """(query parameters, headers) that authenticate a request; `PriceSourceError` when there is nothing to use."""
    key = env.get("KUMO_GCP_API_KEY") or env.get("GOOGLE_API_KEY")
    if key:
        return {"key": key}, {}
    bearer = env.get("GOOGLE_OAUTH_ACCESS_TOKEN") or env.get("CLOUDSDK_AUTH_ACCESS_TOKEN") or token()
    if bearer:
        return {}, {"Authorization": f"Bearer {bearer}"}
    raise PriceSourceError("no credentials for the Cloud Billing Catalog API", HINT)


class _Client:
    def __init__(self, get: Get, params: dict[str, str], headers: dict[str, str]) -> None:
        self.get, self.params, self.headers = get, params, headers

    def pages(self, url: str, field: str, **params: str) -> list[dict[str, Any]]:
        """Every item of a paginated list (following nextPageToken)."""
        items: list[dict[str, Any]] = []
        token = ""
        while True:
            query = {**self.params, **params, **({"pageToken": token} if token else {})}
            try:
                response = self.get(url, query, self.headers)
            except OSError as error:  # requests' errors are OSErrors: no network, DNS, timeout, TLS
                raise PriceSourceError(
                    f"cannot reach the Cloud Billing Catalog API: {unreachable(error)}", HINT
                ) from error
            if response.status_code in (401, 403):
                raise PriceSourceError(
                    f"the Cloud Billing Catalog API refused the credentials (HTTP {response.status_code})", HINT
                )
            if response.status_code != 200:
                raise PriceSourceError(f"the Cloud Billing Catalog API answered HTTP {response.status_code}", HINT)
            try:
                body = response.json()
            except ValueError as error:
                raise PriceSourceError(f"the Cloud Billing Catalog API answered with no JSON: {error}", HINT) from error
            items += body.get(field) or []
            token = str(body.get("nextPageToken") or "")
            if not token:
                return items


def _rate(sku: dict[str, Any]) -> tuple[float, str] | None:
    """(price of the first tier, kumo unit) of a SKU's current pricing; None if it has no usable one."""
    infos = sku.get("pricingInfo") or []
    expression = (infos[0] if infos else {}).get("pricingExpression") or {}
    tiers = sorted(expression.get("tieredRates") or [], key=lambda t: float(t.get("startUsageAmount") or 0))
    unit = API_UNITS.get(str(expression.get("usageUnit")))
    if not tiers or unit is None:
        return None
    price = tiers[0].get("unitPrice") or {}
    return int(price.get("units") or 0) + int(price.get("nanos") or 0) / 1e9, unit


def _find(found: list[dict[str, Any]], rule: Rule, region: str, unit: str) -> dict[str, Any] | None:
    """The SKU a rule names in a region, or None when none or several (at different prices) match."""
    hits = [
        s
        for s in found
        if str(s.get("description", "")).startswith(rule.prefix)
        and (region in (s.get("serviceRegions") or []) or s.get("serviceRegions") == ["global"])
        and (rate := _rate(s)) is not None
        and rate[1] == unit
    ]
    return hits[0] if hits and len({_rate(s) for s in hits}) == 1 else None


def _rules(key: str) -> tuple[Rule, ...]:
    """The rules that price a key; () for a key the API is not asked for."""
    parts = key.split(":")
    if parts[0] == "gce" and len(parts) == 3 and parts[1] in traits.MACHINE_SHAPES:
        return machine_rules(parts[1], parts[2] == "spot")
    return (RULES[key],) if key in RULES else ()


def _price(sku: dict[str, Any]) -> float:
    rate = _rate(sku)
    assert rate is not None  # _find only returns SKUs with a rate
    return rate[0]


def refresh(
    wanted: Sequence[tuple[str, str]],
    today: date,
    *,
    get: Get | None = None,
    env: Mapping[str, str] | None = None,
    token: Callable[[], str | None] = _gcloud_token,
) -> list[Price]:
    """The prices of the wanted (key, region) pairs the API lists, read `today`; see the module docstring."""
    rules = {key: found for key, _ in wanted if (found := _rules(key))}
    if not rules:
        return []
    params, headers = credentials(os.environ if env is None else env, token)
    client = _Client(get or _requests_get, params, headers)
    services = {str(s.get("displayName")): str(s.get("serviceId")) for s in client.pages(f"{API}/services", "services")}
    needed = sorted({r.service for key_rules in rules.values() for r in key_rules})
    listed: dict[str, list[dict[str, Any]]] = {}
    for service in needed:
        if service in services:
            url = f"{API}/services/{services[service]}/skus"
            listed[service] = client.pages(url, "skus", currencyCode="USD", pageSize="5000")
    prices: list[Price] = []
    for key, region in wanted:
        if key not in rules:
            continue
        unit = skus.unit(key)
        parts = [_find(listed.get(r.service, []), r, region, r.unit or unit) for r in rules[key]]
        if any(p is None for p in parts):
            continue
        found = [p for p in parts if p is not None]
        source = f"{API}/services/{services[rules[key][0].service]}/skus"
        if key.startswith("gce:"):
            prices.append(_machine(key, region, found, source, today))
        else:
            sku = found[0]
            prices.append(
                Price(key, region, unit, _price(sku), source, today, f"{sku['description']} ({sku['skuId']})")
            )
    return prices


def _machine(key: str, region: str, found: list[dict[str, Any]], source: str, today: date) -> Price:
    machine = key.split(":")[1]
    vcpu, gib = traits.MACHINE_SHAPES[machine]
    core, ram = found
    usd = round(vcpu * _price(core) + gib * _price(ram), 9)
    text = (
        f"{machine} ({vcpu} vCPU, {gib} GiB): {vcpu} x '{core['description']}' ({core['skuId']}) + "
        f"{gib} x '{ram['description']}' ({ram['skuId']})"
    )
    return Price(key, region, "hour", usd, source, today, text)
