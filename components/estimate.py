"""A stack's monthly estimate from its offline plan, and the refresh of the prices it needs.

The shared half of `kumo cost` (components/cost.py holds the records and the arithmetic): it asks the
registry for the cloud's pricing module, never names a cloud. No Pulumi, no cloud SDK at import.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from components.clouds import cloud
from components.cost import (
    PriceSourceError,
    PriceTable,
    StackCost,
    cached_prices_path,
    cost_of,
    price_table,
    read_prices,
    write_prices,
)

if TYPE_CHECKING:
    from components.records import Plan
    from components.spec import ClusterSpec

FORMAT = 1
"""Version of the `kumo cost --json` document (docs/cost.schema.json)."""


def estimate(
    stack: str,
    cloud_name: str,
    region: str,
    plan: Plan,
    spec: ClusterSpec,
    today: date,
    table: PriceTable | None = None,
) -> StackCost:
    """Every line item of a stack (all its layers' resources) priced from the cloud's table (the shipped one
    with the refreshed cache over it, unless `table` is given)."""
    pricing = cloud(cloud_name).pricing.load()
    if table is None:
        table = price_table(pricing.PRICES, cloud_name)
    charges = pricing.charges(plan, spec, region, today)
    return cost_of(stack, cloud_name, region, charges, table, pricing.NOT_INCLUDED)


def estimates(planned: Sequence[Any], today: date) -> list[StackCost]:
    """Each planned stack's estimate (cli/plan.py `PlannedStack`: stack file, spec, plan), in the order given."""
    return [estimate(p.stack.name, p.stack.cloud, p.stack.location, p.plan, p.spec, today) for p in planned]


def environments(stacks: Iterable[dict[str, Any]]) -> dict[str, dict[str, dict[str, Any]]]:
    """Environment -> cloud -> that stack's cost entry (`StackCost.to_json`): like stacks side by side."""
    from components.equivalence import environment

    rows: dict[str, dict[str, dict[str, Any]]] = {}
    for stack in stacks:
        rows.setdefault(environment(stack["stack"], stack["cloud"]), {})[stack["cloud"]] = stack
    return rows


@dataclass(frozen=True)
class RefreshResult:
    """What `--refresh` did for one cloud: how many prices it cached, or why it could not."""

    cloud: str
    read: int
    wanted: int
    error: PriceSourceError | None = None


def wanted_prices(costs: Iterable[StackCost]) -> dict[str, list[tuple[str, str]]]:
    """Cloud -> the (sku, region) pairs its stacks charge, each once, in first-seen order."""
    found: dict[str, dict[tuple[str, str], None]] = {}
    for cost in costs:
        for item in cost.items:
            found.setdefault(cost.cloud, {})[(item.charge.sku, item.charge.region)] = None
    return {name: list(pairs) for name, pairs in found.items()}


def refresh(wanted: Mapping[str, Sequence[tuple[str, str]]], today: date) -> list[RefreshResult]:
    """Re-read each cloud's prices from its public price list and cache them with their date (the cache
    keeps every price it held; a fresher reading replaces an older one). A cloud whose list cannot be read
    keeps what it had: its result carries the error and its hint."""
    results = []
    for name, pairs in wanted.items():
        pricing = cloud(name).pricing.load()
        try:
            fresh = pricing.refresh(list(pairs), today)
        except PriceSourceError as error:
            results.append(RefreshResult(name, 0, len(pairs), error))
            continue
        path = cached_prices_path(name)
        merged = PriceTable().add(read_prices(path)).add(fresh)
        write_prices(path, merged.prices.values())
        results.append(RefreshResult(name, len(fresh), len(pairs)))
    return results


def document(costs: Sequence[StackCost], today: date) -> dict[str, object]:
    """The `kumo cost --json` document (docs/cost.schema.json)."""
    return {
        "kumo_cost": FORMAT,
        "date": today.isoformat(),
        "stacks": [cost.to_json() for cost in costs],
    }
