"""The gate before `kumo up`, and what `kumo destroy` keeps: which resources hold state that must not go.

Pure data over engine steps and state records (no Pulumi import). A resource is stateful when
- its type is in its cloud's `STATEFUL_TYPES` (`components/<cloud>/traits.py`: the cluster, durable storage,
  keys), or
- it carries `protect` or `retain_on_delete` (the program marked it durable), or
- it lives under a `kumo:<cloud>:SharedStorage` component (durable data and its key).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

DESTRUCTIVE_OPS = ("delete", "replace", "create-replacement", "delete-replaced")
"""Engine step ops that end a resource's life (a replacement shows as replace + create-replacement +
delete-replaced for one URN)."""
DURABLE_COMPONENT = "SharedStorage"
"""Class name of the component (type `kumo:<cloud>:SharedStorage`) that parents durable data."""


@dataclass(frozen=True)
class Step:
    """One planned resource step, as the engine's ResourcePreEvent reports it."""

    op: str
    urn: str
    type: str
    parent: str | None = None
    protect: bool = False
    retain_on_delete: bool = False


@dataclass(frozen=True)
class Violation:
    """A destructive step on a stateful resource that nobody allowed."""

    urn: str
    type: str
    op: str
    reason: str


def stateful_types(name: str) -> tuple[str, ...]:
    """The resource types of the cloud that hold data (its registry record's)."""
    from components.clouds import cloud

    return cloud(name).stateful_types


def is_durable_component(type_: str) -> bool:
    parts = type_.split(":")
    return len(parts) == 3 and parts[0] == "kumo" and parts[2] == DURABLE_COMPONENT


def stateful_reason(
    urn: str,
    type_: str,
    protect: bool,
    retain: bool,
    parents: dict[str, str | None],
    types: dict[str, str],
    stateful: Iterable[str],
) -> str | None:
    """Why a resource is stateful, or None. `parents`/`types` map URNs of the whole plan or state."""
    if type_ in set(stateful):
        return f"{type_} is a stateful type"
    if protect:
        return "protected"
    if retain:
        return "retain_on_delete"
    parent = parents.get(urn)
    seen: set[str] = set()
    while parent and parent not in seen:
        seen.add(parent)
        if is_durable_component(types.get(parent, "")):
            return f"durable data under {types[parent]}"
        parent = parents.get(parent)
    return None


def violations(steps: list[Step], stateful: Iterable[str], allowed: Iterable[str]) -> list[Violation]:
    """Destructive steps on stateful resources whose URN is not in `allowed` (one per URN)."""
    stateful = tuple(stateful)
    allowed_set = set(allowed)
    parents = {s.urn: s.parent for s in steps}
    types = {s.urn: s.type for s in steps}
    flags: dict[str, tuple[bool, bool]] = {}
    for s in steps:  # a URN's steps may disagree on flags (old vs new state): either counts
        protect, retain = flags.get(s.urn, (False, False))
        flags[s.urn] = (protect or s.protect, retain or s.retain_on_delete)
    found: dict[str, Violation] = {}
    for s in steps:
        if s.op not in DESTRUCTIVE_OPS or s.urn in allowed_set:
            continue
        reason = stateful_reason(s.urn, s.type, *flags[s.urn], parents, types, stateful)
        if reason is None:
            continue
        op = "replace" if s.op in ("replace", "create-replacement", "delete-replaced") else "delete"
        if s.urn not in found or op == "replace":
            found[s.urn] = Violation(s.urn, s.type, op, reason)
    return list(found.values())


def durable_resources(resources: list[dict]) -> list[dict]:
    """State records (`pulumi stack export` resources) that `kumo destroy` keeps: marked protect or
    retain_on_delete, or under a SharedStorage component at any depth. The cluster's own stateful types are
    not data: destroying the stack is meant to remove the cluster."""
    parents = {r["urn"]: r.get("parent") for r in resources}
    types = {r["urn"]: r.get("type", "") for r in resources}
    kept = []
    for r in resources:
        if not r.get("custom", True) or r.get("type", "").startswith("pulumi:providers:"):
            continue
        reason = stateful_reason(
            r["urn"], r.get("type", ""), bool(r.get("protect")), bool(r.get("retainOnDelete")), parents, types, ()
        )
        if reason is not None:
            kept.append({**r, "reason": reason})
    return kept
