"""Shared plans for the AKS tests: each spec is planned once per session (a plan takes ~0.7 s)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from components.azure import versions
from components.offline import plan_spec
from components.records import Plan, Resource
from components.spec import parse_spec

LOCATION = "westeurope"
CONFIG = {"azure-native:location": LOCATION}
STACKS = Path(__file__).resolve().parents[2] / "stacks"
SUBSCRIPTION = "00000000-0000-4000-8000-000000000001"  # components/azure/mocks.py
TENANT = "00000000-0000-4000-8000-0000000000aa"
PROD_TAGS = {
    "env": "prod",
    "owner": "platform",
    "data-classification": "internal",
    "kumo-cluster": "prod1",
    "managed-by": "kumo",
}
"""The azure-prod stack's tags plus kumo's own: what every taggable resource of prod1 carries."""
TODAY = date(2026, 12, 1)
"""The day the plans are made for: the version facts were read on it (components/azure/facts.py)."""
KUBERNETES = "1.35"
"""The minor the AKS tests plan, in standard support on TODAY (until 2027-03-31): pinned here, not taken from
the stack files, whose version the lead moves for all three clouds at once."""


@pytest.fixture(scope="session", autouse=True)
def planned_today() -> Iterator[None]:
    """Every plan reads the version facts for TODAY, whatever the machine's date."""
    real = versions.today
    versions.today = lambda: TODAY
    yield
    versions.today = real


def stack_spec(stack: str) -> dict[str, Any]:
    """The raw kumo:cluster of a checked-in stack file, on the tests' Kubernetes minor."""
    raw = dict(yaml.safe_load((STACKS / f"Pulumi.{stack}.yaml").read_text())["config"]["kumo:cluster"])
    return {**raw, "kubernetes_version": KUBERNETES}


def plan_raw(raw: dict[str, Any], name: str) -> Plan:
    return plan_spec(cloud="azure", spec=parse_spec(raw, default_name=name), config=CONFIG)


@pytest.fixture(scope="session")
def prod_plan() -> Plan:
    """The azure-prod stack's spec: private API, 3 zones, CriticalAddonsOnly system pool, a spot pool,
    a protected 2560 GiB shared store, internal load balancer, deletion protection."""
    return plan_raw(stack_spec("azure-prod"), "prod1")


@pytest.fixture(scope="session")
def dev_plan() -> Plan:
    """The azure-dev stack's spec with a static IP: public API, 2 zones, unprotected shared store."""
    raw = stack_spec("azure-dev")
    raw["load_balancer"] = {**raw["load_balancer"], "static_ip": True}
    return plan_raw(raw, "dev1")


@pytest.fixture(scope="session")
def minimal_plan() -> Plan:
    """Every default: no shared storage, internal load balancer, the app off, deletion protection on."""
    return plan_raw({}, "min1")


def named(plan: Plan, name: str) -> Resource:
    found = [r for r in plan.resources if r.name == name]
    assert len(found) == 1, (name, [r.type for r in found])
    return found[0]


def arm(plan: Plan, name: str) -> str:
    """The mock ARM id of a resource (its id as the engine reports it)."""
    resource_id = named(plan, name).id
    assert resource_id
    return resource_id
