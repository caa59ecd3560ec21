"""Moving a single-stack environment (project `kumo`, from before layers) into its three layer stacks.

Nothing in the cloud changes: each resource's state record (id, inputs, outputs, protect, retain) is
carried over verbatim and only re-addressed. The new address of every resource comes from the offline
plan of the layered program for the same stack file: a resource is matched by its Pulumi type and name,
which the layered program kept unchanged, so the new program finds each resource where the migrated state
put it and `pulumi up` plans no replacement (what `pulumi state move` does, with the destination URNs
known in advance). Cross-layer dependencies are dropped: the layers now read each other's outputs.

Pure data (no Pulumi import): `kumo migrate` feeds it `pulumi stack export` and writes the result with
`pulumi stack import`; the tests feed it recorded states.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from components.clouds import of_type
from components.layers import LAYERS, PROJECTS

if TYPE_CHECKING:
    from components.records import Plan

STACK_TYPE = "pulumi:pulumi:Stack"
PROVIDER_PREFIX = "pulumi:providers:"


class MigrationError(ValueError):
    """A state that cannot be moved as it is; the message lists what is in the way."""


@dataclass
class Migration:
    """The three layer states, and what happened to each legacy resource."""

    deployments: dict[str, dict[str, Any]]
    """layer -> a `pulumi stack import` document ({"version": 3, "deployment": {...}})."""
    moved: dict[str, str] = field(default_factory=dict)
    """Legacy URN -> new URN (providers appear once per layer that uses them: the last one here)."""
    layer_of: dict[str, str] = field(default_factory=dict)
    """Legacy URN -> the layer it moved to."""
    dropped: list[str] = field(default_factory=list)
    """Legacy component URNs with no counterpart (components hold no cloud state; the new ones are created)."""
    forgotten: list[str] = field(default_factory=list)
    """Legacy URNs of resources kumo no longer declares whose cloud object must stay (a cloud's
    `traits.RETIRED_RESOURCES`): left out of every layer's state, so nothing deletes them."""


def retired(type_: str, name: str) -> bool:
    """Whether the resource is one its cloud's record lists as retired: no longer declared, never deleted."""
    owner = of_type(type_)
    table = owner.retired_resources if owner is not None else ()
    return any(type_ == kind and re.fullmatch(pattern, name) for kind, pattern in table)


ROOT_PREFIX = STACK_TYPE + "$"


def engine_urn(urn: str) -> str:
    """A URN as the Pulumi engine writes it. Pulumi's mock monitor prefixes the type chain of the root
    stack's children with `pulumi:pulumi:Stack$`; the engine does not (the root stack's type is left out of
    its children's URNs), and a migrated state must carry the URNs `pulumi up` will compute."""
    head, sep, rest = urn.partition("::")
    parts = rest.split("::")
    if len(parts) >= 3 and parts[1].startswith(ROOT_PREFIX):
        parts[1] = parts[1][len(ROOT_PREFIX) :]
    return head + sep + "::".join(parts)


def stack_urn(stack: str, project: str) -> str:
    return f"urn:pulumi:{stack}::{project}::{STACK_TYPE}::{project}-{stack}"


def _key(resource: Any) -> tuple[str, str]:
    return (resource.type, resource.name)


def _name(urn: str) -> str:
    return urn.rsplit("::", 1)[-1]


def _type(urn: str) -> str:
    return urn.split("::")[2].rsplit("$", 1)[-1]


def split(deployment: dict[str, Any], plans: dict[str, Plan], stack: str) -> Migration:
    """Split a legacy `pulumi stack export` document into one per layer, addressed as `plans` (the offline
    plan of each layer's program for the same stack file) registers them. `MigrationError` when a resource
    that holds cloud state has no place in the layered program."""
    body = deployment.get("deployment") or {}
    legacy = list(body.get("resources") or [])
    places: dict[tuple[str, str], list[tuple[str, Any]]] = {}
    for layer in LAYERS:
        for r in plans[layer].resources:
            places.setdefault(_key(r), []).append((layer, r))

    result = Migration(deployments={})
    records: dict[str, list[dict[str, Any]]] = {layer: [] for layer in LAYERS}
    provider_ids: dict[str, str] = {}  # legacy provider URN -> its id
    unplaced: list[str] = []
    for old in legacy:
        type_, urn = old.get("type", ""), old["urn"]
        if type_ == STACK_TYPE:
            continue
        found = places.get((type_, _name(urn)), [])
        if type_.startswith(PROVIDER_PREFIX):
            provider_ids[urn] = str(old.get("id", ""))
        elif len(found) > 1:
            raise MigrationError(
                f"{urn} matches {len(found)} resources of the layered program; cannot tell which one it is"
            )
        if not found:
            if retired(type_, _name(urn)):
                result.forgotten.append(urn)
            elif old.get("custom", True):
                unplaced.append(urn)
            else:
                result.dropped.append(urn)
            continue
        for layer, new in found:  # a provider goes to every layer that uses one of its name
            records[layer].append({**old, "urn": engine_urn(new.urn)})
            result.moved[urn] = engine_urn(new.urn)
            result.layer_of.setdefault(urn, layer)
    if unplaced:
        raise MigrationError(
            "these resources hold cloud state but have no place in the layered program "
            "(they would be deleted): " + ", ".join(unplaced)
        )

    for layer in LAYERS:
        plan = plans[layer]
        project = PROJECTS[layer]
        root = stack_urn(stack, project)
        new_by_urn = {engine_urn(r.urn): r for r in plan.resources}
        carried = {record["urn"] for record in records[layer]}
        in_layer = {old: new for old, new in result.moved.items() if new in new_by_urn}
        states: list[dict[str, Any]] = [{"urn": root, "custom": False, "type": STACK_TYPE}]
        for record in records[layer]:
            new = new_by_urn[record["urn"]]
            state = dict(record)
            state["parent"] = engine_urn(new.parent) if new.parent else root
            if new.provider:
                provider_urn = engine_urn(new.provider.rsplit("::", 1)[0])
                old_provider = str(record.get("provider", "")).rsplit("::", 1)[0]
                state["provider"] = f"{provider_urn}::{provider_ids.get(old_provider, new.provider.rsplit('::', 1)[1])}"
            else:
                state.pop("provider", None)
            state["dependencies"] = sorted({in_layer[d] for d in record.get("dependencies", []) if d in in_layer})
            state["propertyDependencies"] = {
                k: sorted({in_layer[d] for d in v if d in in_layer})
                for k, v in (record.get("propertyDependencies") or {}).items()
            }
            if record.get("deletedWith"):
                if record["deletedWith"] in in_layer:
                    state["deletedWith"] = in_layer[record["deletedWith"]]
                else:
                    state.pop("deletedWith")
            states.append(state)
        # Components of the new program that hold migrated resources but were not in the legacy state.
        for r in plan.resources:
            if not r.custom and engine_urn(r.urn) not in carried:
                states.append(
                    {
                        "urn": engine_urn(r.urn),
                        "custom": False,
                        "type": r.type,
                        "parent": engine_urn(r.parent) if r.parent else root,
                    }
                )
        document = {key: value for key, value in body.items() if key != "resources"}
        document["resources"] = ordered(states)
        result.deployments[layer] = {"version": deployment.get("version", 3), "deployment": document}
    return result


def references(state: dict[str, Any]) -> list[str]:
    """The URNs a state record needs before it: parent, provider, dependencies, deletedWith."""
    found = [
        state.get("parent") or "",
        str(state.get("provider") or "").rsplit("::", 1)[0],
        *state.get("dependencies", []),
        *(d for v in (state.get("propertyDependencies") or {}).values() for d in v),
        state.get("deletedWith") or "",
    ]
    return [urn for urn in found if urn]


def ordered(states: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """States in an order Pulumi accepts: everything a record references comes before it."""
    by_urn = {s["urn"]: s for s in states}
    done: set[str] = set()
    result: list[dict[str, Any]] = []

    def visit(urn: str, trail: tuple[str, ...]) -> None:
        if urn in done or urn not in by_urn:
            return
        if urn in trail:
            raise MigrationError(f"a reference cycle through {urn}")
        for ref in references(by_urn[urn]):
            visit(ref, (*trail, urn))
        done.add(urn)
        result.append(by_urn[urn])

    for state in states:
        visit(state["urn"], ())
    return result


def problems(deployment: dict[str, Any]) -> list[str]:
    """What Pulumi would refuse in a state: a reference to a resource that is not before it."""
    seen: set[str] = set()
    found = []
    for state in (deployment.get("deployment") or {}).get("resources", []):
        for ref in references(state):
            if ref not in seen:
                found.append(f"{state['urn']} references {ref}, which is not before it")
        seen.add(state["urn"])
    return found
