"""Shared fixtures: planned stacks are expensive (~1 s each), so each is planned once per session."""

from __future__ import annotations

import functools
import signal
from typing import Any

import pytest

from components.clouds import CLOUDS
from components.offline import plan_spec, plan_stack
from components.records import Plan
from components.spec import parse_spec
from components.stackfiles import load_stack

# Started from a background job (`.ci/run &`, some CI runners), a process has SIGINT ignored, and every process
# it starts inherits that: kumo then keeps Ctrl-C ignored, as under nohup. The interruption tests stand for a
# user at a terminal, whose kumo gets the default: give this process (each xdist worker imports this file) and,
# through it, the processes the tests start, a terminal's SIGINT.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

LOCATION = {
    "aws": {"aws:region": "us-east-1"},
    "azure": {"azure-native:location": "eastus"},
    "gcp": {"gcp:project": "kumo-test", "gcp:region": "us-central1"},
}

# One spec exercising every feature: several pools (spot, labels, taints), shared storage, a public load
# balancer with a static IP and source ranges, the reference app.
CONTRACT_SPEC: dict[str, Any] = {
    "name": "contract",
    "kubernetes_version": "1.36",
    "network": {"zones": 3, "nat": "per_zone"},
    "api": {"public": True, "authorized_cidrs": ["203.0.113.0/24"]},
    "node_pools": [
        {
            "name": "system",
            "size": "medium",
            "min_nodes": 3,
            "max_nodes": 6,
            "system": True,
            "taints": [{"key": "CriticalAddonsOnly", "value": "true", "effect": "NoSchedule"}],
        },
        {
            "name": "general",
            "size": "large",
            "min_nodes": 2,
            "max_nodes": 9,
            "disk_size_gb": 200,
            "labels": {"team": "web"},
        },
        {
            "name": "batch",
            "size": "xlarge",
            "min_nodes": 0,
            "max_nodes": 12,
            "spot": True,
            "labels": {"kumo.io/workload": "batch"},
            "taints": [{"key": "kumo.io/workload", "value": "batch", "effect": "NoSchedule"}],
        },
    ],
    "storage": {"shared": {"size_gb": 2560, "protect": True, "retain_on_delete": True}},
    "load_balancer": {"scheme": "public", "source_cidrs": ["198.51.100.0/24"], "static_ip": True, "ports": [80, 443]},
    "app": {"enabled": True, "replicas": 3},
    "tags": {"env": "test"},
}


@functools.cache
def cached_spec_plan(cloud: str, variant: str = "contract") -> Plan:
    spec = parse_spec(SPEC_VARIANTS[variant], default_name=variant)
    return plan_spec(cloud, spec, LOCATION[cloud], stack=f"{cloud}-{variant}")


SPEC_VARIANTS: dict[str, dict[str, Any]] = {
    "contract": CONTRACT_SPEC,
    "internal": {
        **CONTRACT_SPEC,
        "name": "internal",
        "api": {"public": False},
        "load_balancer": {"scheme": "internal", "ports": [80]},
        "storage": {"shared": {"size_gb": 1024}},
        "deletion_protection": False,
    },
    "minimal": {"name": "minimal"},
}


@functools.cache
def cached_stack_plan(stack: str) -> Plan:
    return plan_stack(load_stack(stack))


@pytest.fixture(params=CLOUDS)
def cloud(request: pytest.FixtureRequest) -> str:
    return str(request.param)
