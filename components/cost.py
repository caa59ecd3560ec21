"""What a stack costs per month, before anything is created: line items priced from kumo's dated price table.

Each cloud's `pricing` module (components/<cloud>/pricing.py, named in its registry record) reads the offline
plan of a stack, every layer of it, and says what it would pay for: a `Charge` per priced thing (the cluster's
control plane, each pool's nodes at its minimum and maximum count, disks, NAT, public IPs, load balancers,
shared storage, backups, keys, private endpoints), in the unit its price list uses. This module looks each
charge up in the cloud's price table (shipped in the package as `prices.json`, overlaid by what `kumo cost
--refresh` cached) and adds them up. A charge with no price stays in the list with the reason, and the totals
say they are partial: nothing is dropped silently. Usage-based charges (data processed, egress, log ingestion)
are listed by each cloud as not included.

Pure data and arithmetic: no Pulumi, no cloud SDK.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from components.records import Plan, Resource

HOURS_PER_MONTH = 730
"""The month every one of the three clouds' calculators and price pages uses (8,760 hours / 12)."""

CURRENCY = "USD"


@dataclass(frozen=True)
class Span:
    """A monthly range: the least and the most a quantity or an amount can be (pools at min and max nodes)."""

    min: float
    max: float

    def __post_init__(self) -> None:
        if self.min > self.max:
            raise ValueError(f"a range's min ({self.min}) is above its max ({self.max})")

    @classmethod
    def exactly(cls, value: float) -> Span:
        return cls(value, value)

    def __add__(self, other: Span) -> Span:
        return Span(self.min + other.min, self.max + other.max)

    def times(self, factor: float) -> Span:
        return Span(self.min * factor, self.max * factor)

    def to_json(self) -> dict[str, float]:
        return {"min": round(self.min, 2), "max": round(self.max, 2)}


ZERO = Span(0.0, 0.0)


@dataclass(frozen=True)
class Price:
    """One unit price of a cloud's public price list, with where and when it was read."""

    sku: str
    """kumo's key for the priced thing, in the cloud's own words (e.g. `ec2:m7i.xlarge:on-demand`); each
    cloud's pricing module documents its keys."""
    region: str
    unit: str
    """What one `usd` buys: `hour`, `GiB-month`, `month`, ..."""
    usd: float
    source: str
    """The price list the price was read from (an API request or a published page)."""
    date: date
    """The day it was read."""
    description: str = ""
    """The price list's own name of the SKU or meter, for a reader checking it."""

    def to_json(self) -> dict[str, Any]:
        return {
            "sku": self.sku,
            "region": self.region,
            "unit": self.unit,
            "usd": self.usd,
            "source": self.source,
            "date": self.date.isoformat(),
            "description": self.description,
        }

    @classmethod
    def from_json(cls, entry: Mapping[str, Any]) -> Price:
        return cls(
            sku=str(entry["sku"]),
            region=str(entry["region"]),
            unit=str(entry["unit"]),
            usd=float(entry["usd"]),
            source=str(entry["source"]),
            date=date.fromisoformat(str(entry["date"])),
            description=str(entry.get("description", "")),
        )


@dataclass(frozen=True)
class Charge:
    """Something a stack would pay for, before its price is looked up: what a cloud's pricing module says."""

    layer: str
    """data, cluster or in-cluster: the layer whose resource costs this."""
    resource: str
    """What it is, for a reader: the resource's name and kind (`pool general: 3-12 x m7i.2xlarge`)."""
    sku: str
    region: str
    unit: str
    quantity: Span
    """How many units a month: hours for an hourly price (count x 730), GiB for a GiB-month price, ..."""
    note: str = ""
    """What a reader should know about the estimate (spot, a free tier, a price stood in for another)."""


@dataclass(frozen=True)
class Item:
    """A charge with its price, or with the reason it has none."""

    charge: Charge
    price: Price | None
    missing: str = ""
    """Why there is no price (empty when there is one)."""

    @property
    def monthly(self) -> Span | None:
        return None if self.price is None else self.charge.quantity.times(self.price.usd)

    def to_json(self) -> dict[str, Any]:
        c, p, monthly = self.charge, self.price, self.monthly
        return {
            "layer": c.layer,
            "resource": c.resource,
            "sku": c.sku,
            "region": c.region,
            "unit": c.unit,
            "unit_price": None if p is None else p.usd,
            "quantity": {"min": c.quantity.min, "max": c.quantity.max},
            "monthly": None if monthly is None else monthly.to_json(),
            "source": None if p is None else p.source,
            "price_date": None if p is None else p.date.isoformat(),
            "note": c.note,
            "no_price": self.missing or None,
        }


@dataclass(frozen=True)
class StackCost:
    """One stack's monthly estimate: every line item, the total as a range, and what is not included."""

    stack: str
    cloud: str
    region: str
    items: tuple[Item, ...]
    not_included: tuple[str, ...]

    @property
    def monthly(self) -> Span:
        total = ZERO
        for item in self.items:
            if item.monthly is not None:
                total = total + item.monthly
        return total

    @property
    def partial(self) -> bool:
        """Some item has no price: the totals leave it out and say so."""
        return any(item.price is None for item in self.items)

    def oldest_price(self) -> date | None:
        dates = [item.price.date for item in self.items if item.price is not None]
        return min(dates) if dates else None

    def to_json(self) -> dict[str, Any]:
        return {
            "stack": self.stack,
            "cloud": self.cloud,
            "region": self.region,
            "currency": CURRENCY,
            "monthly": self.monthly.to_json(),
            "partial": self.partial,
            "items": [item.to_json() for item in self.items],
            "not_included": list(self.not_included),
        }


@dataclass
class PriceTable:
    """A cloud's prices by (sku, region): the shipped table, overlaid by newer cached ones."""

    prices: dict[tuple[str, str], Price] = field(default_factory=dict)

    def add(self, prices: Iterable[Price]) -> PriceTable:
        """Each price replaces the one it names unless that one was read later."""
        for price in prices:
            key = (price.sku, price.region)
            held = self.prices.get(key)
            if held is None or held.date <= price.date:
                self.prices[key] = price
        return self

    def get(self, sku: str, region: str) -> Price | None:
        return self.prices.get((sku, region))

    def price(self, charge: Charge) -> Item:
        found = self.get(charge.sku, charge.region)
        if found is None:
            return Item(charge, None, f"no price for {charge.sku} in {charge.region} in kumo's price table")
        if found.unit != charge.unit:
            return Item(charge, None, f"the price of {charge.sku} is per {found.unit}, the charge per {charge.unit}")
        return Item(charge, found)


def read_prices(path: Path) -> list[Price]:
    """A price file: {"currency": "USD", "prices": [Price.to_json(), ...]}; an absent file holds none."""
    if not path.is_file():
        return []
    document = json.loads(path.read_text(encoding="utf-8"))
    if document.get("currency") != CURRENCY:
        raise ValueError(f"{path}: prices must be in {CURRENCY}, not {document.get('currency')!r}")
    return [Price.from_json(entry) for entry in document["prices"]]


def write_prices(path: Path, prices: Iterable[Price]) -> None:
    """Write a price file, sorted so a refreshed file differs from the old one only where prices did."""
    ordered = sorted(prices, key=lambda p: (p.sku, p.region))
    document = {"currency": CURRENCY, "prices": [p.to_json() for p in ordered]}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def cache_dir() -> Path:
    """Where `kumo cost --refresh` keeps what it read: $KUMO_CACHE_DIR, else $XDG_CACHE_HOME/kumo, else
    ~/.cache/kumo (as pip and other tools on Linux do)."""
    explicit = os.environ.get("KUMO_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kumo"


def cached_prices_path(cloud: str) -> Path:
    return cache_dir() / "prices" / f"{cloud}.json"


def price_table(shipped: Path, cloud: str) -> PriceTable:
    """The shipped table with the refreshed cache laid over it (the later reading of a price wins)."""
    return PriceTable().add(read_prices(shipped)).add(read_prices(cached_prices_path(cloud)))


def cost_of(
    stack: str, cloud: str, region: str, charges: Iterable[Charge], table: PriceTable, not_included: Iterable[str]
) -> StackCost:
    """Price every charge (in the order given) into a stack's estimate."""
    return StackCost(stack, cloud, region, tuple(table.price(c) for c in charges), tuple(not_included))


def hourly(layer: str, resource: str, sku: str, region: str, count: Span, note: str = "") -> Charge:
    """A charge for `count` things billed by the hour, all month (730 hours each)."""
    return Charge(layer, resource, sku, region, "hour", count.times(HOURS_PER_MONTH), note)


def with_note(charge: Charge, note: str) -> Charge:
    return replace(charge, note=f"{charge.note}; {note}" if charge.note else note)


_REASONS: tuple[tuple[str, str], ...] = (
    ("NameResolutionError", "the host name does not resolve (no network or no DNS)"),
    ("Failed to resolve", "the host name does not resolve (no network or no DNS)"),
    ("ProxyError", "the proxy refused the connection"),
    ("SSLError", "the TLS handshake failed"),
    ("Timeout", "the connection timed out"),
    ("timed out", "the connection timed out"),
    ("Connection refused", "the connection was refused"),
)


def unreachable(error: BaseException) -> str:
    """Why an HTTPS request to a price list failed, in a few words (a requests/urllib3 error's text runs to
    several hundred characters of pool and retry detail); the error's class when the reason is not one of these."""
    seen = f"{type(error).__name__} {error}"
    return next((reason for marker, reason in _REASONS if marker in seen), type(error).__name__)


class PriceSourceError(RuntimeError):
    """A cloud's price list could not be read (no network, no or refused credentials): `kumo cost --refresh`
    exits 4 with the hint and still shows the estimate from the prices it has."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


LOAD_BALANCER_SERVICE = "kubernetes:core/v1:Service"


def in_layer_order(resources: Iterable[Resource]) -> list[Resource]:
    """The resources layer by layer as `kumo up` applies them (data, cluster, in-cluster; any other last),
    each layer's in the order given: the order of a stack's line items."""
    from components.layers import LAYERS

    return sorted(resources, key=lambda r: LAYERS.index(r.layer) if r.layer in LAYERS else len(LAYERS))


def load_balancer_services(plan: Plan) -> list[Resource]:
    """The Services of type LoadBalancer a plan creates: each is one cloud load balancer (or one frontend
    of the cluster's shared one, on AKS), created by the cloud's controller, not by Pulumi."""
    return [
        r for r in plan.of_type(LOAD_BALANCER_SERVICE) if (r.inputs.get("spec") or {}).get("type") == "LoadBalancer"
    ]
