"""Mutations of a hand-built plan (tests/policy/fixtures) and one rule's result on it: the rule tests' tools."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from components.policy.engine import RuleResult, evaluate
from components.records import Resource
from tests.policy.fixtures import spec

Mutation = Callable[[list[Resource]], Any]


def put(type_: str, path: str, value: Any, name: str | None = None) -> Mutation:
    """Set (or, with value DROP, remove) an input on every matching resource."""

    def mutate(resources: list[Resource]) -> None:
        hits = [r for r in resources if r.type.endswith(type_) and (name is None or r.name == name)]
        assert hits, type_
        for r in hits:
            *parents, leaf = path.split(".")
            node: Any = r.inputs
            for key in parents:
                node = node[int(key)] if isinstance(node, list) else node.setdefault(key, {})
            if value is DROP:
                node.pop(leaf, None)
            else:
                node[leaf] = value

    return mutate


def drop(type_: str) -> Mutation:
    def mutate(resources: list[Resource]) -> None:
        before = len(resources)
        resources[:] = [r for r in resources if not r.type.endswith(type_)]
        assert len(resources) < before, type_

    return mutate


def option(type_: str, key: str, value: Any) -> Mutation:
    def mutate(resources: list[Resource]) -> None:
        for r in resources:
            if r.type.endswith(type_):
                r.options[key] = value

    return mutate


DROP = object()
AKS = "containerservice:ManagedCluster"
POOL0 = "agentPoolProfiles.0"
SVC = "core/v1:Service"
LB_AWS = "service.beta.kubernetes.io/aws-load-balancer-scheme"


def status(resources: list[Resource], cloud: str, rule_id: str, **kw: Any) -> RuleResult:
    """One rule's result on `resources` (with the fixtures' spec unless `spec=` says otherwise)."""
    return evaluate(resources, kw.pop("spec", spec()), cloud=cloud, only=[rule_id], **kw).results[0]
