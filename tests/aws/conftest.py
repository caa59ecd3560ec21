"""Fixtures for the AWS component tests: each planned spec is planned once per session (~1 s each)."""

from __future__ import annotations

import functools
import json
from typing import Any

import pytest

from components.aws import mocks
from components.offline import plan_spec
from components.records import Plan, Resource
from components.spec import parse_spec
from tests.conftest import cached_spec_plan

REGION = "us-east-1"
ZONES = ["us-east-1a", "us-east-1b", "us-east-1c"]
"""The contract's three zones (the mocks' account: use1-az6, -az1, -az2; its use1-az3 is us-east-1e)."""
DATA = "kumo:aws:DataLayer"
CLUSTER = "kumo:aws:ClusterLayer"
DEPLOYER = f"arn:aws:iam::{mocks.ACCOUNT_ID}:role/{mocks.DEPLOYER_ROLE}"
ADMINS = f"arn:aws:iam::{mocks.ACCOUNT_ID}:role/platform-admins"

# AWS-only variant: the deployer listed among the admins (must not give two access entries), an ARM
# machine-type override, the performance block tier, no version (the cloud's default), no shared storage.
EDGE_SPEC: dict[str, Any] = {
    "name": "edge",
    "network": {"cidr": "172.20.0.0/20", "zones": 2, "nat": "single"},
    "node_pools": [
        {
            "name": "system",
            "size": "small",
            "min_nodes": 1,
            "max_nodes": 2,
            "system": True,
            "machine_types": {"aws": "m7g.large"},
        },
        {
            "name": "spot",
            "size": "large",
            "min_nodes": 0,
            "max_nodes": 5,
            "spot": True,
            "taints": [{"key": "dedicated", "effect": "NoExecute"}],
        },
    ],
    "storage": {"block": {"tier": "performance"}},
    "aws": {"admin_role_arns": [DEPLOYER, ADMINS]},
    "deletion_protection": False,
}


# AWS-only variant: a private endpoint that two operator networks reach over private routing.
PRIVATE_SPEC: dict[str, Any] = {
    "name": "private",
    "api": {"public": False, "private_access_cidrs": ["10.50.0.0/16", "192.168.10.0/24"]},
    "deletion_protection": False,
}


@functools.cache
def edge_plan() -> Plan:
    return plan_spec("aws", parse_spec(EDGE_SPEC, default_name="edge"), {"aws:region": REGION}, stack="aws-edge")


@pytest.fixture(scope="session")
def contract() -> Plan:
    """3 zones, NAT per zone, public API, 3 pools, protected shared storage, public LB with static IPs."""
    return cached_spec_plan("aws", "contract")


@pytest.fixture(scope="session")
def internal() -> Plan:
    """Private API, internal LB, unprotected shared storage, no deletion protection."""
    return cached_spec_plan("aws", "internal")


@pytest.fixture(scope="session")
def minimal() -> Plan:
    """Every default: no shared storage, no app."""
    return cached_spec_plan("aws", "minimal")


@pytest.fixture(scope="session")
def edge() -> Plan:
    return edge_plan()


@functools.cache
def private_plan() -> Plan:
    return plan_spec(
        "aws", parse_spec(PRIVATE_SPEC, default_name="private"), {"aws:region": REGION}, stack="aws-private"
    )


@pytest.fixture(scope="session")
def private() -> Plan:
    """Private endpoint with private_access_cidrs; every other default."""
    return private_plan()


def named(plan: Plan, type_: str) -> dict[str, Resource]:
    """Resources of one type by name."""
    return {r.name: r for r in plan.of_type(type_)}


def policy(resource: Resource, key: str = "policy") -> dict[str, Any]:
    """A JSON policy document input, parsed."""
    return json.loads(resource.inputs[key])


def component(plan: Plan, type_: str = CLUSTER) -> Resource:
    """A layer's component (the cluster layer's unless told)."""
    return plan.one(type_)
