"""`refresh` against Cloud Billing Catalog API responses (tests/fixtures/prices/gcp/README.md says what they are):
which SKU prices which kumo key, the core + RAM arithmetic of a machine type, pagination, credentials, and the
errors that send `kumo cost --refresh` to exit 4 with a hint."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from components.cost import Price, PriceSourceError
from components.gcp import pricing, pricing_api

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "prices" / "gcp"
TODAY = date(2026, 12, 2)
API = "https://cloudbilling.googleapis.com/v1"
COMPUTE = f"{API}/services/6F81-5844-456A/skus"
PAGES: dict[tuple[str, str], str] = {
    (f"{API}/services", ""): "services.json",
    (f"{API}/services", "services-page-2"): "services_page2.json",
    (COMPUTE, ""): "compute_skus.json",
    (COMPUTE, "compute-page-2"): "compute_skus_page2.json",
    (f"{API}/services/E505-1604-58F8/skus", ""): "networking_skus.json",
    (f"{API}/services/CCD8-9BF1-090E/skus", ""): "gke_skus.json",
}


@dataclass
class FakeResponse:
    status_code: int
    body: dict[str, Any]

    def json(self) -> Any:
        return self.body


@dataclass
class RecordedApi:
    """Answers each GET with the recorded page for (url, pageToken); remembers every request."""

    status: int = 200
    calls: list[tuple[str, dict[str, str], dict[str, str]]] = field(default_factory=list)

    def __call__(self, url: str, params: Mapping[str, str], headers: Mapping[str, str]) -> FakeResponse:
        self.calls.append((url, dict(params), dict(headers)))
        if self.status != 200:
            return FakeResponse(self.status, {"error": {"code": self.status, "message": "denied"}})
        page = PAGES[(url, params.get("pageToken", ""))]
        return FakeResponse(200, json.loads((FIXTURES / page).read_text(encoding="utf-8")))


def no_token() -> str | None:
    return None


WANTED = [
    ("gce:n2-standard-8:on-demand", "us-central1"),
    ("gce:n2-standard-8:spot", "us-central1"),
    ("pd:pd-balanced", "us-central1"),
    ("pd:pd-ssd", "us-central1"),
    ("gke:cluster", "us-central1"),
    ("nat:gateway-vm", "us-central1"),
    ("lb:forwarding-rule:first-5", "us-central1"),
    ("lb:forwarding-rule:additional", "us-central1"),
    ("kms:key-version:software", "us-central1"),  # its service is not listed: left out
    ("filestore:zonal:1-9.75TiB", "us-central1"),  # no rule: left out
    ("gce:n2-standard-8:on-demand", "us-east4"),  # two core SKUs at two prices: left out
    ("gce:n2-standard-8:on-demand", "europe-west1"),  # no N2 SKU there: left out
    ("pd:pd-balanced", "europe-west1"),
]


def test_refresh_prices_each_key_from_its_sku_and_leaves_out_what_it_cannot_match() -> None:
    api = RecordedApi()
    prices = pricing_api.refresh(WANTED, TODAY, get=api, env={"KUMO_GCP_API_KEY": "k-123"}, token=no_token)
    expected = [
        ("gce:n2-standard-8:on-demand", "us-central1", "hour", 0.388472, COMPUTE),  # 8 x 0.031611 + 32 x 0.004237
        ("gce:n2-standard-8:spot", "us-central1", "hour", 0.112, COMPUTE),  # 8 x 0.01 + 32 x 0.001
        ("pd:pd-balanced", "us-central1", "GiB-month", 0.1, COMPUTE),
        ("pd:pd-ssd", "us-central1", "GiB-month", 0.17, COMPUTE),
        ("gke:cluster", "us-central1", "hour", 0.1, f"{API}/services/CCD8-9BF1-090E/skus"),
        ("nat:gateway-vm", "us-central1", "hour", 0.0014, f"{API}/services/E505-1604-58F8/skus"),
        ("lb:forwarding-rule:first-5", "us-central1", "hour", 0.025, COMPUTE),
        ("lb:forwarding-rule:additional", "us-central1", "hour", 0.01, COMPUTE),
        ("pd:pd-balanced", "europe-west1", "GiB-month", 0.1, COMPUTE),
    ]
    assert [(p.sku, p.region, p.unit, p.usd, p.source) for p in prices] == expected
    assert {p.date for p in prices} == {TODAY}
    by_key = {(p.sku, p.region): p.description for p in prices}
    assert by_key[("gce:n2-standard-8:on-demand", "us-central1")] == (
        "n2-standard-8 (8 vCPU, 32 GiB): 8 x 'N2 Instance Core running in Americas' (F1X7-0000-0001) + "
        "32 x 'N2 Instance Ram running in Americas' (F1X7-0000-0002)"
    )
    assert by_key[("pd:pd-balanced", "us-central1")] == "Balanced PD Capacity in Iowa (F1X7-0000-0010)"
    assert by_key[("gke:cluster", "us-central1")] == "Regional Kubernetes Clusters (F1X7-0000-0020)"


def test_refresh_follows_next_page_tokens_and_sends_the_api_key() -> None:
    api = RecordedApi()
    pricing_api.refresh(WANTED, TODAY, get=api, env={"KUMO_GCP_API_KEY": "k-123"}, token=no_token)
    assert [(url, params.get("pageToken")) for url, params, _ in api.calls] == [
        (f"{API}/services", None),
        (f"{API}/services", "services-page-2"),
        (COMPUTE, None),
        (COMPUTE, "compute-page-2"),
        (f"{API}/services/CCD8-9BF1-090E/skus", None),
        (f"{API}/services/E505-1604-58F8/skus", None),
    ]
    assert all(params["key"] == "k-123" and headers == {} for _, params, headers in api.calls)
    assert api.calls[2][1] == {"key": "k-123", "currencyCode": "USD", "pageSize": "5000"}


def test_the_kumo_api_key_wins_over_google_api_key_which_wins_over_a_token() -> None:
    both = {"KUMO_GCP_API_KEY": "kumo", "GOOGLE_API_KEY": "google"}
    assert pricing_api.credentials(both, no_token) == ({"key": "kumo"}, {})
    assert pricing_api.credentials({"GOOGLE_API_KEY": "google"}, lambda: "tok") == ({"key": "google"}, {})


def test_without_a_key_refresh_uses_the_gcloud_access_token() -> None:
    api = RecordedApi()
    pricing_api.refresh(WANTED[:1], TODAY, get=api, env={}, token=lambda: "ya29.token")
    assert [(sorted(params), headers) for _, params, headers in api.calls] == [
        ([], {"Authorization": "Bearer ya29.token"}),
        (["pageToken"], {"Authorization": "Bearer ya29.token"}),
        (["currencyCode", "pageSize"], {"Authorization": "Bearer ya29.token"}),
        (["currencyCode", "pageSize", "pageToken"], {"Authorization": "Bearer ya29.token"}),
    ]
    assert pricing_api.credentials({"CLOUDSDK_AUTH_ACCESS_TOKEN": "env-tok"}, no_token) == (
        {},
        {"Authorization": "Bearer env-tok"},
    )


def test_no_credentials_is_a_price_source_error_with_what_to_set() -> None:
    api = RecordedApi()
    with pytest.raises(PriceSourceError, match=r"^no credentials for the Cloud Billing Catalog API$") as raised:
        pricing_api.refresh(WANTED, TODAY, get=api, env={}, token=no_token)
    assert raised.value.hint == (
        "set KUMO_GCP_API_KEY (or GOOGLE_API_KEY) to a Google Cloud API key allowed to call the Cloud Billing "
        "API, or log in with `gcloud auth login` so that `gcloud auth print-access-token` works"
    )
    assert api.calls == []


def test_no_network_is_a_price_source_error() -> None:
    def offline(url: str, params: Mapping[str, str], headers: Mapping[str, str]) -> FakeResponse:
        raise ConnectionError("Failed to resolve 'cloudbilling.googleapis.com'")

    with pytest.raises(PriceSourceError) as raised:
        pricing_api.refresh(WANTED, TODAY, get=offline, env={"GOOGLE_API_KEY": "k"}, token=no_token)
    assert str(raised.value) == (
        "cannot reach the Cloud Billing Catalog API: the host name does not resolve (no network or no DNS)"
    )
    assert raised.value.hint.startswith("set KUMO_GCP_API_KEY")


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (403, "the Cloud Billing Catalog API refused the credentials (HTTP 403)"),
        (401, "the Cloud Billing Catalog API refused the credentials (HTTP 401)"),
        (500, "the Cloud Billing Catalog API answered HTTP 500"),
    ],
)
def test_a_refusal_is_a_price_source_error(status: int, message: str) -> None:
    with pytest.raises(PriceSourceError) as raised:
        pricing_api.refresh(WANTED, TODAY, get=RecordedApi(status=status), env={"GOOGLE_API_KEY": "k"}, token=no_token)
    assert str(raised.value) == message


def test_keys_the_api_is_not_asked_for_need_no_credentials_and_no_request() -> None:
    api = RecordedApi()
    wanted = [("filestore:zonal:1-9.75TiB", "us-central1"), ("nat:ip", "us-central1"), ("scheduler:job", "us-central1")]
    assert pricing_api.refresh(wanted, TODAY, get=api, env={}, token=no_token) == []
    assert api.calls == []


def test_the_registry_refresh_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """pricing.refresh (the CloudPricing protocol's) is pricing_api.refresh with the process environment."""
    monkeypatch.delenv("KUMO_GCP_API_KEY", raising=False)
    monkeypatch.setenv("GOOGLE_API_KEY", "from-env")
    api = RecordedApi()
    monkeypatch.setattr(pricing_api, "_requests_get", api)
    got: list[Price] = pricing.refresh([("gke:cluster", "us-central1")], TODAY)
    assert [(p.sku, p.usd) for p in got] == [("gke:cluster", 0.1)]
    assert {params["key"] for _, params, _ in api.calls} == {"from-env"}


def test_an_answer_that_is_not_json_is_a_price_source_error() -> None:
    class NotJson:
        status_code = 200

        def json(self) -> Any:
            raise ValueError("Expecting value: line 1 column 1 (char 0)")

    def proxy_page(url: str, params: Mapping[str, str], headers: Mapping[str, str]) -> NotJson:
        return NotJson()

    with pytest.raises(PriceSourceError) as raised:
        pricing_api.refresh(WANTED, TODAY, get=proxy_page, env={"GOOGLE_API_KEY": "k"}, token=no_token)
    assert str(raised.value) == (
        "the Cloud Billing Catalog API answered with no JSON: Expecting value: line 1 column 1 (char 0)"
    )
