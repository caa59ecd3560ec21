"""Shared plans for the GKE tests: each spec is planned once per session (a plan takes ~0.7 s)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from components.offline import plan_spec
from components.records import Plan
from components.spec import parse_spec
from tests.conftest import cached_spec_plan

CONFIG = {"gcp:project": "kumo-test", "gcp:region": "europe-west1"}
STACKS = Path(__file__).resolve().parents[2] / "stacks"


def stack_spec(stack: str) -> dict[str, Any]:
    """The raw kumo:cluster of a checked-in stack file."""
    return dict(yaml.safe_load((STACKS / f"Pulumi.{stack}.yaml").read_text())["config"]["kumo:cluster"])


def plan_raw(raw: dict[str, Any], name: str) -> Plan:
    return plan_spec(cloud="gcp", spec=parse_spec(raw, default_name=name), config=CONFIG)


@pytest.fixture(scope="session")
def prod_plan() -> Plan:
    """The gcp-prod stack's spec: private API, 3 zones, NAT per zone, protected 2560 GiB shared store."""
    return plan_raw(stack_spec("gcp-prod"), "prod1")


@pytest.fixture(scope="session")
def dev_plan() -> Plan:
    """The gcp-dev stack's spec with a static IP: public API, 2 zones, one NAT, unprotected store."""
    raw = stack_spec("gcp-dev")
    raw["load_balancer"] = {**raw["load_balancer"], "static_ip": True}
    return plan_raw(raw, "dev1")


@pytest.fixture(scope="session")
def minimal_plan() -> Plan:
    """Every default: no shared storage, internal load balancer, the app off."""
    return plan_raw({}, "min1")


@pytest.fixture(params=["prod_plan", "dev_plan", "contract"])
def shared_plan(request: pytest.FixtureRequest) -> Plan:
    """Every plan with a shared store: both GCP stacks' specs and the contract spec."""
    if request.param == "contract":
        return cached_spec_plan("gcp")
    plan: Plan = request.getfixturevalue(request.param)
    return plan
